package org.posnet.host.auth;

import org.posnet.host.iso.IsoFrame;

/**
 * What the host answers to one frame.
 *
 * @param reply  the frame to send, or null when the connection should be closed instead (a message
 *               that cannot be answered, such as a response MTI); without its MAC when {@code wire} is set
 * @param type   the routed type, or null when the request was not routed
 * @param entry  the journal entry made durable for it, or null
 * @param repeat true when this repeats an earlier answer to the same request
 * @param wire   the reply frame encoded with its MAC, or null: then {@code reply} is encoded as it is
 */
public record Outcome(IsoFrame reply, TxnType type, Reason reason, String code, JournalEntry entry, boolean repeat,
        byte[] wire) {

    /** An outcome whose reply is written as {@code reply} encodes (no MAC added). */
    public Outcome(IsoFrame reply, TxnType type, Reason reason, String code, JournalEntry entry, boolean repeat) {
        this(reply, type, reason, code, entry, repeat, null);
    }
}
