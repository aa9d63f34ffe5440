package org.posnet.host.auth;

/** 预授权完成: the pre-auth's hold is released into the debit, so it counts towards what is available. */
final class CompletionFunds implements Step {
    private final HostState state;

    CompletionFunds(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        Txn preAuth = state.txn(x.originalSeq);
        long available = x.card.card().balanceFen() + state.account(preAuth.pan()).deltaFen()
                - state.account(preAuth.pan()).heldFen() + preAuth.amountFen();
        return available < x.amountFen() ? Reason.INSUFFICIENT_FUNDS : null;
    }
}
