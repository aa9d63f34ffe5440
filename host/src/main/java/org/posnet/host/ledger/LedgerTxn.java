package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.List;
import org.posnet.host.auth.TxnType;

/**
 * The postings one journal entry made, with what settlement needs to know about them.
 *
 * @param journalSeq  the journal entry this came from: the key that makes posting idempotent
 * @param grossFen    signed effect on the merchant before fees: + for a sale or completion, − for a refund,
 *                    void or reversal of a sale (a reversal of a void counts +)
 * @param feeFen      signed MDR: + when charged, − when a void or reversal gives it back; 0 for a refund
 * @param mdrBps      the rate the fee was computed at (kept, so a rebuild does not depend on today's table)
 */
public record LedgerTxn(long journalSeq, LocalDate businessDate, TxnType type, String merchant, String terminal,
        long originalSeq, long grossFen, long feeFen, int mdrBps, List<Posting> postings) {

    public LedgerTxn {
        if (journalSeq <= 0 || businessDate == null || type == null || merchant == null || terminal == null
                || postings == null || postings.isEmpty()) {
            throw new IllegalArgumentException("a ledger transaction needs its journal seq, date, type, merchant,"
                    + " terminal and at least one posting");
        }
        postings = List.copyOf(postings);
    }

    public long debitFen() {
        return postings.stream().mapToLong(Posting::debitFen).sum();
    }

    public long creditFen() {
        return postings.stream().mapToLong(Posting::creditFen).sum();
    }

    public boolean balanced() {
        return debitFen() == creditFen();
    }

    /** What this transaction adds to (or takes from) the merchant's payout. */
    public long netFen() {
        return grossFen - feeFen;
    }
}
