package org.posnet.host.auth;

/** The card's available balance: provisioned + the host's postings − open pre-auth holds. */
final class Funds {
    private Funds() {
    }

    static long available(HostState state, Exchange x) {
        Account a = state.account(x.pan());
        return x.card.card().balanceFen() + a.deltaFen() - a.heldFen();
    }
}
