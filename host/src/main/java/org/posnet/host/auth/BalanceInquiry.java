package org.posnet.host.auth;

/**
 * 查询: the available balance in field 54 — account type 10, amount type 02 (available), currency, C/D
 * sign, 12 digits of fen.
 */
final class BalanceInquiry implements Step {
    private final HostState state;

    BalanceInquiry(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        long available = Funds.available(state, x);
        x.replyFields.put(54, "1002" + x.card.card().currency() + (available < 0 ? 'D' : 'C')
                + String.format("%012d", Math.abs(available)));
        return null;
    }
}
