package org.posnet.host.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state machine behind the journal: each approved type's effect, its reversal, and the settlement counting rules. */
class HostStateTest {
    private static final String PAN = "6222021234567890128";
    private final HostState state = new HostState();

    private long seq;

    private JournalEntry entry(TxnType type, Reason reason, String trace, long amount, long original) {
        seq++;
        return new JournalEntry(seq, Instant.EPOCH, type, reason, reason.approved() ? "00" : "51", "10000001",
                "898110058120001", type.mti(), "000001", trace, PAN, amount, String.format("%012d", seq),
                String.format("%06d", seq), original, -1, "fp" + seq, "");
    }

    private long apply(TxnType type, String trace, long amount, long original) {
        JournalEntry e = entry(type, Reason.APPROVED, trace, amount, original);
        state.apply(e);
        return e.seq();
    }

    private void reverse(String trace) {
        HostState.Answer a = null;
        for (String mti : new String[] {"0200", "0100", "0220"}) {
            a = a != null ? a : state.answer(new RequestKey(mti, "10000001", "898110058120001", "000001", trace));
        }
        state.apply(entry(TxnType.REVERSAL, Reason.APPROVED, trace, 0, a.seq()));
    }

    @Test
    void sale_void_refund_moveTheBalance_andCountAsDebitAndCredits() {
        long sale = apply(TxnType.SALE, "000001", 10_000, 0);
        apply(TxnType.SALE, "000002", 3_000, 0);
        apply(TxnType.SALE_VOID, "000003", 10_000, sale);
        long second = state.txn("10000001", "000001", "000002").seq();
        apply(TxnType.REFUND, "000004", 1_000, second);

        assertThat(state.account(PAN).deltaFen()).isEqualTo(-2_000);
        assertThat(state.txn(sale).status()).isEqualTo(Txn.Status.VOIDED);
        assertThat(state.totals("10000001", "000001")).isEqualTo(new HostState.Totals(13_000, 2, 11_000, 2));
    }

    @Test
    void preAuthAndCompletion_holdThenDebit_andCountOnlyTheCompletion() {
        long preAuth = apply(TxnType.PRE_AUTH, "000001", 50_000, 0);
        assertThat(state.account(PAN).heldFen()).isEqualTo(50_000);
        apply(TxnType.COMPLETION, "000002", 40_000, preAuth);

        assertThat(state.account(PAN).heldFen()).isZero();
        assertThat(state.account(PAN).deltaFen()).isEqualTo(-40_000);
        assertThat(state.totals("10000001", "000001")).isEqualTo(new HostState.Totals(40_000, 1, 0, 0));
    }

    @ParameterizedTest(name = "reversing {0} restores the account")
    @CsvSource({"SALE", "SALE_VOID", "REFUND", "PRE_AUTH", "PRE_AUTH_VOID", "COMPLETION", "COMPLETION_VOID"})
    void reversal_undoesEachType(TxnType type) {
        long base = apply(TxnType.SALE, "000001", 9_000, 0);
        long preAuth = apply(TxnType.PRE_AUTH, "000002", 5_000, 0);
        long completion = 0;
        if (type == TxnType.COMPLETION_VOID) {
            completion = apply(TxnType.COMPLETION, "000003", 4_000, preAuth);
        }
        long deltaBefore = state.account(PAN).deltaFen();
        long heldBefore = state.account(PAN).heldFen();
        HostState.Totals totalsBefore = state.totals("10000001", "000001");
        long original = switch (type) {
            case SALE, PRE_AUTH -> 0;
            case SALE_VOID, REFUND -> base;
            case PRE_AUTH_VOID, COMPLETION -> preAuth;
            case COMPLETION_VOID -> completion;
            default -> throw new IllegalArgumentException();
        };
        apply(type, "000009", type == TxnType.REFUND ? 1_000 : type == TxnType.COMPLETION ? 3_000
                : type == TxnType.COMPLETION_VOID ? 4_000 : 2_000, original);

        reverse("000009");

        assertThat(state.account(PAN).deltaFen()).isEqualTo(deltaBefore);
        assertThat(state.account(PAN).heldFen()).isEqualTo(heldBefore);
        assertThat(state.totals("10000001", "000001")).isEqualTo(totalsBefore);
    }

    @Test
    void declinedEntries_changeNothingButPinTries_andAreRemembered() {
        JournalEntry declined = new JournalEntry(1, Instant.EPOCH, TxnType.SALE, Reason.WRONG_PIN, "55", "10000001",
                "898110058120001", "0200", "000001", "000001", PAN, 100, "000000000001", "000001", 0, 1, "fp", "");
        state.apply(declined);

        assertThat(state.account(PAN).deltaFen()).isZero();
        assertThat(state.account(PAN).pinTries()).isEqualTo(1);
        assertThat(state.answer(declined.key()).reason()).isEqualTo(Reason.WRONG_PIN);
    }

    @Test
    void entriesOutOfOrder_areRefused() {
        apply(TxnType.SALE, "000001", 1, 0);
        JournalEntry stale = new JournalEntry(1, Instant.EPOCH, TxnType.SALE, Reason.APPROVED, "00", "10000001",
                "898110058120001", "0200", "000001", "000002", PAN, 1, "1", "1", 0, -1, "fp", "");
        assertThatThrownBy(() -> state.apply(stale)).hasMessageContaining("out of order");
    }

    @Test
    void batchNumbers_countUpAndWrap() {
        assertThat(state.nextBatch("10000001")).isEqualTo("000001");
    }

    @Test
    void luhn() {
        assertThat(Luhn.valid(PAN)).isTrue();
        assertThat(Luhn.valid("6222021234567890129")).isFalse();
        assertThat(Luhn.valid("12345")).isFalse();
        assertThat(Luhn.valid("62220212345678901X")).isFalse();
    }
}
