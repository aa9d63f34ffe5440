package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.host.HostHarness.BALANCE_FEN;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.SECOND_TERMINAL;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;
import static org.posnet.host.HostHarness.OTHER_TMK;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.TestDatabase;

/**
 * The journal is the host's memory: after a restart on the same database, sessions, balances, holds,
 * PIN tries and answers are what they were — nothing approved is lost, nothing is posted twice. Runs on
 * H2 and PostgreSQL.
 */
class JournalRestartTest {

    private static ISOMsg sale(JposTerminal pos, long amountFen) throws Exception {
        ISOMsg m = pos.message("0200");
        m.set(2, PAN);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountFen));
        m.set(22, "021");
        m.set(25, "00");
        m.set(52, pos.pinBlock(PIN, PAN));
        m.set(60, "22" + pos.batch + "000");
        return m;
    }

    /**
     * A stopped host leaves no zeros written ahead in its journal: each file is its records and nothing else,
     * which is what a PosNet before the zeros (reading the files or importing them) accepts.
     */
    private static void assertEveryFileEndsAtItsLastRecord(java.nio.file.Path journalDir) throws Exception {
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(journalDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(files).isNotEmpty();
        for (java.nio.file.Path f : files) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(f));
            int at = 0;
            while (at < b.limit()) {
                int length = b.getInt(at);
                assertThat(length).as("%s at byte %d", f.getFileName(), at).isBetween(1, 64 * 1024);
                at += 8 + length;
            }
            assertThat(at).as("%s", f.getFileName()).isEqualTo(b.limit());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void afterRestart_sessionBalanceAndAnswersSurvive_nothingPostedTwice(TestDatabase tdb) throws Exception {
        try (tdb; HostHarness harness = new HostHarness(tdb)) {
            ISOMsg sale;
            ISOMsg first;
            try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                pos.signOn("003");
                sale = sale(pos, 25_000);
                first = pos.send(sale);
                assertThat(first.getString(39)).isEqualTo("00");
                ISOMsg wrongPin = sale(pos, 100);
                wrongPin.set(52, pos.pinBlock("000000", PAN));
                assertThat(pos.send(wrongPin).getString(39)).isEqualTo("55");

                harness.restart();
                // a clean stop left a state snapshot: the start read none of the journal before it, and the
                // repeat below still finds its answer in the journal
                assertThat(harness.host.replayedFrom()).isGreaterThan(1);

                try (JposTerminal after = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                    after.keys = pos.keys; // no new sign-on: the session was journaled
                    after.batch = pos.batch;
                    after.trace = pos.trace;
                    assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 25_000);
                    int tries = harness.host.authorizer().read(s -> s.account(PAN).pinTries());
                    assertThat(tries).isEqualTo(1);

                    ISOMsg repeat = after.send((ISOMsg) sale.clone());
                    assertThat(repeat.getString(39)).isEqualTo("00");
                    assertThat(repeat.getString(37)).isEqualTo(first.getString(37));
                    assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 25_000);

                    ISOMsg next = after.send(sale(after, 1_000));
                    assertThat(next.getString(39)).isEqualTo("00");
                    assertThat(next.getString(37)).isNotEqualTo(first.getString(37));

                    ISOMsg reversal = (ISOMsg) sale.clone();
                    reversal.setMTI("0400");
                    reversal.unset(52);
                    assertThat(after.send(reversal).getString(39)).isEqualTo("00");
                    assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 1_000);
                }
            }
            harness.restart();
            assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 1_000);
            LedgerInvariant.assertBalanced(harness.host);
        }
    }

    /**
     * A running host writes state snapshots (HostConfig.Snapshots); a crash after one costs a replay of what came
     * after it only, and loses nothing: a crash is played by putting that snapshot back in place of the one the
     * clean stop wrote (the journal holds everything either way).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aSnapshotTakenWhileRunning_isWhereTheNextStartBegins_andNothingAfterItIsLost(TestDatabase tdb) throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = captureHostLog();
        HostConfig config = HostConfig.defaults().withPort(0)
                // no quiet window, and any new entry is enough: the snapshot catches up with the journal whenever it
                // stops (with 3, a snapshot taken one entry before the last could stay the last one)
                .withSnapshots(new HostConfig.Snapshots(java.time.Duration.ofMillis(50), 1, java.time.LocalTime.NOON,
                        java.time.LocalTime.NOON));
        try (tdb; HostHarness harness = new HostHarness(tdb, config)) {
            java.nio.file.Path snapshot = harness.config.journalDir().resolve(org.posnet.host.journal.StateSnapshot.FILE);
            java.nio.file.Path taken = java.nio.file.Files.createTempFile("posnet-running-snapshot", ".bin");
            try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                pos.signOn("003");
                for (int i = 0; i < 4; i++) {
                    assertThat(pos.send(sale(pos, 1_000)).getString(39)).isEqualTo("00");
                }
                long durable = harness.host.journalDurableSeq();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (harness.host.snapshotSeq() < durable && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long snapshotSeq = harness.host.snapshotSeq();
                assertThat(snapshotSeq).as("a snapshot while running").isGreaterThanOrEqualTo(durable);
                assertThat(logs.list.stream().map(e -> e.getFormattedMessage())
                        .filter(m -> m.startsWith("event=host.state_snapshot_saved") && m.contains("periodic=true")))
                        .isNotEmpty().allMatch(m -> m.matches(".* file_mb=\\d+ millis=\\d+ held_millis=\\d+ periodic=true"));
                String metrics = harness.registry.scrape();
                assertThat(metrics).contains("posnet_host_snapshot_seq " + harness.host.snapshotSeq() + ".0")
                        .containsPattern("posnet_host_snapshot_held_seconds_count [1-9]")
                        .contains("posnet_host_snapshot_failures_total 0.0")
                        .contains("posnet_host_snapshot_behind " + (harness.host.journalDurableSeq() - harness.host.snapshotSeq()) + ".0");
                java.nio.file.Files.copy(snapshot, taken, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

                // after it: a sale, its repeat's original, a reversal, a wrong PIN
                ISOMsg after = sale(pos, 2_500);
                ISOMsg afterReply = pos.send(after);
                assertThat(afterReply.getString(39)).isEqualTo("00");
                ISOMsg reversed = sale(pos, 700);
                assertThat(pos.send(reversed).getString(39)).isEqualTo("00");
                ISOMsg reversal = (ISOMsg) reversed.clone();
                reversal.setMTI("0400");
                reversal.unset(52);
                assertThat(pos.send(reversal).getString(39)).isEqualTo("00");
                ISOMsg wrongPin = sale(pos, 100);
                wrongPin.set(52, pos.pinBlock("000000", PAN));
                assertThat(pos.send(wrongPin).getString(39)).isEqualTo("55");
                long balance = harness.balanceFen(PAN);
                assertThat(balance).isEqualTo(BALANCE_FEN - 4 * 1_000 - 2_500);

                harness.host.close(); // writes the newest snapshot...
                java.nio.file.Files.copy(taken, snapshot, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // ...lost in the "crash"
                harness.start();
                assertThat(harness.host.replayedFrom()).as("the start begins after the running snapshot")
                        .isEqualTo(snapshotSeq + 1);
                assertThat(harness.host.snapshotSeq()).isEqualTo(snapshotSeq);
                assertThat(harness.balanceFen(PAN)).isEqualTo(balance);
                int tries = harness.host.authorizer().read(s -> s.account(PAN).pinTries());
                assertThat(tries).isEqualTo(1);
                try (JposTerminal again = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                    again.keys = pos.keys;
                    again.batch = pos.batch;
                    again.trace = pos.trace;
                    ISOMsg repeat = again.send((ISOMsg) after.clone());
                    assertThat(repeat.getString(39)).isEqualTo("00");
                    assertThat(repeat.getString(37)).isEqualTo(afterReply.getString(37));
                    assertThat(harness.balanceFen(PAN)).isEqualTo(balance);
                }
                LedgerInvariant.assertBalanced(harness.host);
            } finally {
                java.nio.file.Files.deleteIfExists(taken);
            }
        } finally {
            hostLog().detachAppender(logs);
        }
    }

    /** A running snapshot that cannot be written (here its temporary file's name is taken) is logged; sales go on. */
    @org.junit.jupiter.api.Test
    void aRunningSnapshotThatCannotBeWritten_isLogged_andTheHostAuthorizesOn() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = captureHostLog();
        HostConfig config = HostConfig.defaults().withPort(0)
                .withSnapshots(new HostConfig.Snapshots(java.time.Duration.ofMillis(50), 2, java.time.LocalTime.NOON,
                        java.time.LocalTime.NOON));
        try (TestDatabase tdb = org.posnet.common.db.TestDatabases.h2(); HostHarness harness = new HostHarness(tdb, config)) {
            java.nio.file.Files.createDirectory(harness.config.journalDir().resolve(
                    org.posnet.host.journal.StateSnapshot.FILE + ".tmp"));
            try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
                pos.signOn("003");
                for (int i = 0; i < 3; i++) {
                    assertThat(pos.send(sale(pos, 100)).getString(39)).isEqualTo("00");
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (logs.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith("event=host.state_snapshot_failed"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                        .startsWith("event=host.state_snapshot_failed").contains("tried again in"));
                assertThat(harness.host.snapshotSeq()).isZero();
                assertThat(harness.registry.scrape()).containsPattern("posnet_host_snapshot_failures_total [1-9]")
                        .contains("posnet_host_snapshot_seq 0.0");
                // the state was held and let go: the host answers as before
                assertThat(pos.send(sale(pos, 100)).getString(39)).isEqualTo("00");
                assertThat(harness.balanceFen(PAN)).isEqualTo(BALANCE_FEN - 400);
            }
        } finally {
            hostLog().detachAppender(logs);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void concurrentSalesFromTwoTerminals_allJournaled_andRebuiltExactly(TestDatabase tdb) throws Exception {
        try (tdb; HostHarness harness = new HostHarness(tdb)) {
            int perTerminal = 40;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> results = new ArrayList<>();
            for (String[] t : List.of(new String[] {TERMINAL, TMK}, new String[] {SECOND_TERMINAL, OTHER_TMK})) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    int approved = 0;
                    try (JposTerminal pos = new JposTerminal(harness.port(), t[0], MERCHANT, t[1])) {
                        pos.signOn("003");
                        for (int i = 0; i < perTerminal; i++) {
                            if (pos.send(sale(pos, 100)).getString(39).equals("00")) {
                                approved++;
                            }
                        }
                    }
                    return approved;
                }));
            }
            int approved = results.get(0).get() + results.get(1).get();
            pool.shutdown();
            assertThat(approved).isEqualTo(2 * perTerminal);
            long before = harness.balanceFen(PAN);
            assertThat(before).isEqualTo(BALANCE_FEN - 100L * approved);

            harness.host.close();
            assertEveryFileEndsAtItsLastRecord(harness.config.journalDir());
            harness.start();
            assertThat(harness.balanceFen(PAN)).isEqualTo(before);
            harness.host.close();
            java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
            try (org.posnet.host.journal.FileJournal journal = new org.posnet.host.journal.FileJournal(harness.config.journalDir(), 1,
                    org.posnet.host.journal.RecordCipher.openOrCreate(harness.config.journalDir(), harness.masterKey))) {
                journal.replay(e -> {
                    if (e.reason() == org.posnet.host.auth.Reason.APPROVED && e.type() == org.posnet.host.auth.TxnType.SALE) {
                        rows.incrementAndGet();
                    }
                });
            }
            assertThat(rows.get()).isEqualTo(approved);
            harness.start();
            LedgerInvariant.assertBalanced(harness.host);
        }
    }

    private static ch.qos.logback.classic.Logger hostLog() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HostService.class);
    }

    /** What HostService logs from here on, until detached from {@link #hostLog()}. */
    private static ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captureHostLog() {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        hostLog().addAppender(logs);
        return logs;
    }
}
