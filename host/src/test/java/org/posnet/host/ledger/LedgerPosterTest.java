package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/** The live poster on a real database: group-stored postings, the cursor, and stopping at a bad entry. */
class LedgerPosterTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static JournalEntry sale(long seq, String pan, long amount) {
        return new JournalEntry(seq, Instant.parse("2026-11-26T02:00:00Z"), TxnType.SALE, Reason.APPROVED, "00", "10000001",
                "898110058120001", "0200", "000001", String.format("%06d", seq), pan, amount, "r" + seq, "a" + seq, 0, -1,
                "fp" + seq, "");
    }

    private static Ledger ledger(Database db) {
        Ledger ledger = Ledger.load(db, MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS, Clock.systemUTC());
        ledger.start();
        return ledger;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void anEntryTheRulesCannotPost_stopsTheLedgerThere_andARestartResumesFromTheCursor(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            String pan = "6222021234567890128";
            try (Ledger ledger = ledger(db)) {
                ledger.post(List.of(sale(1, pan, 100_00), sale(2, null, 5_00), sale(3, pan, 7_00)));
                assertThatThrownBy(ledger::flush).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("before journal seq 2");
                assertThatThrownBy(() -> ledger.cutover(java.time.LocalDate.of(2026, 11, 26)))
                        .isInstanceOf(IllegalStateException.class);
            }
            LedgerStore store = new LedgerStore(db);
            assertThat(store.cursor()).isEqualTo(1); // nothing after the bad entry was posted out of order
            assertThat(store.balance(TestTokens.cardholder(pan))).isEqualTo(100_00);
            assertThat(store.check().balanced()).isTrue();

            try (Ledger again = ledger(db)) { // the next start loads what was stored and posts on from seq 2
                again.post(List.of(sale(2, pan, 5_00), sale(3, pan, 7_00), sale(3, pan, 7_00)));
                again.flush();
                assertThat(again.books().transactions()).extracting(LedgerTxn::journalSeq).containsExactly(1L, 2L, 3L);
                BalanceCheck check = again.check();
                assertThat(check.balanced()).as(check.toString()).isTrue();
                assertThat(check.transactions()).isEqualTo(3);
            }
            assertThat(store.balance(TestTokens.cardholder(pan))).isEqualTo(112_00);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void offUsCards_postToTheirLinksIssuerAccount_notToACardholderAccount(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            String offUs = "6250941234567890125";
            String onUs = "6222021234567890128";
            String link = "unionpay-shanghai-branch-switch1"; // as long as host.links[].name allows (32)
            LedgerStore store = new LedgerStore(db);
            try (Ledger ledger = ledger(db)) {
                JournalEntry sale = offUs(sale(1, offUs, 100_00), link);
                JournalEntry refund = offUs(new JournalEntry(2, sale.at(), TxnType.REFUND, Reason.APPROVED, "00", "10000001",
                        "898110058120001", "0220", "000001", "000002", offUs, 30_00, "r2", "a2", 1, -1, "fp2", ""), link);
                JournalEntry voided = offUs(sale(3, offUs, 9_00), link);
                JournalEntry saleVoid = offUs(new JournalEntry(4, sale.at(), TxnType.SALE_VOID, Reason.APPROVED, "00", "10000001",
                        "898110058120001", "0200", "000001", "000004", offUs, 9_00, "r3", "a3", 3, -1, "fp4", ""), link);
                ledger.post(List.of(sale, refund, voided, saleVoid, sale(5, onUs, 5_00)));
                ledger.flush();
                BalanceCheck check = ledger.check();
                assertThat(check.balanced()).as(check.toString()).isTrue();
                ledger.cutover(java.time.LocalDate.of(2026, 11, 26));
            }
            // what the link's issuers owe for the day: the sales less the refund and the void
            assertThat(InterbankPositions.of(store, java.time.LocalDate.of(2026, 11, 26)).lines())
                    .containsExactly(new InterbankPositions.Line(AccountKind.REMOTE_ISSUER, link, 109_00, 39_00, 4));
            assertThat(store.balance(Account.remoteIssuer(link))).isEqualTo(70_00);
            assertThat(store.balance(TestTokens.cardholder(offUs))).isZero();
            assertThat(store.balance(TestTokens.cardholder(onUs))).isEqualTo(5_00);
            assertThat(store.balancesByKind(null)).containsEntry(AccountKind.REMOTE_ISSUER, 70_00L);
            try (Ledger again = ledger(db)) { // and the stored balance loads back under its long name
                assertThat(again.books().balance(Account.remoteIssuer(link))).isEqualTo(70_00);
                assertThat(again.check().balanced()).isTrue();
            }
        }
    }

    private static JournalEntry offUs(JournalEntry e, String link) {
        return e.withCounterparties(link, null);
    }

    private static JournalEntry fromAcquirer(JournalEntry e, String institution) {
        return e.withCounterparties(null, institution);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aRemoteAcquirersSales_moveMoneyBetweenTheCardholderAndThatAcquirerOnly_andStayOutOfMerchantSettlement(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            String pan = "6222021234567890128";
            String acquirer = "48160000";
            java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 26);
            try (Ledger ledger = ledger(db)) {
                JournalEntry sale = fromAcquirer(sale(1, pan, 100_00), acquirer);
                JournalEntry refund = fromAcquirer(new JournalEntry(2, sale.at(), TxnType.REFUND, Reason.APPROVED, "00", "10000001",
                        "898110058120001", "0220", "000001", "000002", pan, 30_00, "r2", "a2", 1, -1, "fp2", ""), acquirer);
                JournalEntry reversed = fromAcquirer(sale(3, pan, 9_00), acquirer);
                JournalEntry reversal = new JournalEntry(4, sale.at(), TxnType.REVERSAL, Reason.APPROVED, "00", "10000001",
                        "898110058120001", "0400", "000001", "000004", pan, 9_00, "r3", "a3", 3, -1, null, "", null, acquirer);
                // and one sale of this bank's own terminal and merchant, which its settlement does pay
                ledger.post(List.of(sale, refund, reversed, reversal, sale(5, "6222021234567890136", 5_00)));
                ledger.flush();
                BalanceCheck check = ledger.check();
                assertThat(check.balanced()).as(check.toString()).isTrue();
                assertThat(ledger.books().balance(TestTokens.cardholder(pan))).isEqualTo(70_00);
                assertThat(ledger.books().balance(Account.remoteAcquirer(acquirer))).isEqualTo(-70_00);
                ledger.cutover(day);
            }
            LedgerStore store = new LedgerStore(db);
            assertThat(store.balance(Account.merchant("898110058120001"))).as("only the own sale's net").isEqualTo(-(5_00 - 3));
            assertThat(store.balancesByKind(null)).containsEntry(AccountKind.RESERVE_CUSTODY, 5_00L - 3);
            InterbankPositions owed = InterbankPositions.of(store, day);
            assertThat(owed.lines()).containsExactly(new InterbankPositions.Line(AccountKind.REMOTE_ACQUIRER, acquirer, 39_00, 109_00, 4));
            assertThat(owed.netFen()).as("this bank pays the acquirer").isEqualTo(-70_00);
            SettlementReport report = SettlementReport.of(store, m -> null, day);
            assertThat(report.totals().salesCount()).isEqualTo(1);
            assertThat(report.totals().salesFen()).isEqualTo(5_00);
            assertThat(report.totals().refundsFen()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void postedEntries_areStoredWithoutAFlush_onceTheJournalGoesQuiet(TestDatabase tdb) throws Exception {
        try (tdb) {
            Database db = tdb.open();
            String pan = "6222021234567890128";
            LedgerStore store = new LedgerStore(db);
            try (Ledger ledger = ledger(db)) {
                ledger.post(List.of(sale(1, pan, 1_00), sale(2, pan, 2_00)));
                ledger.post(List.of(sale(3, pan, 3_00)));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (store.cursor() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(store.cursor()).isEqualTo(3);
                assertThat(store.balance(TestTokens.cardholder(pan))).isEqualTo(6_00);
            }
        }
    }
}
