package org.posnet.bench.aaa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use by another JVM after a full collection, through {@code jcmd}: what a server really keeps for its
 * users, not the garbage it has not collected yet. For {@link AaaTarget#heapUsedBytes()} of a JVM target.
 */
public final class JvmHeap {

    // G1 and Parallel print "garbage-first heap   total 262144K, used 10240K"; Serial/ZGC similar.
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JvmHeap() {
    }

    /** Bytes used after {@code GC.run}, or -1 when jcmd is missing, the process is gone or the output is unknown. */
    public static long usedAfterFullGc(long pid) {
        try {
            if (run(pid, "GC.run") == null) {
                return -1;
            }
            String info = run(pid, "GC.heap_info");
            if (info == null) {
                return -1;
            }
            Matcher m = USED.matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? out : null;
    }
}
