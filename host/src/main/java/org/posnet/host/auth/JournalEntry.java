package org.posnet.host.auth;

import java.time.Instant;

/**
 * One durable fact of the host: a sign-on, sign-off, settlement, batch upload, or a financial request
 * answered after its MAC was verified (approved or declined). {@link HostState#apply} turns entries into
 * state — live and on restart alike — so what the host knows after a restart is exactly what it had
 * journaled. No clear key, PIN or PIN block is ever part of an entry.
 *
 * @param originalSeq the entry this one voids, completes, refunds or reverses; 0 when none
 * @param pinTries    the card's wrong-PIN count after this request, or -1 when the PIN was not checked
 * @param fingerprint SHA-256 (hex) of the request's MAC block, to tell a repeat from a reused trace; null
 *                    for entries that are not answers to be repeated
 * @param detail      type-specific text: the reply (hex, without MAC) for repeatable answers; the sealed
 *                    working keys for a sign-on; the reconciliation result for a settlement
 * @param issuer      the link (by its configured name) to the remote issuer this request was routed to, for
 *                    another issuer's card (off-us); null when this host's own issuer answered it — on-us cards,
 *                    and everything that is not a card's request (a reversal too: its effect is its original's)
 * @param acquirer    in issuer mode, the remote acquirer a request came from over the link (its field 32, the
 *                    acquiring institution); null for requests of this host's own terminals
 */
public record JournalEntry(long seq, Instant at, TxnType type, Reason reason, String responseCode, String terminal,
        String merchant, String mti, String batch, String trace, String pan, long amountFen, String rrn,
        String authCode, long originalSeq, int pinTries, String fingerprint, String detail, String issuer, String acquirer) {

    public JournalEntry {
        if (seq <= 0 || at == null || type == null || reason == null || responseCode == null || terminal == null
                || merchant == null || mti == null || batch == null || trace == null) {
            throw new IllegalArgumentException("a journal entry needs seq, time, type, reason, code, terminal, merchant,"
                    + " MTI, batch and trace");
        }
    }

    /** An entry of this host's own terminal that its own issuer answered ({@code issuer} and {@code acquirer} null). */
    public JournalEntry(long seq, Instant at, TxnType type, Reason reason, String responseCode, String terminal,
            String merchant, String mti, String batch, String trace, String pan, long amountFen, String rrn,
            String authCode, long originalSeq, int pinTries, String fingerprint, String detail) {
        this(seq, at, type, reason, responseCode, terminal, merchant, mti, batch, trace, pan, amountFen, rrn, authCode,
                originalSeq, pinTries, fingerprint, detail, null, null);
    }

    /** This entry with another {@code issuer} and {@code acquirer} (tools and tests building other banks' entries). */
    public JournalEntry withCounterparties(String issuer, String acquirer) {
        return new JournalEntry(seq, at, type, reason, responseCode, terminal, merchant, mti, batch, trace, pan, amountFen, rrn,
                authCode, originalSeq, pinTries, fingerprint, detail, issuer, acquirer);
    }

    /** Another issuer's card, answered by that issuer over a link. */
    public boolean offUs() {
        return issuer != null;
    }

    /** A remote acquirer's request for one of this host's cards (issuer mode). */
    public boolean fromRemoteAcquirer() {
        return acquirer != null;
    }

    public RequestKey key() {
        return new RequestKey(mti, terminal, merchant, batch, trace);
    }

    @Override
    public String toString() {
        // the PAN is left out: entries end up in log lines
        return "JournalEntry[seq=" + seq + " " + type + " " + reason + " terminal=" + terminal + " batch=" + batch
                + " trace=" + trace + " amountFen=" + amountFen + (issuer != null ? " issuer=" + issuer : "")
                + (acquirer != null ? " acquirer=" + acquirer : "") + "]";
    }
}
