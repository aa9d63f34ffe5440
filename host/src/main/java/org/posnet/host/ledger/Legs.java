package org.posnet.host.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A transaction's legs as stored in {@code ledger_txn.legs}: one {@code D|C KIND REF FEN} per leg,
 * joined by {@code ;}. References (PAN, merchant id, MCC, {@code -}) hold no spaces or semicolons.
 */
final class Legs {
    private static final AccountKind[] KINDS = AccountKind.values();

    private Legs() {
    }

    static String format(List<Posting> legs) {
        return new Writer().format(legs);
    }

    /** Formats many transactions' legs with one buffer (the store formats tens of thousands a second). */
    static final class Writer {
        /** "D KIND " and "C KIND " for every kind, by side then ordinal. */
        private static final String[] PREFIXES = prefixes();
        private final StringBuilder sb = new StringBuilder(256);

        String format(List<Posting> legs) {
            sb.setLength(0);
            for (int i = 0, n = legs.size(); i < n; i++) {
                Posting p = legs.get(i);
                if (i > 0) {
                    sb.append(';');
                }
                boolean debit = p.debitFen() > 0;
                sb.append(PREFIXES[(debit ? 0 : KINDS.length) + p.account().kind().ordinal()]).append(p.account().ref())
                        .append(' ').append(debit ? p.debitFen() : p.creditFen());
            }
            return sb.toString();
        }

        private static String[] prefixes() {
            String[] out = new String[2 * KINDS.length];
            for (AccountKind k : KINDS) {
                out[k.ordinal()] = "D " + k.name() + " ";
                out[KINDS.length + k.ordinal()] = "C " + k.name() + " ";
            }
            return out;
        }
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
