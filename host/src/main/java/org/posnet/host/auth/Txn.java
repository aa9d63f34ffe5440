package org.posnet.host.auth;

/**
 * An approved financial transaction as the host remembers it, for voids, refunds, completions, reversals
 * and settlement totals: a snapshot that {@link HostState#txn} makes when asked (the state itself keeps
 * transactions in flat arrays, not as objects).
 */
public final class Txn {

    /** Where an approved transaction stands. */
    public enum Status {
        /** In force (for a pre-auth: an open hold). */
        APPROVED,
        VOIDED,
        /** A pre-auth that a completion consumed. */
        COMPLETED,
        REVERSED,
        /** A pre-auth whose hold ran out ({@link AuthPolicy#preAuthHold}) before it was completed or voided. */
        EXPIRED
    }

    private final long seq;
    private final TxnType type;
    private final String batch;
    private final String pan;
    private final long amountFen;
    private final String rrn;
    private final String authCode;
    private final long originalSeq;
    private final Status status;
    private final long refundedFen;
    private final long atEpochSecond;

    Txn(long seq, TxnType type, String batch, String pan, long amountFen, String rrn, String authCode, long originalSeq,
            Status status, long refundedFen, long atEpochSecond) {
        this.seq = seq;
        this.type = type;
        this.batch = batch;
        this.pan = pan;
        this.amountFen = amountFen;
        this.rrn = rrn;
        this.authCode = authCode;
        this.originalSeq = originalSeq;
        this.status = status;
        this.refundedFen = refundedFen;
        this.atEpochSecond = atEpochSecond;
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

    /** The transaction this one voids, refunds or completes; 0 when none. */
    public long originalSeq() {
        return originalSeq;
    }

    public Status status() {
        return status;
    }

    public long refundedFen() {
        return refundedFen;
    }

    /** When it was approved (its journal entry's time, to the second). */
    public java.time.Instant at() {
        return java.time.Instant.ofEpochSecond(atEpochSecond);
    }
}
