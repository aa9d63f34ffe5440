package org.posnet.bench.host;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.posnet.bench.aaa.ProcessStats;
import org.posnet.sim.load.SaleLoad;

/**
 * Acquiring host bench (issue 4): durable sales with PIN and MAC per second, p50/p99, and server CPU per
 * sale, for the jPOS 2.1.10 baseline and PosNet's host, each in its own JVM, driven in the same run by
 * the same {@link SaleLoad} (one sale in flight per terminal). Prints a markdown table and the ratio.
 *
 * <p>The targets take turns over {@code rounds} (baseline then PosNet, then PosNet then baseline, ...), each
 * run in a fresh JVM: this machine's speed drifts (its two vCPUs ran a pinned loop at 1.7x different speeds
 * in one session, and runs of the same build ranged 31k-66k sales/s), so a ratio from one run of each can
 * be the machine's drift as much as the servers'. The ratio printed is over all rounds, with each round's.
 *
 * <p>With {@code rate} > 0 the load is paced instead ({@link SaleLoad}): both targets are offered the same
 * sales a second and the question is their latency at that load, timed from when each sale was due. At
 * saturation (the closed loop) the latency is mostly Little's law, terminals ÷ sales/s, so it says how far
 * the target is driven, not how fast a sale goes through it.
 */
public final class HostBench {
    /** Class of the jPOS baseline server, in bench's test classes (AGPL stays out of the app jar). */
    static final String BASELINE_MAIN = "org.posnet.bench.host.JposBaselineServer";
    /**
     * One terminal event loop for the host, as docs/host.md says to run it beside another busy process: the load
     * generator keeps one of this machine's two vCPUs busy, and two loops balanced over 200 terminals ran at
     * 50-54k sales/s and 23 µs a sale against 60k and 18 µs for one in a fast hour, and no better in a slow one
     * (docs/benchmarks.md, session 8). Until the host balanced its loops the bench got one busy loop anyway: each
     * terminal's sign-on connection took the other.
     */
    static final List<String> POSNET_JVM_ARGS = List.of("-Dio.netty.eventLoopThreads=1");

    /**
     * @param terminals     terminals, each with one sale in flight
     * @param warmupSeconds load before measuring (JIT, journal, connection set-up)
     * @param seconds       measured window per target
     * @param threads       load generator selector threads
     * @param heap          -Xmx/-Xms of each target JVM
     * @param targets       which targets run: {@code both} (the default), {@code posnet} or {@code baseline}
     * @param rounds        runs of each target, taking turns
     * @param rate          sales a second offered over all terminals, paced; 0 for the closed loop
     */
    public record Options(int terminals, int warmupSeconds, int seconds, int threads, String heap, String targets, int rounds,
            double rate) {
        public Options {
            if (!List.of("both", "posnet", "baseline").contains(targets)) {
                throw new IllegalArgumentException("targets are both, posnet or baseline, not " + targets);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate is sales a second (0 for the closed loop), not " + rate);
            }
        }

        public Options withTerminals(int n) {
            return new Options(n, warmupSeconds, seconds, threads, heap, targets, rounds, rate);
        }

        public Options withWarmup(int s) {
            return new Options(terminals, s, seconds, threads, heap, targets, rounds, rate);
        }

        public Options withSeconds(int s) {
            return new Options(terminals, warmupSeconds, s, threads, heap, targets, rounds, rate);
        }

        public Options withThreads(int n) {
            return new Options(terminals, warmupSeconds, seconds, n, heap, targets, rounds, rate);
        }

        public Options withTargets(String t) {
            return new Options(terminals, warmupSeconds, seconds, threads, heap, t, rounds, rate);
        }

        public Options withRounds(int n) {
            return new Options(terminals, warmupSeconds, seconds, threads, heap, targets, n, rate);
        }

        public Options withRate(double r) {
            return new Options(terminals, warmupSeconds, seconds, threads, heap, targets, rounds, r);
        }

        /**
         * 40 s of warm-up: on two cores saturated by the load, the C2 compiler threads get little CPU and the
         * host's larger methods (journal write, ledger save, H2) were still queued for compilation 20 s in,
         * so some runs spent 45-90 µs a sale compiling in the measured window. Compiling is not a sale's cost.
         */
        public static Options defaults() {
            // 2 GiB: the host keeps ~163 B a transaction in memory (docs/host.md "Memory"), and at ~57k
            // sales/s a run's 3.2 million sales filled 1 GiB (OutOfMemoryError near the end of one run)
            return new Options(200, 40, 20, 1, "2g", "both", 2, 0);
        }

        /** CI: seconds, still 200 terminals. */
        public static Options smoke() {
            return new Options(200, 1, 2, 1, "512m", "both", 1, 0);
        }
    }

    /**
     * One target's measured window.
     *
     * @param residence the time sales spent inside the host, by its own timer; null for the baseline, which has none
     */
    public record TargetResult(String name, SaleLoad.Report load, long serverCpuNanos, long loadGeneratorCpuNanos,
            HostResidence residence) {
        public double cpuMicrosPerSale() {
            return load.sales() == 0 ? Double.NaN : serverCpuNanos / 1e3 / load.sales();
        }

        /** The bench JVM's CPU per sale: tells whether the generator, sharing the cores, was the limit. */
        public double loadGeneratorMicrosPerSale() {
            return load.sales() == 0 ? Double.NaN : loadGeneratorCpuNanos / 1e3 / load.sales();
        }
    }

    /**
     * Each target's runs, one a round; a side is empty when only the other was asked for ({@code --target}).
     *
     * @param rate the sales a second both were offered, paced; 0 for the closed loop
     */
    public record Result(List<TargetResult> baseline, List<TargetResult> posnet, double rate) {
        public Result {
            baseline = List.copyOf(baseline);
            posnet = List.copyOf(posnet);
        }

        /** The worst p99 of a target over its rounds (paced, that is the figure a latency target is held to). */
        public static double worstP99Millis(List<TargetResult> runs) {
            return runs.stream().mapToDouble(r -> r.load().p99Millis()).max().orElse(Double.NaN);
        }

        /** PosNet's durable sales/s over the baseline's, all rounds together (every run measures the same window). */
        public double ratio() {
            return ratio(posnet, baseline);
        }

        /** Each round's ratio, in round order. */
        public List<Double> roundRatios() {
            return java.util.stream.IntStream.range(0, Math.min(baseline.size(), posnet.size()))
                    .mapToObj(i -> ratio(posnet.subList(i, i + 1), baseline.subList(i, i + 1))).toList();
        }

        public long totalErrors() {
            return Stream.concat(baseline.stream(), posnet.stream()).mapToLong(r -> r.load().errorCount()).sum();
        }

        public String table() {
            StringBuilder t = new StringBuilder();
            if (rate > 0) {
                t.append(String.format("paced: %,.0f sales/s offered, latency from when each sale was due%n%n", rate));
            }
            t.append("| target | round | sales/s | p50 | p99 | p99.9 | send lag p99 | in host p99 | server CPU / sale | load-gen CPU / sale | sales | errors |\n"
                    + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (List<TargetResult> runs : List.of(baseline, posnet)) {
                for (int i = 0; i < runs.size(); i++) {
                    TargetResult r = runs.get(i);
                    t.append(String.format("| %s | %d | %,.0f | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %s | %.1f µs | %.1f µs | %,d | %s |%n",
                            r.name(), i + 1, r.load().salesPerSecond(), r.load().p50Millis(), r.load().p99Millis(),
                            r.load().p999Millis(), r.load().sendLagP99Millis(), inHostP99(r), r.cpuMicrosPerSale(),
                            r.loadGeneratorMicrosPerSale(), r.load().sales(),
                            r.load().errorCount() == 0 ? "0" : r.load().errors().toString()));
                }
            }
            if (rate > 0 && !baseline.isEmpty() && !posnet.isEmpty()) {
                t.append(String.format("%nserver CPU per sale, all rounds: PosNet %.1f µs, baseline %.1f µs%n", cpuMicrosPerSale(posnet),
                        cpuMicrosPerSale(baseline)));
                t.append(String.format("worst p99 over the rounds at %,.0f sales/s offered: PosNet %.2f ms, baseline %.2f ms%n", rate,
                        worstP99Millis(posnet), worstP99Millis(baseline)));
            } else if (!baseline.isEmpty() && !posnet.isEmpty()) {
                t.append(String.format("%nserver CPU per sale, all rounds: PosNet %.1f µs, baseline %.1f µs%n", cpuMicrosPerSale(posnet),
                        cpuMicrosPerSale(baseline)));
                t.append(String.format("ratio PosNet / baseline (durable sales/s), all rounds: %.2f× (by round: %s)%n", ratio(),
                        String.join(", ", roundRatios().stream().map(x -> String.format("%.2f×", x)).toList())));
            }
            return t.toString();
        }

        private static String inHostP99(TargetResult r) {
            HostResidence h = r.residence();
            return h == null || h.sales() == 0 ? "—" : Double.isInfinite(h.p99UpperMillis()) ? "> 100 ms"
                    : String.format("≤ %.2f ms", h.p99UpperMillis());
        }

        private static double ratio(List<TargetResult> over, List<TargetResult> under) {
            double a = over.stream().mapToDouble(r -> r.load().salesPerSecond()).sum();
            double b = under.stream().mapToDouble(r -> r.load().salesPerSecond()).sum();
            return over.isEmpty() || b == 0 ? Double.NaN : a / b;
        }

        private static double cpuMicrosPerSale(List<TargetResult> runs) {
            long sales = runs.stream().mapToLong(r -> r.load().sales()).sum();
            return sales == 0 ? Double.NaN : runs.stream().mapToLong(TargetResult::serverCpuNanos).sum() / 1e3 / sales;
        }
    }

    private HostBench() {
    }

    public static Result run(Options o, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("posnet-bench-host");
        try {
            out.printf("host bench: %d terminals, one sale in flight each, %s, %d s warm-up + %d s per target, %d round(s)%n",
                    o.terminals(), o.rate() > 0 ? String.format("paced at %,.0f sales/s", o.rate()) : "closed loop", o.warmupSeconds(),
                    o.seconds(), o.rounds());
            List<TargetResult> baseline = new java.util.ArrayList<>();
            List<TargetResult> posnet = new java.util.ArrayList<>();
            for (int round = 1; round <= o.rounds(); round++) {
                // turns alternate, so a drift in the machine's speed does not always land on the same target
                boolean baselineFirst = round % 2 == 1;
                for (boolean baselineTurn : new boolean[] {baselineFirst, !baselineFirst}) {
                    // each run's files go when it ends: a run journals ~1.5 GB
                    Path runDir = Files.createDirectories(dir.resolve((baselineTurn ? "baseline-" : "posnet-") + round));
                    if (baselineTurn && !o.targets().equals("posnet")) {
                        baseline.add(runBaseline(o, runDir.resolve("baseline.journal"), out));
                    } else if (!baselineTurn && !o.targets().equals("baseline")) {
                        posnet.add(runPosnet(o, runDir, out));
                    }
                    deleteTree(runDir);
                }
            }
            Result r = new Result(baseline, posnet, o.rate());
            out.println();
            out.print(r.table());
            return r;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static TargetResult runBaseline(Options o, Path journal, PrintStream out) throws Exception {
        try (TargetProcess jpos = TargetProcess.start(JposClassPath.locate(), List.of(), BASELINE_MAIN, o.heap(), journal.toString(),
                Integer.toString(o.terminals()))) {
            return measure("jPOS 2.1.10 baseline (fsync group commit)", jpos, false, o, out);
        }
    }

    private static TargetResult runPosnet(Options o, Path data, PrintStream out) throws Exception {
        try (TargetProcess host = TargetProcess.start(System.getProperty("java.class.path"), POSNET_JVM_ARGS,
                HostTargetMain.class.getName(), o.heap(), data.toString(), Integer.toString(o.terminals()))) {
            return measure("PosNet host (file journal, fdatasync group commit)", host, true, o, out);
        }
    }

    /**
     * Paced, the load settles this long after the warm-up: the terminals sign on again and the schedule starts from
     * idle (a window begun at once would time the first sales against a schedule that had not settled).
     */
    private static final int SETTLE_SECONDS = 5;

    private static TargetResult measure(String name, TargetProcess target, boolean timesItself, Options o, PrintStream out)
            throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", target.port);
        SaleLoad.Plan closed = new SaleLoad.Plan(address, BenchFleet.terminals(o.terminals()), BenchFleet.cards(o.terminals()), o.threads(), 100);
        SaleLoad load = SaleLoad.start(closed);
        // the warm-up is always the closed loop, at full speed: paced at a few thousand sales a second, the targets'
        // compilers were still at work 40 s in, and a host in service has long been compiled
        Thread.sleep(o.warmupSeconds() * 1000L);
        // a warm-up ends no earlier than every terminal's second answer (cold JIT on a busy machine)
        if (!load.awaitReplies(2L * o.terminals(), java.time.Duration.ofSeconds(60))) {
            out.printf("%s: fewer than %d replies after 60 s of warm-up%n", name, 2 * o.terminals());
        }
        if (o.rate() > 0) {
            SaleLoad.Report warmup = load.stop();
            if (warmup.errorCount() > 0) {
                out.printf("%s: warm-up errors %s%n", name, warmup.errors());
            }
            load = SaleLoad.start(new SaleLoad.Plan(address, closed.terminals(), closed.cards(), o.threads(), 100, o.rate()));
            Thread.sleep(Math.min(SETTLE_SECONDS, o.warmupSeconds()) * 1000L);
        }
        long cpu0 = ProcessStats.cpuNanos(target.pid());
        long self0 = ProcessStats.selfCpuNanos();
        Map<String, Long> threads0 = ProcessStats.cpuNanosByThreadGroup(target.pid());
        HostResidence.Reading residence0 = timesItself ? HostResidence.Reading.parse(target.ask("residence", "residence ")) : null;
        load.beginMeasurement();
        Thread.sleep(o.seconds() * 1000L);
        long cpu1 = ProcessStats.cpuNanos(target.pid());
        long self1 = ProcessStats.selfCpuNanos();
        Map<String, Long> threads1 = ProcessStats.cpuNanosByThreadGroup(target.pid());
        HostResidence residence = timesItself
                ? HostResidence.between(residence0, HostResidence.Reading.parse(target.ask("residence", "residence "))) : null;
        SaleLoad.Report report = load.stop();
        out.printf("%s: %,.0f sales/s, p99 %.2f ms, p99.9 %.2f ms, errors %s%n", name, report.salesPerSecond(), report.p99Millis(),
                report.p999Millis(), report.errors());
        // where the server's CPU went, per sale, by thread group (event loops, GC, JIT, journal, ledger...)
        StringBuilder byThread = new StringBuilder();
        threads1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byThread.append(String.format("  %s %.1f µs", e.getKey(),
                        report.sales() == 0 ? 0.0 : e.getValue() / 1e3 / report.sales())));
        out.printf("%s: server CPU per sale by thread:%s%n", name, byThread);
        if (residence != null) {
            out.printf("%s: inside the host (frame read -> reply handed to its channel): %s%n", name, residence.describe());
        }
        return new TargetResult(name, report, cpu1 - cpu0, self1 - self0, residence);
    }

    /** {@code HostBench [--smoke] [--terminals N] [--seconds S] [--warmup S] [--threads T] [--target both|posnet|baseline] [--rounds R] [--rate SALES_PER_S]}. */
    public static void main(String[] args) throws Exception {
        Options o = List.of(args).contains("--smoke") ? Options.smoke() : Options.defaults();
        for (int i = 0; i + 1 < args.length; i++) {
            String a = args[i + 1];
            switch (args[i]) {
                case "--terminals" -> o = o.withTerminals(Integer.parseInt(a));
                case "--seconds" -> o = o.withSeconds(Integer.parseInt(a));
                case "--warmup" -> o = o.withWarmup(Integer.parseInt(a));
                case "--threads" -> o = o.withThreads(Integer.parseInt(a));
                case "--target" -> o = o.withTargets(a);
                case "--rounds" -> o = o.withRounds(Integer.parseInt(a));
                case "--rate" -> o = o.withRate(Double.parseDouble(a));
                default -> { }
            }
        }
        Result r = run(o, System.out);
        System.exit(r.totalErrors() == 0 ? 0 : 1);
    }
}
