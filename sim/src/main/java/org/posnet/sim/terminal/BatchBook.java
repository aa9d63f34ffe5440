package org.posnet.sim.terminal;

import java.util.ArrayList;
import java.util.List;
import org.posnet.host.iso.IsoMessage;

/**
 * The terminal's own record of the open batch, kept as cup-8583.md counts it, so that its 0500 totals
 * are its own opinion (not an echo of the host's) and an unbalanced settlement can be followed by the
 * 0320 upload of exactly these entries. Debits: approved sales and completions (a voided sale stays);
 * credits: approved voids and refunds; pre-auths and reversed transactions count for nothing.
 */
public final class BatchBook {
    private final List<Entry> entries = new ArrayList<>();

    /** One counted transaction; {@code uploadRecord()} is its 40-char 0320 entry. */
    public record Entry(String trace, String pan, long fen, boolean debit) {
        public String uploadRecord() {
            return "00" + trace + String.format("%20s", pan).replace(' ', '0') + String.format("%012d", fen);
        }
    }

    /** Records an approved request if it is one that counts. */
    void approved(IsoMessage request) {
        String type = request.string(60).substring(0, 2);
        boolean debit = type.equals("22") || type.equals("20");
        boolean credit = type.equals("23") || type.equals("25") || type.equals("21");
        if (debit || credit) {
            entries.add(new Entry(request.string(11), request.string(2), Long.parseLong(request.string(4)), debit));
        }
    }

    /** A reversal the host acknowledged: the original no longer counts. */
    void reversed(IsoMessage original) {
        entries.removeIf(e -> e.trace().equals(original.string(11)));
    }

    public BatchTotals totals() {
        long debit = 0;
        long credit = 0;
        int debits = 0;
        for (Entry e : entries) {
            if (e.debit()) {
                debit += e.fen();
                debits++;
            } else {
                credit += e.fen();
            }
        }
        return new BatchTotals(debit, debits, credit, entries.size() - debits);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    void clear() {
        entries.clear();
    }
}
