package org.posnet.host.auth;

/**
 * Issuer mode, 0420 reversal advice: finds the original through field 90 (original MTI n4 + original STAN
 * n6 + …) under the same 41/42/60.2 and undoes it when it is still in force. Always approves (00 with
 * nothing to undo, e.g. a request that never arrived), and a repeated 0420 is answered from the journal
 * by the duplicate step, so the card is restored exactly once however often the acquirer repeats it.
 */
final class LinkReversal implements Step {
    private final HostState state;

    LinkReversal(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        String f90 = x.request.string(90);
        if (f90 == null || f90.length() < 10) {
            return Reason.FORMAT_ERROR;
        }
        RequestKey original = new RequestKey(f90.substring(0, 4), x.terminalId(), x.merchantId(), x.batch, f90.substring(4, 10));
        HostState.Answer answer = state.answer(original);
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
