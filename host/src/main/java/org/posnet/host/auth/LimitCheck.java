package org.posnet.host.auth;

/** A positive amount (30 otherwise) no larger than the single-transaction limit (61). */
final class LimitCheck implements Step {
    private final long limitFen;

    LimitCheck(long limitFen) {
        this.limitFen = limitFen;
    }

    @Override
    public Reason run(Exchange x) {
        long amount = x.amountFen();
        if (amount <= 0) {
            return Reason.FORMAT_ERROR;
        }
        return amount > limitFen ? Reason.OVER_LIMIT : null;
    }
}
