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
 */
public final class HostBench {
    /** Class of the jPOS baseline server, in bench's test classes (AGPL stays out of the app jar). */
    static final String BASELINE_MAIN = "org.posnet.bench.host.JposBaselineServer";

    /**
     * @param terminals     terminals, each with one sale in flight
     * @param warmupSeconds load before measuring (JIT, journal, connection set-up)
     * @param seconds       measured window per target
     * @param threads       load generator selector threads
     * @param heap          -Xmx/-Xms of each target JVM
     * @param targets       which targets run: {@code both} (the default), {@code posnet} or {@code baseline}
     */
    public record Options(int terminals, int warmupSeconds, int seconds, int threads, String heap, String targets) {
        public Options {
            if (!List.of("both", "posnet", "baseline").contains(targets)) {
                throw new IllegalArgumentException("targets are both, posnet or baseline, not " + targets);
            }
        }

        /**
         * 40 s of warm-up: on two cores saturated by the load, the C2 compiler threads get little CPU and the
         * host's larger methods (journal write, ledger save, H2) were still queued for compilation 20 s in,
         * so some runs spent 45-90 µs a sale compiling in the measured window. Compiling is not a sale's cost.
         */
        public static Options defaults() {
            // 2 GiB: the host keeps ~163 B a transaction in memory (docs/host.md "Known limit"), and at ~57k
            // sales/s a run's 3.2 million sales filled 1 GiB (OutOfMemoryError near the end of one run)
            return new Options(200, 40, 20, 1, "2g", "both");
        }

        /** CI: seconds, still 200 terminals. */
        public static Options smoke() {
            return new Options(200, 1, 2, 1, "512m", "both");
        }
    }

    /** One target's measured window. */
    public record TargetResult(String name, SaleLoad.Report load, long serverCpuNanos, long loadGeneratorCpuNanos) {
        public double cpuMicrosPerSale() {
            return load.sales() == 0 ? Double.NaN : serverCpuNanos / 1e3 / load.sales();
        }

        /** The bench JVM's CPU per sale: tells whether the generator, sharing the cores, was the limit. */
        public double loadGeneratorMicrosPerSale() {
            return load.sales() == 0 ? Double.NaN : loadGeneratorCpuNanos / 1e3 / load.sales();
        }
    }

    /** Either side may be null when only the other was asked for ({@code --target}). */
    public record Result(TargetResult baseline, TargetResult posnet) {
        public double ratio() {
            return baseline == null || posnet == null || baseline.load().salesPerSecond() == 0 ? Double.NaN
                    : posnet.load().salesPerSecond() / baseline.load().salesPerSecond();
        }

        public long totalErrors() {
            return Stream.of(baseline, posnet).filter(Objects::nonNull).mapToLong(r -> r.load().errorCount()).sum();
        }

        public String table() {
            StringBuilder t = new StringBuilder("| target | sales/s | p50 | p99 | server CPU / sale | load-gen CPU / sale | sales | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
            for (TargetResult r : Stream.of(baseline, posnet).filter(Objects::nonNull).toList()) {
                t.append(String.format("| %s | %,.0f | %.2f ms | %.2f ms | %.1f µs | %.1f µs | %,d | %s |%n", r.name(), r.load().salesPerSecond(),
                        r.load().p50Millis(), r.load().p99Millis(), r.cpuMicrosPerSale(), r.loadGeneratorMicrosPerSale(), r.load().sales(),
                        r.load().errorCount() == 0 ? "0" : r.load().errors().toString()));
            }
            if (baseline != null && posnet != null) {
                t.append(String.format("%nratio PosNet / baseline (durable sales/s): %.2f×%n", ratio()));
            }
            return t.toString();
        }
    }

    private HostBench() {
    }

    public static Result run(Options o, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("posnet-bench-host");
        try {
            out.printf("host bench: %d terminals, one sale in flight each, %d s warm-up + %d s per target%n", o.terminals(),
                    o.warmupSeconds(), o.seconds());
            TargetResult baseline = null;
            if (!o.targets().equals("posnet")) try (TargetProcess jpos = TargetProcess.start(JposClassPath.locate(), BASELINE_MAIN, o.heap(),
                    dir.resolve("baseline.journal").toString(), Integer.toString(o.terminals()))) {
                baseline = measure("jPOS 2.1.10 baseline (fsync group commit)", jpos, o, out);
            }
            TargetResult posnet = null;
            Path data = Files.createDirectories(dir.resolve("posnet"));
            if (!o.targets().equals("baseline")) try (TargetProcess host = TargetProcess.start(System.getProperty("java.class.path"), HostTargetMain.class.getName(),
                    o.heap(), data.toString(), Integer.toString(o.terminals()))) {
                posnet = measure("PosNet host (file journal, fdatasync group commit)", host, o, out);
            }
            Result r = new Result(baseline, posnet);
            out.println();
            out.print(r.table());
            return r;
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static TargetResult measure(String name, TargetProcess target, Options o, PrintStream out) throws Exception {
        SaleLoad load = SaleLoad.start(new SaleLoad.Plan(new InetSocketAddress("127.0.0.1", target.port),
                BenchFleet.terminals(o.terminals()), BenchFleet.cards(o.terminals()), o.threads(), 100));
        Thread.sleep(o.warmupSeconds() * 1000L);
        // a warm-up ends no earlier than every terminal's second answer (cold JIT on a busy machine)
        if (!load.awaitReplies(2L * o.terminals(), java.time.Duration.ofSeconds(60))) {
            out.printf("%s: fewer than %d replies after 60 s of warm-up%n", name, 2 * o.terminals());
        }
        long cpu0 = ProcessStats.cpuNanos(target.pid());
        long self0 = ProcessStats.selfCpuNanos();
        Map<String, Long> threads0 = ProcessStats.cpuNanosByThreadGroup(target.pid());
        load.beginMeasurement();
        Thread.sleep(o.seconds() * 1000L);
        long cpu1 = ProcessStats.cpuNanos(target.pid());
        long self1 = ProcessStats.selfCpuNanos();
        Map<String, Long> threads1 = ProcessStats.cpuNanosByThreadGroup(target.pid());
        SaleLoad.Report report = load.stop();
        out.printf("%s: %,.0f sales/s, p99 %.2f ms, errors %s%n", name, report.salesPerSecond(), report.p99Millis(), report.errors());
        // where the server's CPU went, per sale, by thread group (event loops, GC, JIT, journal, ledger...)
        StringBuilder byThread = new StringBuilder();
        threads1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byThread.append(String.format("  %s %.1f µs", e.getKey(),
                        report.sales() == 0 ? 0.0 : e.getValue() / 1e3 / report.sales())));
        out.printf("%s: server CPU per sale by thread:%s%n", name, byThread);
        return new TargetResult(name, report, cpu1 - cpu0, self1 - self0);
    }

    /** {@code HostBench [--smoke] [--terminals N] [--seconds S] [--warmup S] [--threads T] [--target both|posnet|baseline]}. */
    public static void main(String[] args) throws Exception {
        Options o = List.of(args).contains("--smoke") ? Options.smoke() : Options.defaults();
        for (int i = 0; i + 1 < args.length; i++) {
            String a = args[i + 1];
            switch (args[i]) {
                case "--terminals" -> o = new Options(Integer.parseInt(a), o.warmupSeconds(), o.seconds(), o.threads(), o.heap(), o.targets());
                case "--seconds" -> o = new Options(o.terminals(), o.warmupSeconds(), Integer.parseInt(a), o.threads(), o.heap(), o.targets());
                case "--warmup" -> o = new Options(o.terminals(), Integer.parseInt(a), o.seconds(), o.threads(), o.heap(), o.targets());
                case "--threads" -> o = new Options(o.terminals(), o.warmupSeconds(), o.seconds(), Integer.parseInt(a), o.heap(), o.targets());
                case "--target" -> o = new Options(o.terminals(), o.warmupSeconds(), o.seconds(), o.threads(), o.heap(), a);
                default -> { }
            }
        }
        Result r = run(o, System.out);
        System.exit(r.totalErrors() == 0 ? 0 : 1);
    }
}
