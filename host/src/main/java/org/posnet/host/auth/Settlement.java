package org.posnet.host.auth;

/**
 * 批结算 (0500): compares the terminal's totals in field 48 with the host's for the batch and answers
 * 00 with the reconciliation code in the reply's 48 — 1 balanced, 2 unbalanced (digit 31 domestic,
 * digit 62 foreign). The batch closes either way; an unbalanced terminal then uploads it with 0320.
 */
final class Settlement implements Step {
    private final HostState state;

    Settlement(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        String f48 = x.request.string(48);
        if (f48 == null || f48.length() < 30) {
            return Reason.FORMAT_ERROR;
        }
        HostState.Totals host = state.totals(x.terminalId(), x.batch);
        String hostTotals = String.format("%012d%03d%012d%03d", host.debitFen(), host.debitCount(), host.creditFen(),
                host.creditCount());
        boolean balanced = f48.substring(0, 30).equals(hostTotals);
        StringBuilder reply = new StringBuilder(f48.substring(0, 30)).append(balanced ? '1' : '2');
        if (f48.length() >= 61) {
            String foreign = f48.substring(31, 61);
            // the on-us issuer has no foreign cards: only all-zero foreign totals balance
            reply.append(foreign).append(foreign.chars().allMatch(c -> c == '0') ? '1' : '2');
        }
        x.replyFields.put(48, reply.toString());
        x.detail = (balanced ? "balanced" : "unbalanced") + " host=" + hostTotals + " terminal=" + f48.substring(0, 30);
        return null;
    }
}
