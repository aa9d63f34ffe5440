package org.posnet.host.ledger;

/** One leg of a ledger transaction: a debit or a credit (never both) to one account, in fen. */
public record Posting(Account account, long debitFen, long creditFen) {

    public Posting {
        if (account == null || debitFen < 0 || creditFen < 0 || (debitFen == 0) == (creditFen == 0)) {
            throw new IllegalArgumentException("a posting is a positive debit or a positive credit to an account");
        }
    }

    public static Posting debit(Account account, long fen) {
        return new Posting(account, fen, 0);
    }

    public static Posting credit(Account account, long fen) {
        return new Posting(account, 0, fen);
    }

    /** The same amount on the other side: how voids and reversals undo their original. */
    public Posting opposite() {
        return new Posting(account, creditFen, debitFen);
    }
}
