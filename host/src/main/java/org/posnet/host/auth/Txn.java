package org.posnet.host.auth;

/**
 * An approved financial transaction as the host remembers it, for voids, refunds, completions, reversals
 * and settlement totals. Mutable, and only ever changed by {@link HostState#apply} under its lock.
 */
public final class Txn {

    /** Where an approved transaction stands. */
    public enum Status {
        /** In force (for a pre-auth: an open hold). */
        APPROVED,
        VOIDED,
        /** A pre-auth that a completion consumed. */
        COMPLETED,
        REVERSED
    }

    final long seq;
    final TxnType type;
    final String terminal;
    final String batch;
    final String trace;
    final String pan;
    final long amountFen;
    final String rrn;
    final String authCode;
    final long originalSeq;
    Status status = Status.APPROVED;
    long refundedFen;

    Txn(JournalEntry e) {
        this.seq = e.seq();
        this.type = e.type();
        // kept for every transaction: the few distinct terminal ids, batches and PANs are shared, not copied
        this.terminal = e.terminal().intern();
        this.batch = e.batch().intern();
        this.trace = e.trace();
        this.pan = e.pan() == null ? null : e.pan().intern();
        this.amountFen = e.amountFen();
        this.rrn = e.rrn();
        this.authCode = e.authCode();
        this.originalSeq = e.originalSeq();
    }

    public long seq() {
        return seq;
    }

    public TxnType type() {
        return type;
    }

    public String pan() {
        return pan;
    }

    public long amountFen() {
        return amountFen;
    }

    public String rrn() {
        return rrn;
    }

    public String authCode() {
        return authCode;
    }

    public String batch() {
        return batch;
    }

    public Status status() {
        return status;
    }

    public long refundedFen() {
        return refundedFen;
    }
}
