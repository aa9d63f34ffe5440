package org.posnet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.posnet.host.HostHarness.MERCHANT;
import static org.posnet.host.HostHarness.OTHER_MERCHANT;
import static org.posnet.host.HostHarness.OTHER_MERCHANT_TERMINAL;
import static org.posnet.host.HostHarness.PAN;
import static org.posnet.host.HostHarness.PIN;
import static org.posnet.host.HostHarness.POOR_PAN;
import static org.posnet.host.HostHarness.TERMINAL;
import static org.posnet.host.HostHarness.TMK;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.db.TestDatabase;
import org.posnet.host.ledger.Account;
import org.posnet.host.ledger.AccountKind;
import org.posnet.host.ledger.Cutover;
import org.posnet.host.ledger.LedgerStore;
import org.posnet.host.ledger.LedgerStoreAccess;
import org.posnet.host.ledger.LedgerTxn;
import org.posnet.host.ledger.ReserveFigures;
import org.posnet.host.ledger.SettlementLine;
import org.posnet.host.ledger.SettlementReport;

/**
 * The ledger through the running host (jPOS terminal → journal → postings), on H2 and PostgreSQL: every
 * financial type posts, the books agree with the on-us cards, survive restarts and a full rebuild from the
 * journal identically, and a closed day yields the T+1 settlement and reserve figures.
 */
class LedgerTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private HostHarness harness;

    @AfterEach
    void ledgerBalances() {
        if (harness != null) {
            try {
                LedgerInvariant.assertBalanced(harness.host);
            } finally {
                harness.close();
                harness.tdb.close();
            }
        }
    }

    private static ISOMsg approved(JposTerminal pos, ISOMsg request) throws Exception {
        ISOMsg reply = pos.send(request);
        assertThat(reply.getString(39)).as("answer to %s/%s", request.getMTI(), request.getString(3)).isEqualTo("00");
        return reply;
    }

    private List<LedgerTxn> books() {
        harness.host.ledger().flush();
        return harness.host.ledger().books().transactions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void everyFinancialTypePosts_cardsAgree_andTheBooksSurviveRestartAndRebuild(TestDatabase tdb) throws Exception {
        harness = new HostHarness(tdb);
        try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK)) {
            pos.signOn("003");
            ISOMsg sale = Trades.sale(pos, PAN, PIN, 200_00);
            ISOMsg saleReply = approved(pos, sale);
            ISOMsg voided = Trades.sale(pos, PAN, PIN, 100_00);
            ISOMsg voidedReply = approved(pos, voided);
            approved(pos, Trades.referring(pos, PAN, "0200", "200000", "23", 100_00, voided, voidedReply));
            approved(pos, Trades.referring(pos, PAN, "0220", "200000", "25", 50_00, sale, saleReply));
            ISOMsg preAuth = Trades.preAuth(pos, PAN, 1_000_00);
            ISOMsg preAuthReply = approved(pos, preAuth);
            approved(pos, Trades.referring(pos, PAN, "0200", "000000", "20", 800_00, preAuth, preAuthReply));
            ISOMsg reversed = Trades.sale(pos, PAN, PIN, 70_00);
            approved(pos, reversed);
            approved(pos, Trades.reversalOf(reversed));
            assertThat(pos.send(Trades.sale(pos, POOR_PAN, PIN, 20_00)).getString(39)).isEqualTo("51");
        }
        long spent = 200_00 - 50_00 + 800_00;
        assertThat(harness.balanceFen(PAN)).isEqualTo(HostHarness.BALANCE_FEN - spent);
        List<LedgerTxn> before = books();
        // sale, sale, void, refund, completion, sale, reversal: the pre-auth and the decline post nothing
        assertThat(before).extracting(LedgerTxn::type).map(Enum::name)
                .containsExactly("SALE", "SALE", "SALE_VOID", "REFUND", "COMPLETION", "SALE", "REVERSAL");
        var ledger = harness.host.ledger();
        assertThat(ledger.books().balance(Account.cardholder(harness.masterKey.panTokens().token(PAN)))).isEqualTo(spent);
        assertThat(ledger.store().balance(Account.cardholder(harness.masterKey.panTokens().token(PAN)))).isEqualTo(spent);
        assertThat(ledger.books().balance(Account.cardholder(harness.masterKey.panTokens().token(POOR_PAN)))).isZero();
        long fees = 120 + 480; // 0.60 % of 200.00 and of 800.00; the void and the reversal gave theirs back
        assertThat(-ledger.books().balance(AccountKind.FEE_INCOME)).isEqualTo(fees);
        assertThat(-ledger.books().balance(Account.merchant(MERCHANT))).isEqualTo(spent - fees)
                .isEqualTo(ledger.books().balance(Account.reserveCustody()));

        harness.restart();
        assertThat(books()).isEqualTo(before);

        // a crash between journal commit and ledger store: the restart posts what was missing, once
        // (the store as its save through the 4th transaction left it: transactions, day balances and cursor together)
        harness.host.close();
        LedgerStore store = new LedgerStore(harness.db);
        LedgerStoreAccess.clear(store);
        LedgerStoreAccess.save(store, before.subList(0, 4), before.get(3).journalSeq());
        assertThat(store.cursor()).isEqualTo(before.get(3).journalSeq());
        harness.start();
        assertThat(books()).isEqualTo(before);

        // and a ledger rebuilt from nothing but the journal is the same ledger
        harness.host.close();
        LedgerStoreAccess.clear(store);
        assertThat(store.check().transactions()).isZero();
        harness.start();
        assertThat(books()).isEqualTo(before);
        assertThat(harness.host.ledger().check().postings()).isEqualTo(before.stream().mapToLong(t -> t.postings().size()).sum());
        List<LedgerTxn> stored = new java.util.ArrayList<>();
        store.transactions(stored::add);
        assertThat(stored).isEqualTo(before);
        assertThat(harness.host.ledger().check().balanced()).isTrue();
        assertThat(harness.host.ledger().store().balance(Account.cardholder(harness.masterKey.panTokens().token(PAN)))).isEqualTo(spent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.posnet.common.db.TestDatabases#all")
    void cutover_closesTheDay_settlementFileAndReserveFigures_laterPostingsGoToTheNextDay(TestDatabase tdb,
            @TempDir Path dir) throws Exception {
        harness = new HostHarness(tdb);
        try (JposTerminal pos = new JposTerminal(harness.port(), TERMINAL, MERCHANT, TMK);
                JposTerminal market = new JposTerminal(harness.port(), OTHER_MERCHANT_TERMINAL, OTHER_MERCHANT, TMK)) {
            pos.signOn("003");
            market.signOn("003");
            ISOMsg big = Trades.sale(pos, PAN, PIN, 1_000_00);
            ISOMsg bigReply = approved(pos, big);
            ISOMsg odd = Trades.sale(pos, PAN, PIN, 333_33);
            ISOMsg oddReply = approved(pos, odd);
            approved(pos, Trades.referring(pos, PAN, "0200", "200000", "23", 333_33, odd, oddReply));
            approved(pos, Trades.referring(pos, PAN, "0220", "200000", "25", 100_00, big, bigReply));
            approved(market, Trades.sale(market, PAN, PIN, 250_00));

            Cutover cutover = harness.host.ledger().cutover(DAY);
            assertThat(cutover.businessDate()).isEqualTo(DAY);
            assertThatThrownBy(() -> harness.host.ledger().cutover(DAY)).isInstanceOf(IllegalStateException.class);

            harness.clock.set(Instant.parse("2026-11-26T15:00:00Z")); // 23:00 in Shanghai, after the cutover
            approved(pos, Trades.sale(pos, PAN, PIN, 10_00));
        }
        assertThat(books().get(books().size() - 1).businessDate()).isEqualTo(DAY.plusDays(1));

        SettlementReport report = harness.host.settlement(DAY);
        assertThat(report.lines()).containsExactly(
                new SettlementLine(DAY, MERCHANT, "川味小馆", "5812", HostHarness.SETTLEMENT_ACCOUNT, "川味小馆", 2, 1_333_33, 2,
                        433_33, 6_00, 894_00, 0, 894_00, SettlementLine.Status.PAY),
                new SettlementLine(DAY, OTHER_MERCHANT, "面馆超市", "5411", null, null, 1, 250_00, 0, 0, 95, 249_05, 0, 249_05,
                        SettlementLine.Status.HOLD_NO_ACCOUNT));
        assertThat(report.totals()).isEqualTo(new SettlementReport.Totals(2, 3, 1_583_33, 2, 433_33, 6_95, 1_143_05, 0, 1_143_05,
                894_00));

        Path file = dir.resolve("settlement-20261126.csv");
        harness.host.writeSettlementFile(DAY, file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                business_date,merchant_id,merchant_name,mcc,settlement_account,account_holder,sales_count,sales_amount,\
                refund_void_count,refund_void_amount,mdr_fee,net_amount,status,carried_amount,due_amount
                2026-11-26,898110058120001,川味小馆,5812,6222020200112233445,川味小馆,2,1333.33,2,433.33,6.00,894.00,PAY,0.00,894.00
                2026-11-26,898110058120002,面馆超市,5411,,,1,250.00,0,0.00,0.95,249.05,HOLD_NO_ACCOUNT,0.00,249.05
                2026-11-26,TOTAL,,,,,3,1583.33,2,433.33,6.95,1143.05,894.00,0.00,1143.05
                """);
        assertThatThrownBy(() -> harness.host.settlement(DAY.plusDays(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not closed");

        ReserveFigures reserve = harness.host.reserveFigures();
        assertThat(reserve.closedThrough()).isEqualTo(DAY);
        assertThat(reserve.closedDaysFen()).isEqualTo(1_143_05);
        assertThat(reserve.openDaysFen()).isEqualTo(10_00 - 6);
        assertThat(reserve.customerLiabilitiesFen()).isEqualTo(1_143_05 + 9_94);
        assertThat(reserve.reserveCustodyFen()).isEqualTo(reserve.customerLiabilitiesFen());
        assertThat(reserve.reconciled()).isTrue();
        assertThat(reserve.feeIncomeFen()).isEqualTo(6_95 + 6);
        assertThat(reserve.unpostedJournalEntries()).isZero();
        assertThat(reserve.ledgerThroughSeq()).isEqualTo(reserve.journalThroughSeq());

        // the bank confirms the transfer of the PAY line: the reserve paid the merchant
        org.posnet.host.ledger.Payouts.confirm(harness.host.ledger().store(), report,
                List.of(new org.posnet.host.ledger.Payouts.Confirmation(MERCHANT, 894_00, "CNAPS-20261127-0001")), Instant.now());
        ReserveFigures paid = harness.host.reserveFigures();
        assertThat(paid.paidOutFen()).isEqualTo(894_00);
        assertThat(paid.closedDaysFen()).isEqualTo(1_143_05 - 894_00);
        assertThat(paid.reserveCustodyFen()).isEqualTo(reserve.reserveCustodyFen() - 894_00);
        assertThat(paid.reconciled()).isTrue();

        harness.restart(); // a closed day reads the same after a restart
        assertThat(harness.host.settlement(DAY)).isEqualTo(report);
        assertThat(books().get(books().size() - 1).businessDate()).isEqualTo(DAY.plusDays(1));
    }
}
