package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.Database;
import org.posnet.common.db.TestDatabase;
import org.posnet.common.fleet.Merchant;
import org.posnet.common.fleet.SettlementAccount;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/**
 * Settlement over several days on a real database: a negative net carried to the merchant's next days until later
 * nets make it up, and the payouts the bank confirms — each pays a PAY line's due exactly, once, and the reserve
 * figures count it on both sides.
 */
class PayoutsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String PAYEE = "898110058120001";
    private static final String NO_ACCOUNT = "898110058120002";
    private static final String PAN = "6222021234567890128";
    private static final LocalDate D0 = LocalDate.of(2026, 11, 23);
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai

    private static Merchant merchant(String id) {
        return new Merchant(id, "商户" + id.substring(12), "5812", null, null, null, null, null,
                id.equals(PAYEE) ? new SettlementAccount("6222020200112233445", "川味小馆") : null);
    }

    private long seq;

    private JournalEntry entry(int day, TxnType type, String merchant, long amount, long original) {
        seq++;
        return new JournalEntry(seq, T0.plusSeconds(86_400L * day + seq), type, Reason.APPROVED, "00", "10000001", merchant,
                type == TxnType.REFUND ? "0220" : "0200", "000001", String.format("%06d", seq), PAN, amount, "r" + seq, "a" + seq,
                original, -1, "fp" + seq, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aNegativeNetIsCarriedUntilMadeUp_andPayoutsPayTheDueOnce(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            JournalEntry big = entry(0, TxnType.SALE, PAYEE, 500_00, 0);
            closeDays(db, List.of(
                    List.of(big, entry(0, TxnType.SALE, NO_ACCOUNT, 40_00, 0)),
                    // a refund of the day before's sale, larger than the day's sales: the payee owes 200.00
                    List.of(entry(1, TxnType.SALE, PAYEE, 100_00, 0), entry(1, TxnType.REFUND, PAYEE, 300_00, big.seq()),
                            entry(1, TxnType.REFUND, NO_ACCOUNT, 60_00, 0)),
                    List.of(entry(2, TxnType.SALE, PAYEE, 150_00, 0)),
                    List.of(entry(3, TxnType.SALE, PAYEE, 80_00, 0), entry(3, TxnType.SALE, NO_ACCOUNT, 90_00, 0))));

            List<SettlementReport> reports = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                reports.add(SettlementReport.of(store, PayoutsTest::merchant, D0.plusDays(d)));
            }
            // net, carried, due, status per day
            assertThat(line(reports.get(0), PAYEE)).containsExactly(500_00L, 0L, 500_00L, SettlementLine.Status.PAY);
            assertThat(line(reports.get(0), NO_ACCOUNT)).containsExactly(40_00L, 0L, 40_00L, SettlementLine.Status.HOLD_NO_ACCOUNT);
            assertThat(line(reports.get(1), PAYEE)).containsExactly(-200_00L, 0L, 0L, SettlementLine.Status.NOTHING_DUE);
            // the held 40.00 is not set off (it stays payable, on its own)
            assertThat(line(reports.get(1), NO_ACCOUNT)).containsExactly(-60_00L, 0L, 0L, SettlementLine.Status.NOTHING_DUE);
            assertThat(line(reports.get(2), PAYEE)).containsExactly(150_00L, -200_00L, 0L, SettlementLine.Status.NOTHING_DUE);
            assertThat(line(reports.get(3), PAYEE)).containsExactly(80_00L, -50_00L, 30_00L, SettlementLine.Status.PAY);
            assertThat(line(reports.get(3), NO_ACCOUNT)).containsExactly(90_00L, -60_00L, 30_00L,
                    SettlementLine.Status.HOLD_NO_ACCOUNT);
            SettlementReport.Totals last = reports.get(3).totals();
            assertThat(List.of(last.netFen(), last.carriedFen(), last.dueFen(), last.payFen()))
                    .containsExactly(170_00L, -110_00L, 60_00L, 30_00L);
            assertThat(SettlementFile.render(reports.get(3))).contains(
                    ",80.00,PAY,-50.00,30.00\n", ",90.00,HOLD_NO_ACCOUNT,-60.00,30.00\n", ",170.00,30.00,-110.00,60.00\n");

            // what the books owe before any payout: every closed day's nets
            ReserveFigures before = ReserveFigures.of(store, store.cursor());
            long owed = 500_00 + 40_00 - 200_00 - 60_00 + 150_00 + 80_00 + 90_00;
            assertThat(before.customerLiabilitiesFen()).isEqualTo(owed);
            assertThat(before.paidOutFen()).isZero();

            Instant now = Instant.parse("2026-11-27T03:00:00Z");
            Payouts.Result first = Payouts.confirm(store, reports.get(0),
                    List.of(new Payouts.Confirmation(PAYEE, 500_00, "CNAPS-20261124-0001")), now);
            assertThat(first.recorded()).containsExactly(
                    new Payouts.Payout(D0, PAYEE, 500_00, "CNAPS-20261124-0001", now));
            Payouts.confirm(store, reports.get(3), List.of(new Payouts.Confirmation(PAYEE, 30_00, "CNAPS-20261127-0007")), now);

            ReserveFigures after = ReserveFigures.of(store, store.cursor());
            assertThat(after.paidOutFen()).isEqualTo(530_00);
            assertThat(after.customerLiabilitiesFen()).isEqualTo(owed - 530_00);
            assertThat(after.closedDaysFen()).isEqualTo(owed - 530_00);
            assertThat(after.reserveCustodyFen()).isEqualTo(before.reserveCustodyFen() - 530_00);
            assertThat(after.reconciled()).isTrue();
            // what is left is what the merchant without an account is owed, 40.00 + 30.00, and nothing of the payee's
            assertThat(after.customerLiabilitiesFen()).isEqualTo(70_00);

            // the same confirmation again is reported, not recorded twice
            Payouts.Result again = Payouts.confirm(store, reports.get(0),
                    List.of(new Payouts.Confirmation(PAYEE, 500_00, "CNAPS-20261124-0001")), now);
            assertThat(again.recorded()).isEmpty();
            assertThat(again.alreadyRecorded()).hasSize(1);
            assertThat(store.paidOutFen()).isEqualTo(530_00);
            // the reports read the same after the payouts: they instruct, the payouts settle
            assertThat(SettlementReport.of(store, PayoutsTest::merchant, D0.plusDays(3))).isEqualTo(reports.get(3));

            // the merchant without an account gets one: its held line of the first day now reads PAY, and is paid
            SettlementReport provisioned = SettlementReport.of(store, id -> new Merchant(id, "商户", "5812", null, null, null, null,
                    null, new SettlementAccount("6222020200112233999", "商户")), D0);
            assertThat(line(provisioned, NO_ACCOUNT)).containsExactly(40_00L, 0L, 40_00L, SettlementLine.Status.PAY);
            Payouts.confirm(store, provisioned, List.of(new Payouts.Confirmation(NO_ACCOUNT, 40_00, "CNAPS-20261128-0002")), now);
            assertThat(ReserveFigures.of(store, store.cursor()).customerLiabilitiesFen()).isEqualTo(30_00);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void aConfirmationThatDoesNotMatch_isRefusedWhole(TestDatabase tdb) {
        try (tdb) {
            Database db = tdb.open();
            LedgerStore store = new LedgerStore(db);
            closeDays(db, List.of(List.of(entry(0, TxnType.SALE, PAYEE, 500_00, 0), entry(0, TxnType.SALE, NO_ACCOUNT, 40_00, 0))));
            SettlementReport report = SettlementReport.of(store, PayoutsTest::merchant, D0);
            Instant now = Instant.parse("2026-11-24T03:00:00Z");
            Payouts.Confirmation good = new Payouts.Confirmation(PAYEE, 500_00, "REF-1");
            for (List<Payouts.Confirmation> bad : List.of(
                    List.<Payouts.Confirmation>of(),
                    List.of(good, new Payouts.Confirmation(PAYEE, 500_00, "REF-2")), // the same merchant twice
                    List.of(good, new Payouts.Confirmation(NO_ACCOUNT, 40_00, "REF-3")), // held: no account, nothing to pay
                    List.of(good, new Payouts.Confirmation("898110058129999", 1_00, "REF-4")), // no line that day
                    List.of(new Payouts.Confirmation(PAYEE, 499_99, "REF-1")), // not the due
                    List.of(new Payouts.Confirmation(PAYEE, 500_00, " ")),
                    List.of(new Payouts.Confirmation(PAYEE, 500_00, "R".repeat(Payouts.MAX_REFERENCE + 1))),
                    List.of(new Payouts.Confirmation(PAYEE, 500_00, "REF\n1")))) {
                assertThatThrownBy(() -> Payouts.confirm(store, report, bad, now)).as("%s", bad)
                        .isInstanceOf(Payouts.Refused.class);
                assertThat(store.payouts(D0)).as("nothing of %s recorded", bad).isEmpty();
            }
            Payouts.confirm(store, report, List.of(good), now);
            // paid: another amount or reference for the same line is refused, naming the payout on record
            assertThatThrownBy(() -> Payouts.confirm(store, report, List.of(new Payouts.Confirmation(PAYEE, 500_00, "REF-9")), now))
                    .isInstanceOf(Payouts.Refused.class).hasMessageContaining("already (reference REF-1)");
            assertThat(store.payouts(D0)).extracting(Payouts.Payout::reference).containsExactly("REF-1");
            // the table refuses a second row for the line even past the checks (two confirmations racing)
            assertThatThrownBy(() -> store.savePayouts(List.of(new Payouts.Payout(D0, PAYEE, 500_00, "REF-9", now))))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.paidOutFen()).isEqualTo(500_00);
        }
    }

    /** Posts each day's entries (no MDR, so the nets are the amounts) and closes it, from {@link #D0} on. */
    private static void closeDays(Database db, List<List<JournalEntry>> days) {
        try (Ledger ledger = Ledger.load(db, new MdrTable(0, Map.of()), m -> "5812", SHANGHAI, TestTokens.TOKENS, Clock.systemUTC())) {
            ledger.start();
            for (int d = 0; d < days.size(); d++) {
                ledger.post(days.get(d));
                ledger.cutover(D0.plusDays(d));
            }
        }
    }

    private static List<Object> line(SettlementReport report, String merchant) {
        SettlementLine l = report.lines().stream().filter(x -> x.merchantId().equals(merchant)).findFirst().orElseThrow();
        return List.of(l.netFen(), l.carriedFen(), l.dueFen(), l.status());
    }
}
