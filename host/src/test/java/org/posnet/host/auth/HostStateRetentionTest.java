package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the state forgets and releases with time: pre-auth holds after {@link AuthPolicy#preAuthHold}, batches
 * and per-seq facts after the retention, all by the journal entries' own times so a replay does the same.
 */
class HostStateRetentionTest {
    private static final String PAN = "6222021234567890128";
    private static final String MERCHANT = "898110058120001";
    private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");
    private static final Duration HOLD = Duration.ofDays(30);
    private static final Duration RETENTION = Duration.ofDays(40);

    private static final String FINGERPRINT_PREFIX = "0".repeat(48);

    private final HostState state = new HostState(HOLD, RETENTION);
    private long seq;

    private long apply(Instant at, String terminal, String batch, TxnType type, String trace, long amount, long original) {
        return apply(at, terminal, batch, type, trace, PAN, null, amount, original);
    }

    private long apply(Instant at, String terminal, String batch, TxnType type, String trace, String pan, String issuer, long amount,
            long original) {
        seq++;
        // a hex fingerprint as the Authorizer makes (anything else is hashed first: slow over a million entries)
        String fingerprint = FINGERPRINT_PREFIX + Long.toHexString(seq | 1L << 60);
        state.apply(new JournalEntry(seq, at, type, Reason.APPROVED, "00", terminal, MERCHANT, type.mti(), batch, trace, pan, amount,
                Authorizer.rrn(seq), Authorizer.authCode(seq), original, -1, fingerprint, "", issuer, null));
        return seq;
    }

    private long apply(Instant at, TxnType type, String trace, long amount, long original) {
        return apply(at, "10000001", "000001", type, trace, amount, original);
    }

    /** An entry at {@code at} that changes nothing else (no card, no answer kept): time moves only with the journal. */
    private void tick(Instant at) {
        seq++;
        state.apply(new JournalEntry(seq, at, TxnType.BALANCE_INQUIRY, Reason.APPROVED, "00", "10000009", MERCHANT, "0200",
                "000001", "000001", null, 0, null, null, 0, -1, null, ""));
    }

    /**
     * A day after its settlement a batch no longer keeps its answers (repeats of its requests came within minutes),
     * and keeps its approvals packed: a refund's original, the totals and the transactions read as before. A batch
     * not settled keeps its answers for the whole retention.
     */
    @Test
    void aSettledBatch_dropsItsAnswersADayLater_andKeepsItsOriginalsAndTotals() {
        long[] sales = new long[100];
        for (int i = 0; i < sales.length; i++) {
            sales[i] = apply(T0.plusSeconds(i), TxnType.SALE, String.format("%06d", i + 1), 100 + i, 0);
        }
        long open = apply(T0.plusSeconds(200), "10000002", "000007", TxnType.SALE, "000001", 7_00, 0);
        long settled = apply(T0.plusSeconds(300), TxnType.SETTLEMENT, "000101", 0, 0);
        RequestKey firstSale = new RequestKey("0200", "10000001", MERCHANT, "000001", "000001");
        RequestKey settlement = new RequestKey("0500", "10000001", MERCHANT, "000001", "000101");
        RequestKey openSale = new RequestKey("0200", "10000002", MERCHANT, "000007", "000001");
        HostState.Totals totals = state.totals("10000001", "000001");

        tick(T0.plus(Duration.ofHours(23)));
        assertThat(state.answer(firstSale).seq()).isEqualTo(sales[0]);
        assertThat(state.answer(settlement).seq()).isEqualTo(settled);
        assertThat(state.compactedBatches()).isZero();

        tick(T0.plus(Duration.ofHours(26)));
        assertThat(state.compactedBatches()).isEqualTo(1);
        assertThat(state.answer(firstSale)).isNull();
        assertThat(state.answer(settlement)).isNull();
        assertThat(state.answer(openSale).seq()).as("not settled: kept").isEqualTo(open);
        for (int i = 0; i < sales.length; i++) {
            assertThat(state.txn("10000001", "000001", String.format("%06d", i + 1)).seq()).isEqualTo(sales[i]);
        }
        assertThat(state.txn("10000001", "000001", "000999")).isNull();
        assertThat(state.totals("10000001", "000001")).isEqualTo(totals);
        assertThat(state.heldBatches()).as("compacted, not forgotten").isEqualTo(2);
        // a refund a week later still finds its original in the packed approvals
        long refund = apply(T0.plus(Duration.ofDays(7)), "10000001", "000002", TxnType.REFUND, "000001", PAN, null, 50, sales[42]);
        assertThat(state.txn(sales[42]).refundedFen()).isEqualTo(50);
        assertThat(state.txn(refund).originalSeq()).isEqualTo(sales[42]);
    }

    @Test
    void preAuthHold_isReleasedWhenItsTimeRunsOut_andALateCompletionDoesNotReleaseItTwice() {
        long preAuth = apply(T0, TxnType.PRE_AUTH, "000001", 50_000, 0);
        tick(T0.plus(HOLD).minusSeconds(1));
        assertThat(state.account(PAN).heldFen()).isEqualTo(50_000);
        assertThat(state.txn(preAuth).status()).isEqualTo(Txn.Status.APPROVED);

        tick(T0.plus(HOLD));
        assertThat(state.account(PAN).heldFen()).isZero();
        assertThat(state.txn(preAuth).status()).isEqualTo(Txn.Status.EXPIRED);
        assertThat(state.expiredHolds()).isEqualTo(1);

        // a journal written before holds ran out can complete it later: the money moves, the hold is not released again
        apply(T0.plus(HOLD).plusSeconds(60), TxnType.COMPLETION, "000002", 40_000, preAuth);
        assertThat(state.account(PAN).heldFen()).isZero();
        assertThat(state.account(PAN).deltaFen()).isEqualTo(-40_000);
        assertThat(state.txn(preAuth).status()).isEqualTo(Txn.Status.COMPLETED);
    }

    @Test
    void completedOrVoidedPreAuths_releaseNothingWhenTheirTimeComes() {
        long completed = apply(T0, TxnType.PRE_AUTH, "000001", 50_000, 0);
        long voided = apply(T0, TxnType.PRE_AUTH, "000002", 20_000, 0);
        long open = apply(T0, TxnType.PRE_AUTH, "000003", 7_000, 0);
        apply(T0.plusSeconds(60), TxnType.COMPLETION, "000004", 50_000, completed);
        apply(T0.plusSeconds(60), TxnType.PRE_AUTH_VOID, "000005", 20_000, voided);
        assertThat(state.account(PAN).heldFen()).isEqualTo(7_000);

        tick(T0.plus(HOLD));
        assertThat(state.account(PAN).heldFen()).isZero();
        assertThat(state.txn(open).status()).isEqualTo(Txn.Status.EXPIRED);
        assertThat(state.txn(completed).status()).isEqualTo(Txn.Status.COMPLETED);
        assertThat(state.txn(voided).status()).isEqualTo(Txn.Status.VOIDED);
        assertThat(state.expiredHolds()).isEqualTo(1);
    }

    @Test
    void undoingACompletion_reopensTheHoldOnlyWhileItHasTimeLeft() {
        long early = apply(T0, TxnType.PRE_AUTH, "000001", 30_000, 0);
        long completion = apply(T0.plus(Duration.ofDays(29)), TxnType.COMPLETION, "000002", 30_000, early);
        // voided a day later: the pre-auth's 30 days are over, so it does not hold again
        apply(T0.plus(Duration.ofDays(30)), TxnType.COMPLETION_VOID, "000003", 30_000, completion);
        assertThat(state.txn(early).status()).isEqualTo(Txn.Status.EXPIRED);
        assertThat(state.account(PAN).heldFen()).isZero();
        assertThat(state.account(PAN).deltaFen()).isZero();

        Instant t1 = T0.plus(Duration.ofDays(31));
        long fresh = apply(t1, TxnType.PRE_AUTH, "000004", 8_000, 0);
        long completion2 = apply(t1.plusSeconds(10), TxnType.COMPLETION, "000005", 8_000, fresh);
        apply(t1.plusSeconds(20), TxnType.COMPLETION_VOID, "000006", 8_000, completion2);
        assertThat(state.txn(fresh).status()).isEqualTo(Txn.Status.APPROVED);
        assertThat(state.account(PAN).heldFen()).isEqualTo(8_000);
        // and the reopened hold still runs out on time
        tick(t1.plus(HOLD));
        assertThat(state.account(PAN).heldFen()).isZero();
    }

    @Test
    void aBatch_isForgottenRetentionAfterItsFirstTransaction_anotherBatchStays() {
        apply(T0, "10000001", "000001", TxnType.SALE, "000001", 1_000, 0);
        apply(T0.plus(Duration.ofDays(10)), "10000001", "000002", TxnType.SALE, "000001", 2_000, 0);
        assertThat(state.heldBatches()).isEqualTo(2);
        tick(T0.plus(RETENTION).minusSeconds(3600));
        assertThat(state.txn("10000001", "000001", "000001")).isNotNull();

        tick(T0.plus(RETENTION).plusSeconds(3600));
        assertThat(state.txn("10000001", "000001", "000001")).isNull();
        assertThat(state.answer(new RequestKey("0200", "10000001", MERCHANT, "000001", "000001"))).isNull();
        assertThat(state.totals("10000001", "000001")).isEqualTo(new HostState.Totals(0, 0, 0, 0));
        assertThat(state.txn("10000001", "000002", "000001").amountFen()).isEqualTo(2_000);
        assertThat(state.forgottenBatches()).isEqualTo(1);
        // the card's balance is history, not a batch: it stays
        assertThat(state.account(PAN).deltaFen()).isEqualTo(-3_000);
    }

    @Test
    void monthsOfDailyBatches_keepMemoryBounded_andRecentOriginalsFindable() {
        int terminals = 50;
        int salesPerTerminalPerDay = 100;
        String[] traces = new String[salesPerTerminalPerDay];
        for (int i = 0; i < traces.length; i++) {
            traces[i] = String.format("%06d", i + 1);
        }
        int days = 120;
        int[] chunksAt = new int[days];
        long lastSale = 0;
        for (int day = 0; day < days; day++) {
            Instant morning = T0.plus(Duration.ofDays(day));
            String batch = String.format("%06d", day + 1);
            for (int t = 0; t < terminals; t++) {
                String terminal = String.format("1%07d", t);
                for (int i = 0; i < salesPerTerminalPerDay; i++) {
                    lastSale = apply(morning.plusSeconds(i * 60L), terminal, batch, TxnType.SALE, traces[i], 100, 0);
                }
            }
            chunksAt[day] = state.heldChunks();
        }
        int perDay = terminals * salesPerTerminalPerDay;
        // 41 days of entries at most (the retention and the day being filled), in chunks of 16,384 seqs, plus the partial ones
        int bound = (int) Math.ceil(41.0 * perDay / 16_384) + 2;
        assertThat(chunksAt[days - 1]).isLessThanOrEqualTo(bound).isBetween(chunksAt[80] - 1, chunksAt[80] + 1);
        assertThat(state.heldBatches()).isLessThanOrEqualTo(terminals * 41 + 1);
        assertThat(state.forgottenBatches()).isGreaterThanOrEqualTo((long) terminals * (days - 41));
        // 29 days back is still there for a refund; the first days are gone
        assertThat(state.txn("10000007", String.format("%06d", days - 29), "000100")).isNotNull();
        assertThat(state.txn("10000007", "000001", "000100")).isNull();
        assertThat(state.txn(1)).isNull();
        assertThat(state.txn(lastSale).amountFen()).isEqualTo(100);
    }

    @Test
    void reversingARefund_whoseSaleWasForgotten_touchesOnlyWhatIsLeft() {
        long sale = apply(T0, "10000001", "000001", TxnType.SALE, "000001", 5_000, 0);
        // fill the sale's chunk (16,384 seqs) that day, so the refund lands in the next one
        while (seq < 16_383) {
            tick(T0.plusSeconds(1));
        }
        long refund = apply(T0.plus(Duration.ofDays(29)), "10000001", "000009", TxnType.REFUND, "000001", 1_000, sale);
        assertThat(state.heldChunks()).isEqualTo(2);
        tick(T0.plus(RETENTION).plusSeconds(7200));
        assertThat(state.txn(sale)).isNull();
        assertThat(state.heldChunks()).isEqualTo(1);
        apply(T0.plus(RETENTION).plusSeconds(7300), "10000001", "000009", TxnType.REVERSAL, "000002", 0, refund);
        assertThat(state.txn(refund).status()).isEqualTo(Txn.Status.REVERSED);
        assertThat(state.account(PAN).deltaFen()).isEqualTo(-5_000);
    }

    @Test
    void offUsCards_getNoAccount_andTheirTransactionsStillVoidRefundCompleteAndReverse() {
        String offUs = "6250941234567890125";
        long sale = apply(T0, "10000001", "000001", TxnType.SALE, "000001", offUs, "cup", 5_000, 0);
        long refund = apply(T0.plusSeconds(60), "10000001", "000001", TxnType.REFUND, "000002", offUs, "cup", 1_000, sale);
        long preAuth = apply(T0.plusSeconds(120), "10000001", "000001", TxnType.PRE_AUTH, "000003", offUs, "cup", 9_000, 0);
        long completion = apply(T0.plusSeconds(180), "10000001", "000001", TxnType.COMPLETION, "000004", offUs, "cup", 8_000, preAuth);
        // a reversal is the host's own answer (no issuer on its entry): its effect follows the original's card
        apply(T0.plusSeconds(240), "10000001", "000001", TxnType.REVERSAL, "000005", offUs, null, 0, completion);
        long voided = apply(T0.plusSeconds(300), "10000001", "000001", TxnType.SALE, "000006", offUs, "cup", 700, 0);
        apply(T0.plusSeconds(360), "10000001", "000001", TxnType.SALE_VOID, "000007", offUs, "cup", 700, voided);

        assertThat(state.cardAccounts()).isZero();
        assertThat(state.account(offUs).deltaFen()).isZero();
        assertThat(state.account(offUs).heldFen()).isZero();
        assertThat(state.txn(sale).pan()).isEqualTo(offUs);
        assertThat(state.txn(sale).refundedFen()).isEqualTo(1_000);
        assertThat(state.txn(completion).status()).isEqualTo(Txn.Status.REVERSED);
        assertThat(state.txn(preAuth).status()).isEqualTo(Txn.Status.APPROVED);
        assertThat(state.txn(voided).status()).isEqualTo(Txn.Status.VOIDED);
        // a reversed completion counts for nothing, a voided sale and its void both count (as on-us)
        assertThat(state.totals("10000001", "000001")).isEqualTo(new HostState.Totals(5_700, 2, 1_700, 2));
        // the off-us pre-auth's hold runs out like any other, and touches no account
        tick(T0.plus(HOLD).plusSeconds(120));
        assertThat(state.txn(preAuth).status()).isEqualTo(Txn.Status.EXPIRED);
        assertThat(state.cardAccounts()).isZero();

        // an on-us card beside them keeps its account as before
        apply(T0.plus(HOLD).plusSeconds(10), "10000001", "000002", TxnType.SALE, "000001", 2_500, 0);
        assertThat(state.cardAccounts()).isEqualTo(1);
        assertThat(state.account(PAN).deltaFen()).isEqualTo(-2_500);
    }

    @Test
    void theCardNumbersOfForgottenTransactions_go_soAYearOfNewCardsHoldsOnlyTheRetentionsWorth() {
        int cardsPerDay = 2_000;
        int days = 120;
        int[] heldAt = new int[days];
        for (int day = 0; day < days; day++) {
            Instant morning = T0.plus(Duration.ofDays(day));
            String batch = String.format("%06d", day + 1);
            for (int i = 0; i < cardsPerDay; i++) {
                // every sale a card never seen before, as an acquirer's terminals mostly read other banks' cards
                String pan = org.posnet.common.text.Digits.zeroPadded(day * (long) cardsPerDay + i, 15);
                apply(morning.plusSeconds(i * 30L), "10000001", batch, TxnType.SALE, String.format("%06d", i + 1), "6250" + pan,
                        "cup", 100, 0);
            }
            heldAt[day] = state.heldCards();
        }
        assertThat(state.cardAccounts()).isZero();
        // the cards of the last 41 days at most (the retention, the day being filled and a chunk's worth of overlap)
        assertThat(heldAt[days - 1]).isLessThanOrEqualTo(41 * cardsPerDay + 16_384).isBetween(heldAt[80] - 16_384, heldAt[80] + 16_384);
        assertThat(heldAt[days - 1]).isLessThan(days * cardsPerDay / 2);
        // a card still held is still found by its transaction
        long last = seq;
        assertThat(state.txn(last).pan()).isEqualTo("6250" + org.posnet.common.text.Digits.zeroPadded(days * (long) cardsPerDay - 1, 15));
    }

    @Test
    void aCardSeenAgain_isHeldUntilItsLastTransactionGoes() {
        String offUs = "6250941234567890125";
        long first = apply(T0, "10000001", "000001", TxnType.SALE, "000001", offUs, "cup", 100, 0);
        // the next chunk (16,384 seqs on), 20 days later: the same card again
        while (seq < 16_383) {
            tick(T0.plusSeconds(1));
        }
        long second = apply(T0.plus(Duration.ofDays(20)), "10000001", "000002", TxnType.SALE, "000001", offUs, "cup", 100, 0);
        assertThat(state.heldCards()).isEqualTo(1);
        // and fill that chunk the same day, so later entries (which keep a chunk) land in the one after
        while (seq < 2 * 16_384 - 1) {
            tick(T0.plus(Duration.ofDays(20)));
        }
        tick(T0.plus(RETENTION).plusSeconds(7200));
        assertThat(state.txn(first)).isNull();
        assertThat(state.txn(second).pan()).isEqualTo(offUs);
        assertThat(state.heldCards()).isEqualTo(1);
        tick(T0.plus(Duration.ofDays(20)).plus(RETENTION).plusSeconds(7200));
        assertThat(state.txn(second)).isNull();
        assertThat(state.heldCards()).isZero();
    }

    @Test
    void aRetentionNoLongerThanTheHold_isRefused() {
        assertThatThrownBy(() -> new HostState(Duration.ofDays(30), Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthPolicy.defaults().withWindows(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    }
}
