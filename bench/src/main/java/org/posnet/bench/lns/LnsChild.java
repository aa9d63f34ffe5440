package org.posnet.bench.lns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.posnet.bench.aaa.JvmHeap;

/** The parent's handle on an {@link LnsProcess}: start, ask, measure its heap, stop (bounded). */
final class LnsChild implements AutoCloseable {
    private static final long START_SECONDS = 30;

    private final Process process;
    private final PrintStream toChild;
    private final BufferedReader fromChild;
    private final Path logConfig;
    private final int port;
    /** How long a graceful close may take: the LNS waits for an Accounting-Stop per call (StopDrain's bound). */
    private final long closeSeconds;

    private LnsChild(Process process, Path logConfig, int maxSessions) throws IOException {
        this.process = process;
        this.closeSeconds = 30 + maxSessions * 2L / 1000;
        this.logConfig = logConfig;
        this.toChild = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.fromChild = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = readLine(START_SECONDS);
        while (ready != null && !ready.startsWith("ready port=") && ready.startsWith("[")) {
            ready = readLine(START_SECONDS); // a JVM's own -Xlog lines (JFR's "Started recording") go to stdout
        }
        if (ready == null || !ready.startsWith("ready port=")) {
            process.destroyForcibly();
            throw new IOException("LNS child did not start: " + ready);
        }
        this.port = Integer.parseInt(ready.substring("ready port=".length()));
    }

    /** Starts an LNS JVM with {@code -Xmx heapMax} (e.g. "1g") on this JVM's class path. */
    static LnsChild start(String bind, int authPort, int acctPort, int maxTunnels, int maxSessions, String heapMax)
            throws IOException {
        // WARN only: per-call INFO lines at thousands of calls a second would measure the logger
        Path logConfig = Files.createTempFile("lns-bench-logback", ".xml");
        Files.writeString(logConfig, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<target>System.err</target><encoder><pattern>%d %level %logger{0} %msg%n</pattern></encoder></appender>"
                + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMax, "-Xms" + heapMax, "-XX:+UseG1GC", "-Dlogback.configurationFile=" + logConfig,
                "-cp", System.getProperty("java.class.path")));
        // profiling hook, e.g. -Dposnet.bench.lnsJvmArgs=-XX:StartFlightRecording=filename=/tmp/lns.jfr
        String extra = System.getProperty("posnet.bench.lnsJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(cmd.size() - 2, List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of(LnsProcess.class.getName(),
                bind, Integer.toString(authPort), Integer.toString(acctPort), Integer.toString(maxTunnels),
                Integer.toString(maxSessions)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new LnsChild(p, logConfig, maxSessions);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Calls with IPCP up, as the LNS counts them. */
    int online() throws IOException {
        toChild.println("online");
        String line = readLine(10);
        if (line == null || !line.startsWith("online ")) {
            throw new IOException("LNS child answered: " + line);
        }
        return Integer.parseInt(line.split(" ")[1]);
    }

    /** Heap the LNS keeps after a full GC, or -1 when jcmd is unavailable. */
    long heapUsedBytes() {
        return JvmHeap.usedAfterFullGc(process.pid());
    }

    private String readLine(long seconds) throws IOException {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return fromChild.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Graceful close (CDN/StopCCN, an Accounting-Stop for every call): at most 30 s plus 2 ms per
     * possible call (the LNS's own bound for the Stops), then the process is killed.
     */
    @Override
    public void close() {
        try {
            toChild.println("quit");
            toChild.close();
            if (!process.waitFor(closeSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(logConfig);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
