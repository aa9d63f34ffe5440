package org.posnet.host.auth;

/**
 * 冲正: finds the original by the same key under the original's MTI (0100 for pre-auth and its void,
 * else 0200) and marks it to be undone when it was approved and is still in force. Always approves: with
 * nothing to undo the answer is still 00, and a repeat gets the same answer through the duplicate step.
 */
final class Reversal implements Step {
    private final HostState state;

    Reversal(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        String originalMti = x.type60.equals("10") || x.type60.equals("11") ? "0100" : "0200";
        HostState.Answer answer = state.answer(new RequestKey(originalMti, x.terminalId(), x.merchantId(), x.batch, x.trace()));
        if (answer != null && answer.reason().approved()) {
            Txn t = state.txn(answer.seq());
            if (t != null && t.status() == Txn.Status.APPROVED) {
                x.originalSeq = t.seq();
                x.entryPan = t.pan();
            }
        }
        return null;
    }
}
