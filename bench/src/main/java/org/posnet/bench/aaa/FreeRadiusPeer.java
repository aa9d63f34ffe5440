package org.posnet.bench.aaa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * FreeRADIUS 3.2 from Debian as the peer under test: a throw-away configuration directory (never
 * /etc/freeradius), a users file for {@link BenchUsers}, {@code freeradius -f} as a child process, ready once
 * it answers Status-Server, stopped and cleaned up after.
 */
public final class FreeRadiusPeer implements AaaTarget {

    public static final Path DEBIAN_BINARY = Path.of("/usr/sbin/freeradius");

    /**
     * @param binary             the freeradius executable
     * @param secret             shared secret for the generator's client network
     * @param clientNetwork      where the generator sends from
     * @param workerThreads      fixed thread pool size, or 0 for none ({@code -t}); see bench/README.md for the
     *                           two-core measurement
     * @param receiveBufferBytes listen recv_buff, 0 for the kernel default as shipped
     * @param keepFiles          leave the directory (config, users, log) for a post-mortem
     */
    public record Settings(Path binary, String secret, String clientNetwork, int workerThreads,
                           int receiveBufferBytes, boolean keepFiles) {

        /**
         * Stock receive buffer (as Debian ships it) and one worker thread beside FreeRADIUS's main thread,
         * which read 38-39k auth/s here against 35k with 4 or 8 workers and 26-30k with none ({@code -t}).
         */
        public static Settings defaults() {
            return new Settings(DEBIAN_BINARY, "bench-secret", "127.0.0.0/8", 1, 0, false);
        }

        public Settings withReceiveBufferBytes(int bytes) {
            return new Settings(binary, secret, clientNetwork, workerThreads, bytes, keepFiles);
        }

        public Settings withKeepFiles(boolean keep) {
            return new Settings(binary, secret, clientNetwork, workerThreads, receiveBufferBytes, keep);
        }

        public Settings withWorkerThreads(int threads) {
            return new Settings(binary, secret, clientNetwork, threads, receiveBufferBytes, keepFiles);
        }
    }

    private final Settings settings;
    private Path dir;
    private Process process;
    private Thread reaper;
    private Duration startupTime = Duration.ZERO;
    private Duration usersFileTime = Duration.ZERO;

    public FreeRadiusPeer(Settings settings) {
        this.settings = settings;
    }

    public static boolean installed() {
        return Files.isExecutable(DEBIAN_BINARY);
    }

    @Override
    public String name() {
        return "FreeRADIUS " + version();
    }

    @Override
    public RadiusEndpoint start(BenchUsers users) throws IOException, InterruptedException {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        long begin = System.nanoTime();
        dir = Files.createTempDirectory("posnet-bench-freeradius-");
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("run"));
        int port = freeUdpPort();
        Files.writeString(dir.resolve("radiusd.conf"), new FreeRadiusConfig(dir, port, settings.secret(),
                settings.clientNetwork(), Math.max(1, settings.workerThreads()), settings.receiveBufferBytes()).render());
        FreeRadiusUsersFile.write(dir.resolve("users"), users);
        usersFileTime = Duration.ofNanos(System.nanoTime() - begin);
        // -f: stay in the foreground as our child; no -X, whose per-packet debug output would be the bottleneck.
        List<String> command = new java.util.ArrayList<>(List.of(settings.binary().toString(), "-f", "-d",
                dir.toString()));
        if (settings.workerThreads() == 0) {
            command.add("-t"); // no thread pool: the main thread reads, processes and answers every request
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/console.txt").toFile())
                .start();
        // A bench killed by a timeout must not leave a FreeRADIUS holding 2 GB behind it.
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "freeradius-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        RadiusEndpoint endpoint = new RadiusEndpoint("127.0.0.1", port, settings.secret());
        try {
            RadiusProbe.awaitAnswer(endpoint, startTimeout(users), process::isAlive);
        } catch (IOException e) {
            String log = logTail();
            stop();
            throw new IOException(e.getMessage() + "\n" + log, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        return endpoint;
    }

    /** From start() to the first answer: writing the users file plus FreeRADIUS loading it. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The part of {@link #startupTime()} spent writing the users file; the rest is FreeRADIUS loading it. */
    public Duration usersFileTime() {
        return usersFileTime;
    }

    @Override
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    @Override
    public long heapUsedBytes() {
        return -1; // C: no managed heap; the bench reports its resident set instead
    }

    @Override
    public void stop() {
        Process p = process;
        process = null;
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; it does the same
            }
            reaper = null;
        }
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        Path d = dir;
        dir = null;
        if (d != null && !settings.keepFiles()) {
            deleteTree(d);
        } else if (d != null) {
            System.err.println("FreeRADIUS files kept in " + d);
        }
    }

    // Measured here: about 15 s to load 1,000,000 users (it parses and hashes every entry), so allow 60 us a
    // user on top of a fixed margin for a slow CI machine.
    static Duration startTimeout(BenchUsers users) {
        return Duration.ofSeconds(30).plus(Duration.ofNanos(users.count() * 60_000L));
    }

    private String version() {
        try {
            Process v = new ProcessBuilder(settings.binary().toString(), "-v").redirectErrorStream(true).start();
            String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            v.waitFor(5, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Version (\\S+),").matcher(out);
            return m.find() ? m.group(1) : "3.2";
        } catch (IOException e) {
            return "(not runnable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "3.2";
        }
    }

    private String logTail() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("log/console.txt", "log/radius.log")) {
            Path f = dir.resolve(name);
            try {
                if (Files.exists(f)) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                    sb.append("--- ").append(f).append('\n');
                    lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException e) {
                sb.append("(cannot read ").append(f).append(")\n");
            }
        }
        return sb.toString();
    }

    // The kernel picks a port nobody uses; the short gap before FreeRADIUS binds it is harmless on a test box.
    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
