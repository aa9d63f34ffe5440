package org.posnet.host.auth;

/**
 * The same request again (same key and same content) gets the same answer again; the same key with
 * other content is a reused trace and gets 94. Runs before the PIN and balance steps so a retransmitted
 * sale neither burns a PIN try nor sees the balance its first copy already took.
 */
final class DuplicateCheck implements Step {
    private final HostState state;

    DuplicateCheck(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        HostState.Answer answer = state.answer(x.key());
        if (answer == null) {
            return null;
        }
        if (!answer.sameRequest(x.fingerprint)) {
            return Reason.DUPLICATE;
        }
        x.repeat = answer;
        return answer.reason();
    }
}
