package org.posnet.bench.host;

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

/**
 * A bench target in its own JVM (its CPU measured from /proc apart from the load generator's):
 * started with a class path and main class, ready when it prints {@code ready port=P}, stopped with
 * {@code quit} (killed after 20 s).
 */
final class TargetProcess implements AutoCloseable {
    private final Process process;
    private final PrintStream toChild;
    private final BufferedReader fromChild;
    private final Path logConfig;
    final int port;

    private TargetProcess(Process process, Path logConfig) throws IOException {
        this.process = process;
        this.logConfig = logConfig;
        this.toChild = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.fromChild = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = lineStarting("ready port=", 60);
        if (ready == null) {
            process.destroyForcibly();
            throw new IOException("bench target did not start (see its stderr above)");
        }
        port = Integer.parseInt(ready.substring("ready port=".length()).trim());
    }

    /** Sends a command and returns the first line of the target's output that starts with {@code replyPrefix}. */
    String ask(String command, String replyPrefix) throws IOException {
        toChild.println(command);
        String reply = lineStarting(replyPrefix, 10);
        if (reply == null) {
            throw new IOException("bench target did not answer " + command + " within 10 s");
        }
        return reply;
    }

    /** The next line starting with {@code prefix} (earlier lines skipped), or null at end of output or timeout. */
    private String lineStarting(String prefix, int timeoutSeconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = fromChild.readLine()) != null; ) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }).completeOnTimeout(null, timeoutSeconds, TimeUnit.SECONDS).join();
    }

    /** @param jvmArgs the target's own JVM options, before any from {@code posnet.bench.targetJvmArgs} */
    static TargetProcess start(String classPath, List<String> jvmArgs, String mainClass, String heap, String... args)
            throws IOException {
        // WARN only: per-transaction INFO lines at tens of thousands a second would measure the logger
        Path logConfig = Files.createTempFile("host-bench-logback", ".xml");
        Files.writeString(logConfig, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<target>System.err</target><encoder><pattern>%d %level %logger{0} %msg%n</pattern></encoder></appender>"
                + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        // the heap pre-touched, as docs/host.md runs the host: without it the young collections that first copy into
        // old-generation pages page-faulted them in, 12-188 ms a pause against 5-22 ms (docs/benchmarks.md, session 6)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xms" + heap, "-XX:+UseG1GC", "-XX:+AlwaysPreTouch", "-Dlogback.configurationFile=" + logConfig));
        cmd.addAll(jvmArgs);
        // e.g. -Dposnet.bench.targetJvmArgs=-XX:StartFlightRecording=filename=/tmp/t.jfr to profile the targets
        String extra = System.getProperty("posnet.bench.targetJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new TargetProcess(p, logConfig);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            toChild.println("quit");
            toChild.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
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
