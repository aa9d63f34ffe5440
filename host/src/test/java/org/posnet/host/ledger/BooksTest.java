package org.posnet.host.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/** The posting rules and the in-memory books: each type's legs, opposites, idempotence, business days. */
class BooksTest {
    private static final String PAN = "6222021234567890128";
    private static final String RESTAURANT = "898110058120001";
    private static final String SCHOOL = "898110058120009";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-11-26 10:00 in Shanghai. */
    private static final Instant MORNING = Instant.parse("2026-11-26T02:00:00Z");

    private final Books books = new Books(MdrTable.defaults(), m -> m.equals(SCHOOL) ? "8211" : "5812", SHANGHAI, TestTokens.TOKENS);
    private final List<JournalEntry> journal = new ArrayList<>();
    private long seq;

    @AfterEach
    void ledgerBalances() {
        BalanceCheck check = books.check();
        assertThat(check.balanced()).as(check.toString()).isTrue();
    }

    private JournalEntry entry(TxnType type, Reason reason, String merchant, long amount, long original, Instant at) {
        seq++;
        JournalEntry e = new JournalEntry(seq, at, type, reason, reason.approved() ? "00" : "51", "10000001", merchant,
                type.mti(), "000001", String.format("%06d", seq), PAN, amount, String.format("%012d", seq),
                String.format("%06d", seq), original, -1, "fp" + seq, "");
        journal.add(e);
        return e;
    }

    private LedgerTxn post(TxnType type, long amount, long original) {
        return books.post(entry(type, Reason.APPROVED, RESTAURANT, amount, original, MORNING));
    }

    private long cardholder() {
        return books.balance(TestTokens.cardholder(PAN));
    }

    private long payable(String merchant) {
        return -books.balance(Account.merchant(merchant));
    }

    @Test
    void sale_postsFiveLegs_feeAtTheMccRate_reserveFundedWithTheNet() {
        LedgerTxn t = post(TxnType.SALE, 100_00, 0);

        assertThat(t.feeFen()).isEqualTo(60); // 0.60 % of 100.00
        assertThat(t.postings()).containsExactly(
                Posting.debit(TestTokens.cardholder(PAN), 100_00),
                Posting.credit(Account.merchant(RESTAURANT), 99_40),
                Posting.credit(Account.feeIncome("5812"), 60),
                Posting.debit(Account.reserveCustody(), 99_40),
                Posting.credit(Account.bankSettlement(), 99_40));
        assertThat(t.balanced()).isTrue();
        assertThat(t.businessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(cardholder()).isEqualTo(100_00);
        assertThat(payable(RESTAURANT)).isEqualTo(books.balance(Account.reserveCustody()));
    }

    @Test
    void zeroRateMerchant_hasNoFeeLeg() {
        LedgerTxn t = books.post(entry(TxnType.SALE, Reason.APPROVED, SCHOOL, 500_00, 0, MORNING));
        assertThat(t.feeFen()).isZero();
        assertThat(t.postings()).hasSize(4).noneMatch(p -> p.account().kind() == AccountKind.FEE_INCOME);
    }

    @Test
    void void_andReversal_postTheExactOpposite_feeIncluded() {
        LedgerTxn sale = post(TxnType.SALE, 123_45, 0);
        LedgerTxn voided = post(TxnType.SALE_VOID, 123_45, sale.journalSeq());
        assertThat(voided.postings()).containsExactlyElementsOf(sale.postings().stream().map(Posting::opposite).toList());
        assertThat(voided.grossFen()).isEqualTo(-123_45);
        assertThat(voided.feeFen()).isEqualTo(-sale.feeFen());

        LedgerTxn reversalOfVoid = post(TxnType.REVERSAL, 0, voided.journalSeq());
        assertThat(reversalOfVoid.postings()).containsExactlyElementsOf(sale.postings());
        assertThat(cardholder()).isEqualTo(123_45);
        assertThat(payable(RESTAURANT)).isEqualTo(123_45 - sale.feeFen());
    }

    /** Only recent transactions stay in memory; a void of an older one finds its original in the store. */
    @Test
    void voidOfATransactionNoLongerInMemory_findsItsOriginalInTheStore() {
        Books small = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS, 2);
        java.util.Map<Long, LedgerTxn> stored = new java.util.HashMap<>();
        small.olderTxnsFrom(stored::get);
        LedgerTxn first = small.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 100_00, 0, MORNING));
        stored.put(first.journalSeq(), first);
        for (int i = 0; i < 4; i++) {
            stored.put(seq + 1, small.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, MORNING)));
        }
        assertThat(small.transactions()).hasSizeBetween(2, 3).doesNotContain(first);

        LedgerTxn voided = small.post(entry(TxnType.SALE_VOID, Reason.APPROVED, RESTAURANT, 100_00, first.journalSeq(), MORNING));

        assertThat(voided.postings()).isEqualTo(first.postings().stream().map(Posting::opposite).toList());
        assertThat(small.balance(TestTokens.cardholder(PAN))).isEqualTo(4 * 1_00);
        BalanceCheck check = small.check();
        assertThat(check.balanced()).isTrue();
        assertThat(check.transactions()).as("every posted transaction counts, not only those kept").isEqualTo(6);
    }

    @Test
    void refund_takesTheAmountBackFromTheMerchant_feeIsKept() {
        LedgerTxn sale = post(TxnType.SALE, 300_00, 0);
        LedgerTxn refund = post(TxnType.REFUND, 100_00, sale.journalSeq());
        assertThat(refund.grossFen()).isEqualTo(-100_00);
        assertThat(refund.feeFen()).isZero();
        assertThat(cardholder()).isEqualTo(200_00);
        assertThat(payable(RESTAURANT)).isEqualTo(300_00 - 180 - 100_00);
        assertThat(books.balance(Account.reserveCustody())).isEqualTo(payable(RESTAURANT));
        assertThat(-books.balance(AccountKind.FEE_INCOME)).isEqualTo(180);
    }

    @Test
    void preAuth_declines_inquiries_andNothingToReverse_postNothing() {
        LedgerTxn preAuth = post(TxnType.PRE_AUTH, 500_00, 0);
        assertThat(preAuth).isNull();
        assertThat(post(TxnType.PRE_AUTH_VOID, 500_00, seq)).isNull();
        assertThat(post(TxnType.BALANCE_INQUIRY, 0, 0)).isNull();
        assertThat(books.post(entry(TxnType.SALE, Reason.INSUFFICIENT_FUNDS, RESTAURANT, 9_00, 0, MORNING))).isNull();
        assertThat(post(TxnType.REVERSAL, 0, 0)).isNull();
        assertThat(books.transactions()).isEmpty();
        assertThat(books.lastSeq()).isEqualTo(seq); // declines still advance the cursor
    }

    @Test
    void completion_postsLikeASale_andItsVoidUndoesIt() {
        post(TxnType.PRE_AUTH, 1_000_00, 0);
        LedgerTxn completion = post(TxnType.COMPLETION, 800_00, seq);
        assertThat(completion.grossFen()).isEqualTo(800_00);
        post(TxnType.COMPLETION_VOID, 800_00, completion.journalSeq());
        assertThat(cardholder()).isZero();
        assertThat(payable(RESTAURANT)).isZero();
        assertThat(books.balances().values()).allMatch(b -> b == 0);
    }

    @Test
    void postingTheSameJournalTwice_postsOnce_andARebuildIsIdentical() {
        LedgerTxn sale = post(TxnType.SALE, 10_00, 0);
        post(TxnType.SALE, 20_00, 0);
        post(TxnType.SALE_VOID, 10_00, sale.journalSeq());
        List<LedgerTxn> first = books.transactions();
        Map<Account, Long> balances = books.balances();

        journal.forEach(books::post); // a replay after restart hands the same entries again
        assertThat(books.transactions()).isEqualTo(first);
        assertThat(books.balances()).isEqualTo(balances);

        Books rebuilt = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
        journal.forEach(rebuilt::post);
        assertThat(rebuilt.transactions()).isEqualTo(first);
        assertThat(rebuilt.balances()).isEqualTo(balances);
    }

    @Test
    void afterACutover_laterPostingsLandOnTheNextDay_evenWithAnEarlierTimestamp() {
        post(TxnType.SALE, 10_00, 0);
        Cutover c = books.cutover(LocalDate.of(2026, 11, 26), Instant.parse("2026-11-26T15:30:00Z"));
        books.addCutover(c);
        assertThat(c.throughSeq()).isEqualTo(seq);

        LedgerTxn late = post(TxnType.SALE, 5_00, 0); // still 26 Nov by its clock, but the day is closed
        assertThat(late.businessDate()).isEqualTo(LocalDate.of(2026, 11, 27));
        LedgerTxn nextWeek = books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 5_00, 0,
                Instant.parse("2026-12-03T02:00:00Z")));
        assertThat(nextWeek.businessDate()).isEqualTo(LocalDate.of(2026, 12, 3));
        assertThat(books.closed(LocalDate.of(2026, 11, 25))).isTrue();
        assertThat(books.closed(LocalDate.of(2026, 11, 27))).isFalse();
        assertThatThrownBy(() -> books.cutover(LocalDate.of(2026, 11, 26), MORNING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already closed");

        // a rebuild that knows the cutover puts every posting on the same day as before
        Books rebuilt = new Books(MdrTable.defaults(), m -> "5812", SHANGHAI, TestTokens.TOKENS);
        rebuilt.loadCutover(c);
        journal.forEach(rebuilt::post);
        assertThat(rebuilt.transactions()).isEqualTo(books.transactions());
    }

    @Test
    void businessDay_isTheLocalDate_acrossMidnight_andForAnEntryStampedOnAnEarlierDay() {
        Instant beforeMidnight = Instant.parse("2026-11-26T15:59:59Z"); // 23:59:59 in Shanghai
        Instant midnight = Instant.parse("2026-11-26T16:00:00Z");
        assertThat(books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, beforeMidnight)).businessDate())
                .isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, midnight)).businessDate())
                .isEqualTo(LocalDate.of(2026, 11, 27));
        // a terminal clock or a replayed entry may be earlier than the one before it
        assertThat(books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, beforeMidnight)).businessDate())
                .isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, Instant.parse("2026-11-25T16:00:00Z")))
                .businessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(books.post(entry(TxnType.SALE, Reason.APPROVED, RESTAURANT, 1_00, 0, Instant.parse("2026-11-25T15:59:59Z")))
                .businessDate()).isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @ParameterizedTest(name = "{0} fen at {1} bps → {2}")
    @CsvSource({"10000, 60, 60", "1, 60, 0", "83, 60, 0", "84, 60, 1", "12345, 38, 47", "100, 10000, 100", "999999999, 0, 0"})
    void mdrFee_isRoundedHalfUpPerTransaction(long amount, int bps, long fee) {
        assertThat(MdrTable.fee(amount, bps)).isEqualTo(fee);
    }

    @Test
    void mdrTable_defaultsAndRefusals() {
        MdrTable t = MdrTable.defaults();
        assertThat(t.bps("5812")).isEqualTo(60);
        assertThat(t.bps("5411")).isEqualTo(38);
        assertThat(t.bps("8211")).isZero();
        assertThat(t.bps(null)).isEqualTo(60);
        assertThatThrownBy(() -> new MdrTable(10_001, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posting.debit(Account.reserveCustody(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
