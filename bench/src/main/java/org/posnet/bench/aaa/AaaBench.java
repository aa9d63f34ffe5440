package org.posnet.bench.aaa;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The AAA benchmark: each target in turn is started with the same users and driven by the same generator
 * settings; the first target is the baseline every other one is compared with (FreeRADIUS, then PosNet).
 */
public final class AaaBench {

    /**
     * @param users     subscribers provisioned on every target
     * @param warmup    load before measuring (JIT, caches, thread pools)
     * @param duration  the measured phase
     * @param inFlight  requests outstanding
     * @param sockets   generator UDP sockets
     * @param threads   generator event-loop threads
     * @param timeout   an unanswered request is lost after this
     * @param sourceAddress the generator sends from here; each target must know it as a client (NAS)
     * @param markdown  where to write the result as a markdown snippet, or null
     */
    public record Options(int users, Duration warmup, Duration duration, int inFlight, int sockets, int threads,
                          Duration timeout, String sourceAddress, Path markdown) {

        public Options {
            new BenchUsers(users); // validates the count
            settings(inFlight, sockets, threads, warmup, duration, timeout, sourceAddress); // validates the rest
        }

        /** The benchmark: 1,000,000 users, 5 s warm-up, 20 s measured, 256 in flight. */
        public static Options defaults() {
            LoadSettings d = LoadSettings.defaults();
            return new Options(1_000_000, d.warmup(), d.duration(), d.inFlight(), d.sockets(), d.threads(),
                    d.timeout(), d.sourceAddress(), null);
        }

        /** Small enough for CI: 10,000 users, 1 s warm-up, 3 s measured. */
        public static Options smoke() {
            return defaults().withUsers(10_000).withPhases(Duration.ofSeconds(1), Duration.ofSeconds(3));
        }

        public LoadSettings loadSettings() {
            return settings(inFlight, sockets, threads, warmup, duration, timeout, sourceAddress);
        }

        public Options withUsers(int n) {
            return new Options(n, warmup, duration, inFlight, sockets, threads, timeout, sourceAddress, markdown);
        }

        public Options withPhases(Duration warmupPhase, Duration measuredPhase) {
            return new Options(users, warmupPhase, measuredPhase, inFlight, sockets, threads, timeout, sourceAddress,
                    markdown);
        }

        public Options withLoad(int requestsInFlight, int socketCount, int threadCount) {
            return new Options(users, warmup, duration, requestsInFlight, socketCount, threadCount, timeout,
                    sourceAddress, markdown);
        }

        public Options withSourceAddress(String address) {
            return new Options(users, warmup, duration, inFlight, sockets, threads, timeout, address, markdown);
        }

        public Options withMarkdown(Path file) {
            return new Options(users, warmup, duration, inFlight, sockets, threads, timeout, sourceAddress, file);
        }

        private static LoadSettings settings(int inFlight, int sockets, int threads, Duration warmup,
                                             Duration duration, Duration timeout, String sourceAddress) {
            return LoadSettings.defaults().withInFlight(inFlight).withSockets(sockets, threads)
                    .withPhases(warmup, duration).withTimeout(timeout).withSourceAddress(sourceAddress);
        }
    }

    /**
     * One target's run.
     *
     * @param startup        from start() to the first answer (users file or provisioning, then loading)
     * @param heapUsedBytes  as the target reports it with all users loaded, or -1
     * @param residentBytes  the server process's resident set after the run, or -1
     */
    public record TargetResult(String target, LoadResult load, Duration startup, long heapUsedBytes,
                               long residentBytes) {
    }

    /** Every target's result; the first is the baseline. */
    public record Result(Options options, List<TargetResult> targets) {

        public Result {
            targets = List.copyOf(targets);
        }

        /** auth/s of {@code target} over the baseline's. */
        public double ratio(TargetResult target) {
            return target.load().authPerSecond() / targets.get(0).load().authPerSecond();
        }

        /** The second target over the first (PosNet / FreeRADIUS), or NaN with fewer than two. */
        public double ratio() {
            return targets.size() < 2 ? Double.NaN : ratio(targets.get(1));
        }

        public long totalLost() {
            return targets.stream().mapToLong(t -> t.load().lost()).sum();
        }

        /** The result table (markdown, readable as plain text). */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append("| target | auth/s | vs ").append(targets.get(0).target())
                    .append(" | p50 µs | p99 µs | p99.9 µs | lost | bad | unexpected | UDP rcvbuf drops"
                            + " | server CPU µs/req | server CPU | generator CPU | other CPU | start s | RSS MiB | heap MiB |\n")
                    .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (TargetResult t : targets) {
                LoadResult r = t.load();
                sb.append(String.format(Locale.ROOT,
                        "| %s | %,.0f | %.2f× | %d | %d | %d | %d | %d | %d | %s | %s | %s | %.0f%% | %s | %.1f | %s | %s |%n",
                        t.target(), r.authPerSecond(), ratio(t), r.p50Micros(), r.p99Micros(), r.p999Micros(),
                        r.lost(), r.bad(), r.unexpected(), orNa(r.udpDrops().receiveBufferErrors()),
                        r.serverCpuMicrosPerRequest() < 0 ? "n/a"
                                : String.format(Locale.ROOT, "%.1f", r.serverCpuMicrosPerRequest()),
                        r.serverCpuShare() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.serverCpuShare()),
                        100 * r.generatorCpuShare(),
                        r.otherCpuShare() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.otherCpuShare()),
                        t.startup().toMillis() / 1000.0,
                        mib(t.residentBytes()), mib(t.heapUsedBytes())));
            }
            return sb.toString();
        }

        public String settingsLine() {
            LoadSettings s = options.loadSettings();
            return String.format(Locale.ROOT, "%,d users; PAP Access-Request with Message-Authenticator and"
                            + " Calling-Station-Id (IMSI), every packet distinct; %d in flight on %d UDP sockets"
                            + " (%d generator thread%s, %d KiB socket buffers); warm-up %d s, measured %d s,"
                            + " timeout %d ms (lost = no reply within it, never retried); %d cores shared by"
                            + " generator and server; CPU shares are of the whole machine.",
                    options.users(), s.inFlight(), s.sockets(), s.threads(), s.threads() == 1 ? "" : "s",
                    s.socketBufferBytes() >> 10, s.warmup().toSeconds(), s.duration().toSeconds(),
                    s.timeout().toMillis(), Runtime.getRuntime().availableProcessors());
        }

        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("### AAA: ").append(String.join(" vs ", targets.stream().map(TargetResult::target).toList()))
                    .append(" (").append(LocalDate.now()).append(")\n\n")
                    .append(settingsLine()).append(" Machine: ").append(Machine.describe()).append(".\n\n")
                    .append(table());
            if (targets.size() > 1) {
                sb.append('\n').append(String.format(Locale.ROOT, "Ratio %s / %s: **%.2f×**.%n",
                        targets.get(1).target(), targets.get(0).target(), ratio()));
            }
            sb.append("\nReproduce: `./posnet bench aaa --users ").append(options.users()).append(" --duration ")
                    .append(options.duration().toSeconds()).append("`.\n");
            return sb.toString();
        }

        private static String mib(long bytes) {
            return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", bytes >> 20);
        }

        private static String orNa(long v) {
            return v < 0 ? "n/a" : Long.toString(v);
        }
    }

    private AaaBench() {
    }

    /** Runs every target in turn, each stopped before the next starts so they never share the cores. */
    public static Result run(Options options, List<? extends AaaTarget> targets, PrintStream progress)
            throws Exception {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to benchmark");
        }
        BenchUsers users = new BenchUsers(options.users());
        List<TargetResult> results = new ArrayList<>();
        for (AaaTarget target : targets) {
            String name = target.name();
            progress.printf(Locale.ROOT, "aaa bench: starting %s with %,d users%n", name, users.count());
            try (target) {
                long begin = System.nanoTime();
                RadiusEndpoint endpoint = target.start(users);
                Duration startup = Duration.ofNanos(System.nanoTime() - begin);
                progress.printf(Locale.ROOT, "aaa bench: %s answers on %s after %.1f s%s; driving it (%s)%n",
                        name, endpoint, startup.toMillis() / 1000.0, target instanceof FreeRadiusPeer f
                                ? String.format(Locale.ROOT, " (users file %.1f s, loading %.1f s)",
                                f.usersFileTime().toMillis() / 1000.0,
                                f.startupTime().minus(f.usersFileTime()).toMillis() / 1000.0) : "",
                        options.loadSettings());
                long pid = target.pid();
                LoadResult load = new RadiusLoadGenerator(options.loadSettings())
                        .run(endpoint, users, () -> pid > 0 ? ProcessStats.cpuNanos(pid) : -1);
                long heap = target.heapUsedBytes();
                long resident = pid > 0 ? ProcessStats.residentBytes(pid) : -1;
                progress.printf("aaa bench: %s: %s%n", name, load.summary());
                results.add(new TargetResult(name, load, startup, heap, resident));
            }
        }
        Result result = new Result(options, results);
        if (options.markdown() != null) {
            Files.writeString(options.markdown(), result.markdown());
        }
        return result;
    }

    /**
     * {@code java -cp ... org.posnet.bench.aaa.AaaBench [--smoke] [--users N] [--duration S] [--warmup S]
     * [--in-flight N] [--sockets N] [--threads N] [--markdown FILE] [--freeradius-threads N]
     * [--freeradius-recv-buff BYTES] [--endpoint HOST:PORT --secret S [--pid PID]]}: FreeRADIUS, then the
     * running server at {@code --endpoint} if given. PosNet's own target is added by {@code ./posnet bench aaa}.
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.defaults();
        FreeRadiusPeer.Settings peer = FreeRadiusPeer.Settings.defaults();
        String endpoint = null;
        String secret = null;
        long pid = -1;
        boolean withFreeRadius = true;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--smoke" -> options = Options.smoke().withMarkdown(options.markdown());
                case "--users" -> options = options.withUsers(Integer.parseInt(args[++k]));
                case "--duration" -> options = options.withPhases(options.warmup(), seconds(args[++k]));
                case "--warmup" -> options = options.withPhases(seconds(args[++k]), options.duration());
                case "--in-flight" -> options = options.withLoad(Integer.parseInt(args[++k]), options.sockets(),
                        Math.min(options.threads(), options.sockets()));
                case "--sockets" -> options = options.withLoad(options.inFlight(), Integer.parseInt(args[++k]),
                        options.threads());
                case "--threads" -> options = options.withLoad(options.inFlight(), options.sockets(),
                        Integer.parseInt(args[++k]));
                case "--source" -> options = options.withSourceAddress(args[++k]);
                case "--markdown" -> options = options.withMarkdown(Path.of(args[++k]));
                case "--freeradius-threads" -> peer = peer.withWorkerThreads(Integer.parseInt(args[++k]));
                case "--freeradius-recv-buff" -> peer = peer.withReceiveBufferBytes(Integer.parseInt(args[++k]));
                case "--freeradius-keep" -> peer = peer.withKeepFiles(true);
                case "--no-freeradius" -> withFreeRadius = false;
                case "--endpoint" -> endpoint = args[++k];
                case "--secret" -> secret = args[++k];
                case "--pid" -> pid = Long.parseLong(args[++k]);
                default -> {
                    System.err.println("unknown option " + a + "; see the AaaBench javadoc or bench/README.md");
                    System.exit(2);
                }
            }
        }
        List<AaaTarget> targets = new ArrayList<>();
        if (withFreeRadius) {
            targets.add(new FreeRadiusPeer(peer));
        }
        if (endpoint != null) {
            if (secret == null) {
                System.err.println("--endpoint needs --secret");
                System.exit(2);
            }
            int colon = endpoint.lastIndexOf(':');
            targets.add(new RunningServer("server at " + endpoint,
                    new RadiusEndpoint(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)),
                            secret), pid));
        }
        Result result = run(options, targets, System.out);
        System.out.println();
        System.out.println(result.settingsLine());
        System.out.print(result.table());
        if (targets.size() > 1) {
            System.out.printf(Locale.ROOT, "ratio %s / %s = %.2f%n", result.targets().get(1).target(),
                    result.targets().get(0).target(), result.ratio());
        }
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s.replace("s", "")) * 1000));
    }
}
