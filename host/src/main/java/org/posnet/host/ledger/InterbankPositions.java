package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * What this bank settles with other banks for one closed business day, one line per counterparty: the
 * issuers behind each link for off-us cards read at its terminals ({@link AccountKind#REMOTE_ISSUER}), and in
 * issuer mode the acquirers its cards paid at ({@link AccountKind#REMOTE_ACQUIRER}). The figures to hold
 * against the switch's clearing file; the merchants' side is the {@link SettlementReport}.
 */
public record InterbankPositions(LocalDate businessDate, Cutover cutover, List<Line> lines) {

    public InterbankPositions {
        lines = List.copyOf(lines);
    }

    /**
     * One counterparty's movement on the day, in fen.
     *
     * @param debitFen  what it came to owe this bank (sales of its cards here; refunds at its terminals)
     * @param creditFen what this bank came to owe it
     */
    public record Line(AccountKind kind, String counterparty, long debitFen, long creditFen, long legs) {
        /** Positive: the counterparty pays this bank; negative: this bank pays it. */
        public long netFen() {
            return debitFen - creditFen;
        }
    }

    /** @throws IllegalStateException when the day is not closed yet */
    public static InterbankPositions of(LedgerStore store, LocalDate date) {
        Cutover cutover = store.closing(date).orElseThrow(() -> new IllegalStateException("business day " + date
                + " is not closed: run the cutover first"));
        return new InterbankPositions(date, cutover, store.dayMovements(date, List.of(AccountKind.REMOTE_ISSUER,
                AccountKind.REMOTE_ACQUIRER)));
    }

    /** What all counterparties pay this bank, net (negative when it pays them). */
    public long netFen() {
        return lines.stream().mapToLong(Line::netFen).sum();
    }
}
