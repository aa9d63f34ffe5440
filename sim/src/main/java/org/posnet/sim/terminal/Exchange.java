package org.posnet.sim.terminal;

import org.posnet.host.iso.IsoMessage;

/**
 * One request and what came of it: the checked reply, or — when none came in time — the reversal the
 * terminal sent instead ({@code reply} is then null and {@code reversalReply} the host's 0410).
 */
public record Exchange(IsoMessage request, IsoMessage reply, IsoMessage reversalReply) {

    public boolean timedOut() {
        return reply == null;
    }

    /** Field 39 of the reply, or null after a timeout. */
    public String code() {
        return reply == null ? null : reply.string(39);
    }

    public boolean approved() {
        return "00".equals(code());
    }
}
