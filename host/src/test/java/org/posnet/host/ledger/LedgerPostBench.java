package org.posnet.host.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/**
 * Microbenchmark, not a test: CPU of the ledger's poster thread per posted sale, as {@code ./posnet bench host}
 * loads it (200 cards, one merchant, journal groups of a few entries at a steady rate), on an H2 file
 * database with the host's options or, with {@code --pg}, on the PostgreSQL of {@code POSNET_TEST_PG_URL}.
 *
 * <pre>
 * java -cp host/target/test-classes:host/target/classes:common/target/test-classes:app/target/posnet.jar \
 *     org.posnet.host.ledger.LedgerPostBench [--pg] [--sales N] [--rate PER_SECOND] [--group N] [--rounds N]
 * </pre>
 */
public final class LedgerPostBench {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String MERCHANT = "898110058129999";
    private static final int CARDS = 200;

    private LedgerPostBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean pg = false;
        int sales = 200_000;
        int rate = 15_000;
        int group = 8;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pg" -> pg = true;
                case "--sales" -> sales = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--group" -> group = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("ledger-bench");
        TestDatabase tdb = pg ? TestDatabases.postgresql() : null;
        Database db = pg ? tdb.open()
                : Database.open(new PosnetConfig.DatabaseConfig("jdbc:h2:file:" + dir.resolve("posnet"), "", ""));
        String[] pans = new String[CARDS];
        String[] terminals = new String[CARDS];
        for (int c = 0; c < CARDS; c++) {
            pans[c] = withLuhn(String.format("62220299%010d", c));
            terminals[c] = String.format("2%07d", c);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long seq = 0;
        SplittableRandom random = new SplittableRandom(42);
        try (Ledger ledger = Ledger.load(db, MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS, Clock.systemUTC())) {
            ledger.start();
            long poster = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("host-ledger-poster"))
                    .findFirst().orElseThrow().getId();
            System.out.printf("ledger post bench: %s, %d sales per round at %d/s in groups of %d, %d rounds (+1 warm-up)%n",
                    pg ? "PostgreSQL" : "H2 file", sales, rate, group, rounds);
            double[] perSale = new double[rounds];
            for (int round = 0; round <= rounds; round++) {
                java.util.Map<Thread, Long> before = threadCpu(threads);
                long posterCpu = threads.getThreadCpuTime(poster);
                long posterBytes = ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(poster);
                long processCpu = os.getProcessCpuTime();
                long mainCpu = threads.getCurrentThreadCpuTime();
                long serverCpu = pg ? postgresCpuNanos() : 0;
                long start = System.nanoTime();
                long periodNanos = 1_000_000_000L * group / rate;
                long next = start;
                for (int n = 0; n < sales; n += group) {
                    List<JournalEntry> batch = new ArrayList<>(group);
                    Instant now = Instant.now();
                    for (int k = 0; k < group; k++) {
                        seq++;
                        int card = random.nextInt(CARDS);
                        String trace = Long.toString(1_000_000 + seq % 1_000_000).substring(1);
                        // fresh strings, as decoded from each request
                        batch.add(new JournalEntry(seq, now, TxnType.SALE, Reason.APPROVED, "00", new String(terminals[card]),
                                new String(MERCHANT), "0200", "000001", trace, new String(pans[card]), 1 + random.nextInt(100_000),
                                "000000" + trace, trace, 0, 0, "fp" + seq, "0210"));
                    }
                    ledger.post(batch);
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                ledger.flush();
                long wall = System.nanoTime() - start;
                long posterNs = threads.getThreadCpuTime(poster) - posterCpu;
                long allocated = ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(poster) - posterBytes;
                long othersNs = os.getProcessCpuTime() - processCpu - (threads.getCurrentThreadCpuTime() - mainCpu);
                long serverNs = pg ? postgresCpuNanos() - serverCpu : 0;
                if (round > 0) {
                    perSale[round - 1] = posterNs / 1e3 / sales;
                }
                System.out.printf("%s: poster %.2f µs/sale (allocating %d B/sale), process without the generating thread"
                        + " %.2f µs/sale, %.1f s%n", round == 0 ? "warm-up" : "round " + round, posterNs / 1e3 / sales,
                        allocated / sales, othersNs / 1e3 / sales, wall / 1e9);
                if (pg) {
                    System.out.printf("  postgres processes: %.2f µs/sale (every backend on this machine)%n", serverNs / 1e3 / sales);
                }
                StringBuilder busy = new StringBuilder("  threads (µs/sale):");
                for (java.util.Map.Entry<Thread, Long> t : threadCpu(threads).entrySet()) {
                    double us = (t.getValue() - before.getOrDefault(t.getKey(), 0L)) / 1e3 / sales;
                    if (us >= 0.1) {
                        busy.append(String.format(" %s=%.2f", t.getKey().getName(), us));
                    }
                }
                System.out.println(busy);
            }
            java.util.Arrays.sort(perSale);
            System.out.printf("poster CPU per sale: min %.2f µs, median %.2f µs over %d rounds%n", perSale[0],
                    perSale[rounds / 2], rounds);
            BalanceCheck check = ledger.check();
            System.out.println("stored: " + check);
            if (!check.balanced() || check.transactions() != seq) {
                throw new IllegalStateException("the ledger does not hold every sale balanced: " + check);
            }
        } finally {
            db.close();
            if (tdb != null) {
                tdb.close();
            }
            try (var files = Files.walk(dir)) { // the H2 file grows with every sale
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** utime + stime of every process named postgres (Linux /proc; clock ticks taken as 100 Hz). */
    private static long postgresCpuNanos() throws java.io.IOException {
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return ticks * 10_000_000L;
    }

    private static java.util.Map<Thread, Long> threadCpu(ThreadMXBean threads) {
        java.util.Map<Thread, Long> out = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = threads.getThreadCpuTime(t.getId());
            if (ns > 0) {
                out.put(t, ns);
            }
        }
        return out;
    }

    private static String withLuhn(String body) {
        int sum = 0;
        boolean twice = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            sum += twice ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
            twice = !twice;
        }
        return body + (10 - sum % 10) % 10;
    }
}
