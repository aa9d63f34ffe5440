package org.posnet.host.auth;

/** Sale (消费) and pre-auth (预授权): the available balance must cover the amount (51). */
final class Debit implements Step {
    private final HostState state;

    Debit(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        return Funds.available(state, x) < x.amountFen() ? Reason.INSUFFICIENT_FUNDS : null;
    }
}
