package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.db.TestDatabases;
import org.posnet.host.auth.HostState;
import org.posnet.host.journal.FileJournal;
import org.posnet.host.ledger.Account;
import org.posnet.host.ledger.AccountKind;
import org.posnet.host.ledger.BalanceCheck;
import org.posnet.host.ledger.LedgerStore;
import org.posnet.host.ledger.ReserveFigures;

/**
 * Durability under {@code kill -9}: the host runs as a child JVM ({@link HostProcess}) on a file database;
 * many jPOS terminals sell concurrently, one request in flight each, as real terminals do; the child is
 * SIGKILLed under that load and restarted on the same data; every terminal whose request got no answer
 * sends its reversal (0400), then one more sale. Then, from the database: no sale whose approval reached
 * a terminal is lost (journal and ledger), none is posted twice, every unanswered one is undone, each card
 * is its opening balance minus the approvals its terminals saw, and the ledger balances.
 */
class KillNineTest {
    private static final int TERMINALS = 40;
    private static final int CARDS = 8;
    private static final String[] MCCS = {"5812", "5411", "5999", "8211"};
    private static final long CARD_BALANCE_FEN = 1_000_000_00L;
    private static final String PIN = "246810";

    /** A sale whose answer the terminal saw (approved) or did not (in flight). */
    private record Sale(String terminal, String batch, String trace, String pan, long amountFen) {
        String key() {
            return terminal + '|' + batch + '|' + trace;
        }
    }

    /** One terminal of the test: its session survives the host's death (the host journaled it). */
    private static final class Till {
        final String id;
        final String merchant;
        final String pan;
        JposTerminal pos;
        final List<Sale> approved = new ArrayList<>();
        ISOMsg unanswered;
        Sale unansweredSale;

        Till(int i) {
            id = terminalId(i);
            merchant = merchantId(i % MCCS.length);
            pan = pan(i % CARDS);
        }

        void sellUntil(AtomicBoolean stop, AtomicInteger approvals) {
            while (!stop.get()) {
                ISOMsg request = null;
                Sale sale = null;
                try {
                    long amount = ThreadLocalRandom.current().nextLong(1_00, 500_00);
                    request = Trades.sale(pos, pan, PIN, amount);
                    sale = new Sale(id, pos.batch, request.getString(11), pan, amount);
                    ISOMsg reply = pos.send(request);
                    assertThat(reply.getString(39)).as("sale on %s", id).isEqualTo("00");
                    approved.add(sale);
                    approvals.incrementAndGet();
                } catch (AssertionError e) {
                    throw e;
                } catch (Exception e) {
                    // the host died with this request sent (or being sent): its fate is unknown to the terminal
                    unanswered = request;
                    unansweredSale = sale;
                    return;
                }
            }
        }
    }

    static Stream<String> databases() {
        return Stream.of("H2 file", "PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killNineUnderLoad_restart_reversals_nothingLostOrDuplicated_ledgerBalances(String name, @TempDir Path dir)
            throws Exception {
        TestDatabase pg = name.startsWith("PostgreSQL") ? TestDatabases.postgresql() : null;
        try {
            PosnetConfig.DatabaseConfig db = pg != null ? pg.config()
                    : new PosnetConfig.DatabaseConfig("jdbc:h2:file:" + dir.resolve("kill9").toAbsolutePath(), "sa", "");
            run(name, db, dir);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private void run(String name, PosnetConfig.DatabaseConfig db, Path dir) throws Exception {
        byte[] lmk = new byte[32];
        new SecureRandom().nextBytes(lmk);
        String lmkHex = TerminalCrypto.hex(lmk);
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, fleetYaml(), StandardCharsets.UTF_8);

        List<Till> tills = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            tills.add(new Till(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(TERMINALS);
        Process first = start(db, dir.resolve("journal"), lmkHex, fleet, dir.resolve("host-1.log"));
        Process second = null;
        try {
            int port = port(first, dir.resolve("host-1.log"));
            for (Till t : tills) {
                t.pos = new JposTerminal(port, t.id, t.merchant, HostHarness.TMK);
                assertThat(t.pos.signOn("003").getString(39)).isEqualTo("00");
            }
            // a clean stop and a start from the state snapshot it leaves: the kill below then hits a host that
            // read the journal only after the snapshot, and the restart after the kill starts from it too
            stopCleanly(first);
            first = start(db, dir.resolve("journal"), lmkHex, null, dir.resolve("host-1b.log"));
            port = port(first, dir.resolve("host-1b.log"));
            assertThat(replayedFrom(dir.resolve("host-1b.log"))).as("started from the snapshot").isGreaterThan(1);
            long stopSnapshot = printed(dir.resolve("host-1b.log"), "SNAPSHOT_SEQ ");
            for (Till t : tills) {
                JposTerminal again = new JposTerminal(port, t.id, t.merchant, HostHarness.TMK);
                again.keys = t.pos.keys;
                again.batch = t.pos.batch;
                again.trace = t.pos.trace;
                t.pos.close();
                t.pos = again;
            }

            // load, then SIGKILL in the middle of it
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger approvals = new AtomicInteger();
            List<Future<?>> load = new ArrayList<>();
            for (Till t : tills) {
                load.add(pool.submit(() -> t.sellUntil(stop, approvals)));
            }
            long loadStarted = System.nanoTime();
            while (approvals.get() < 600 && System.nanoTime() - loadStarted < 5_000_000_000L) {
                Thread.sleep(10);
            }
            first.destroyForcibly(); // SIGKILL to the PID this test started
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            long killedAfterMs = (System.nanoTime() - loadStarted) / 1_000_000;
            stop.set(true);
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
            for (Till t : tills) {
                t.pos.close();
            }

            // restart on the same data; terminals keep their sessions and reverse what got no answer
            second = start(db, dir.resolve("journal"), lmkHex, null, dir.resolve("host-2.log"));
            int port2 = port(second, dir.resolve("host-2.log"));
            assertThat(replayedFrom(dir.resolve("host-2.log"))).as("after the kill: from the snapshot, the rest replayed")
                    .isGreaterThan(1);
            // the killed host had written snapshots while it ran: the restart began from the last, not the clean stop's
            assertThat(printed(dir.resolve("host-2.log"), "SNAPSHOT_SEQ ")).as("a snapshot written under load")
                    .isGreaterThan(stopSnapshot);
            List<Future<?>> recovery = new ArrayList<>();
            for (Till t : tills) {
                recovery.add(pool.submit(() -> {
                    JposTerminal after = new JposTerminal(port2, t.id, t.merchant, HostHarness.TMK);
                    after.keys = t.pos.keys;
                    after.batch = t.pos.batch;
                    after.trace = t.pos.trace;
                    try (after) {
                        if (t.unanswered != null) {
                            assertThat(after.send(Trades.reversalOf(t.unanswered)).getString(39)).as("reversal on %s", t.id)
                                    .isEqualTo("00");
                        }
                        long amount = 1_00;
                        ISOMsg more = Trades.sale(after, t.pan, PIN, amount);
                        assertThat(after.send(more).getString(39)).as("sale after restart on %s", t.id).isEqualTo("00");
                        t.approved.add(new Sale(t.id, after.batch, more.getString(11), t.pan, amount));
                    }
                    return null;
                }));
            }
            for (Future<?> f : recovery) {
                f.get(30, TimeUnit.SECONDS);
            }
            stopCleanly(second);

            Report r = check(db, dir.resolve("journal"), org.posnet.common.crypto.MasterKey.ofBytes(lmk), tills);
            System.out.printf("kill -9 [%s]: terminals=%d approved=%d in-flight=%d undone-by-reversal=%d killed-after-ms=%d"
                    + " lost=%d duplicated=%d unbalanced=%d unresolved=%d balance-mismatches=%d%n", name, TERMINALS,
                    r.approved, r.inFlight, r.undone, killedAfterMs, r.lost, r.duplicated, r.unbalanced, r.unresolved,
                    r.balanceMismatches);
            assertThat(r.approved).as("approvals before and after the kill").isGreaterThan(TERMINALS);
            assertThat(r.inFlight).as("requests in flight at the kill (the kill hit load)").isPositive();
            assertThat(r.lost).as("lost").isZero();
            assertThat(r.duplicated).as("duplicated").isZero();
            assertThat(r.unbalanced).as("unbalanced").isZero();
            assertThat(r.unresolved).as("in-flight sales left in force").isZero();
            assertThat(r.balanceMismatches).as("cards off their expected balance").isZero();
            assertThat(r.reserve.reconciled()).as("%s", r.reserve).isTrue();
            assertThat(r.reserve.unpostedJournalEntries()).isZero();
        } finally {
            pool.shutdownNow();
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
            }
        }
    }

    private record Report(int approved, int inFlight, int undone, int lost, int duplicated, long unbalanced, int unresolved,
            int balanceMismatches, ReserveFigures reserve) {
    }

    private static Report check(PosnetConfig.DatabaseConfig config, Path journalDir, org.posnet.common.crypto.MasterKey lmk,
            List<Till> tills) {
        try (Database db = Database.open(config)) {
            Map<String, List<Long>> approvedSeqs = new HashMap<>();
            Set<Long> reversed = new HashSet<>();
            // the journal files as the restarted host left them, read by a second reader (the host has stopped)
            HostState state = new HostState();
            long journalSeq;
            try (FileJournal journal = new FileJournal(journalDir, 1, org.posnet.host.journal.RecordCipher.openOrCreate(journalDir, lmk))) {
                journal.replay(e -> {
                    state.apply(e);
                    if (e.reason() != org.posnet.host.auth.Reason.APPROVED) {
                        return;
                    }
                    if (e.type() == org.posnet.host.auth.TxnType.SALE) {
                        approvedSeqs.computeIfAbsent(e.terminal() + "|" + e.batch() + "|" + e.trace(), k -> new ArrayList<>())
                                .add(e.seq());
                    } else if (e.type() == org.posnet.host.auth.TxnType.REVERSAL && e.originalSeq() > 0) {
                        reversed.add(e.originalSeq());
                    }
                });
                journalSeq = journal.durableSeq();
            }
            // the ledger as stored, read through the store (a second reader, as a CLI would)
            LedgerStore ledger = new LedgerStore(db);
            Set<Long> posted = new HashSet<>();
            Set<Long> reversalPosted = new HashSet<>();
            int[] twoCards = new int[1];
            ledger.transactions(t -> {
                if (t.type() == org.posnet.host.auth.TxnType.SALE) {
                    posted.add(t.journalSeq());
                } else if (t.type() == org.posnet.host.auth.TxnType.REVERSAL) {
                    reversalPosted.add(t.originalSeq());
                }
                if (t.postings().stream().filter(p -> p.account().kind() == AccountKind.CARDHOLDER).count() > 1) {
                    twoCards[0]++;
                }
            });
            int duplicated = approvedSeqs.values().stream().mapToInt(l -> l.size() - 1).sum() + twoCards[0];

            int approved = 0;
            int lost = 0;
            int inFlight = 0;
            int undone = 0;
            int unresolved = 0;
            Map<String, Long> spent = new HashMap<>();
            for (Till t : tills) {
                for (Sale s : t.approved) {
                    approved++;
                    spent.merge(s.pan(), s.amountFen(), Long::sum);
                    List<Long> seqs = approvedSeqs.get(s.key());
                    if (seqs == null || reversed.contains(seqs.get(0)) || !posted.contains(seqs.get(0))) {
                        lost++;
                    }
                }
                if (t.unanswered != null) {
                    inFlight++;
                    List<Long> seqs = t.unansweredSale == null ? null : approvedSeqs.get(t.unansweredSale.key());
                    if (seqs != null) {
                        if (reversed.contains(seqs.get(0)) && reversalPosted.contains(seqs.get(0))) {
                            undone++; // journaled and approved, answer lost in the kill, undone by the terminal's 0400
                        } else {
                            unresolved++;
                        }
                    }
                }
            }

            // balances three ways: what terminals saw, the ledger's cardholder accounts, the replayed issuer state
            int mismatches = 0;
            for (int c = 0; c < CARDS; c++) {
                String pan = pan(c);
                long expected = CARD_BALANCE_FEN - spent.getOrDefault(pan, 0L);
                long byLedger = CARD_BALANCE_FEN - ledger.balance(Account.cardholder(lmk.panTokens().token(pan)));
                long byState = CARD_BALANCE_FEN + state.account(pan).deltaFen();
                if (byLedger != expected || byState != expected) {
                    mismatches++;
                }
            }
            BalanceCheck check = ledger.check();
            long unbalanced = check.unbalancedCount() + (check.debitFen() == check.creditFen() ? 0 : 1);
            return new Report(approved, inFlight, undone, lost, duplicated, unbalanced, unresolved, mismatches,
                    ReserveFigures.of(ledger, journalSeq));
        }
    }

    // ------------------------------------------------------------------ the child JVM

    private static Process start(PosnetConfig.DatabaseConfig db, Path journalDir, String lmkHex, Path fleet, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), HostProcess.class.getName(), db.url(), db.user(),
                db.password(), lmkHex, journalDir.toString()));
        if (fleet != null) {
            cmd.add(fleet.toString());
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int port(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("LISTENING ")) {
                    return Integer.parseInt(line.substring("LISTENING ".length()).trim());
                }
            }
            if (!p.isAlive()) {
                throw new AssertionError("host process exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("host process did not start listening:\n" + Files.readString(log));
    }

    /** The first journal seq the host in {@code log} read at its start (HostProcess prints it before listening). */
    private static long replayedFrom(Path log) throws IOException {
        return printed(log, "REPLAYED_FROM ");
    }

    /** The number HostProcess printed after {@code prefix} at its start. */
    private static long printed(Path log, String prefix) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length()).trim());
            }
        }
        throw new AssertionError("no " + prefix + "line in " + log);
    }

    private static void stopCleanly(Process p) throws Exception {
        try (OutputStream in = p.getOutputStream()) {
            in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("host stops on request").isTrue();
        assertThat(p.exitValue()).isZero();
    }

    // ------------------------------------------------------------------ the fleet

    private static String terminalId(int i) {
        return String.format("2000%04d", i);
    }

    private static String merchantId(int m) {
        return String.format("8981100581300%02d", m);
    }

    private static String pan(int c) {
        return TerminalCrypto.withLuhn(String.format("622202987654321%03d", c));
    }

    private static String fleetYaml() {
        StringBuilder y = new StringBuilder("institution: { code: \"48160000\", name: \"示例银行\" }\nmerchants:\n");
        for (int m = 0; m < MCCS.length; m++) {
            y.append("  - { id: \"").append(merchantId(m)).append("\", name: 商户").append(m).append(", mcc: \"")
                    .append(MCCS[m]).append("\", settlementAccount: { number: \"62220202001122334").append(m)
                    .append("\", holder: 商户").append(m).append(" } }\n");
        }
        y.append("terminals:\n");
        for (int i = 0; i < TERMINALS; i++) {
            y.append("  - { id: \"").append(terminalId(i)).append("\", merchant: \"").append(merchantId(i % MCCS.length))
                    .append("\", keys: { scheme: 3DES, tmk: ").append(HostHarness.TMK).append(" } }\n");
        }
        y.append("cards:\n");
        for (int c = 0; c < CARDS; c++) {
            y.append("  - { pan: \"").append(pan(c)).append("\", expiry: \"2812\", pin: \"").append(PIN)
                    .append("\", balance: \"1000000.00\", kind: debit }\n");
        }
        return y.toString();
    }
}
