package org.posnet.host.auth;

import java.time.Duration;
import java.util.Set;

/**
 * Finds the original of a void, refund or completion through field 61 (original batch + trace) and
 * checks it against field 37 (its RRN), 38 (its authorization code, when asked) and the PAN: 25 when
 * it is not there, not of the right type, no longer in force, or older than {@code maxAge}.
 */
final class Original implements Step {
    private final HostState state;
    private final Set<TxnType> types;
    private final boolean sameBatch;
    private final boolean authCodeRequired;
    private final AmountRule amountRule;
    /** How old the original may be (the refund window, the pre-auth hold); null: any age. */
    private final Duration maxAge;

    /** How the request's amount must relate to the original's. */
    enum AmountRule { EQUAL, AT_MOST_REMAINING }

    Original(HostState state, Set<TxnType> types, boolean sameBatch, boolean authCodeRequired, AmountRule amountRule,
            Duration maxAge) {
        this.state = state;
        this.maxAge = maxAge;
        this.types = Set.copyOf(types);
        this.sameBatch = sameBatch;
        this.authCodeRequired = authCodeRequired;
        this.amountRule = amountRule;
    }

    @Override
    public Reason run(Exchange x) {
        String[] ref = x.original();
        if (ref == null) {
            return Reason.FORMAT_ERROR;
        }
        Txn t = state.txn(x.terminalId(), ref[0], ref[1]);
        if (t == null || !types.contains(t.type()) || t.status() != Txn.Status.APPROVED
                || (sameBatch && !t.batch().equals(x.batch))
                // the same comparison as HostState's hold expiry, so a pre-auth the state still holds is one this allows
                || (maxAge != null && !t.at().plus(maxAge).isAfter(x.now))) {
            return Reason.ORIGINAL_NOT_FOUND;
        }
        String rrn = x.request.string(37);
        String authCode = x.request.string(38);
        String pan = x.pan();
        if ((rrn != null && !rrn.equals(t.rrn())) || (pan != null && !pan.equals(t.pan()))
                || (authCode == null ? authCodeRequired : !authCode.equals(t.authCode()))) {
            return Reason.ORIGINAL_NOT_FOUND;
        }
        long amount = x.amountFen();
        if (amountRule == AmountRule.EQUAL && amount != t.amountFen()) {
            return Reason.INVALID_TRANSACTION;
        }
        if (amountRule == AmountRule.AT_MOST_REMAINING && (amount <= 0 || amount > t.amountFen() - t.refundedFen())) {
            return Reason.OVER_LIMIT;
        }
        x.originalSeq = t.seq();
        x.entryPan = t.pan();
        return null;
    }
}
