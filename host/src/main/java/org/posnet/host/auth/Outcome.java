package org.posnet.host.auth;

import org.posnet.host.iso.IsoFrame;

/**
 * What the host answers to one frame.
 *
 * @param reply  the frame to send, or null when the connection should be closed instead (a message
 *               that cannot be answered, such as a response MTI)
 * @param type   the routed type, or null when the request was not routed
 * @param entry  the journal entry made durable for it, or null
 * @param repeat true when this repeats an earlier answer to the same request
 */
public record Outcome(IsoFrame reply, TxnType type, Reason reason, String code, JournalEntry entry, boolean repeat) {
}
