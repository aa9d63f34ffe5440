package org.posnet.host.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A transaction's legs as V8 stored them in {@code ledger_txn.legs}: one {@code D|C KIND REF FEN} per leg,
 * joined by {@code ;}. References (PAN, merchant id, MCC, {@code -}) hold no spaces or semicolons. Since V9
 * the ledger stores blocks ({@link LedgerBlock}); this is read only for rows not yet upgraded.
 */
final class Legs {
    private Legs() {
    }

    /** The text of a V8 row's legs (tests write rows of that layout with it). */
    static String format(List<Posting> legs) {
        StringBuilder sb = new StringBuilder(40 * legs.size());
        for (Posting p : legs) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            boolean debit = p.debitFen() > 0;
            sb.append(debit ? "D " : "C ").append(p.account().kind().name()).append(' ').append(p.account().ref())
                    .append(' ').append(debit ? p.debitFen() : p.creditFen());
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException when the text is not legs as {@link #format} writes them */
    static List<Posting> parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a stored ledger transaction has no legs");
        }
        List<Posting> out = new ArrayList<>(5);
        for (String leg : text.split(";")) {
            String[] f = leg.split(" ");
            if (f.length != 4 || !(f[0].equals("D") || f[0].equals("C"))) {
                throw new IllegalArgumentException("a stored leg is not 'D|C KIND REF FEN': " + leg.length() + " characters");
            }
            Account account = new Account(AccountKind.valueOf(f[1]), f[2]);
            long fen = Long.parseLong(f[3]);
            out.add(f[0].equals("D") ? Posting.debit(account, fen) : Posting.credit(account, fen));
        }
        return out;
    }
}
