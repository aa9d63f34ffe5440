package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.Map;

/**
 * The customer reserve-fund (备付金) figures the risk module reconciles (rules.md RES-BAL, RES-OWN), all
 * from the stored ledger, in fen:
 *
 * <ul>
 * <li>{@code customerLiabilitiesFen} = unsettled merchant funds = credit balance of every MERCHANT_PAYABLE
 *     account less what was paid out (PosNet keeps no wallets or prepaid value, so those terms are 0); split into
 *     {@code closedDaysFen} (closed business days, due in the T+1 payout or held) and {@code openDaysFen} (days
 *     not yet cut over: the in-flight items);</li>
 * <li>{@code reserveCustodyFen} = debit balance of RESERVE_CUSTODY less what was paid out;</li>
 * <li>{@code paidOutFen} = the merchant payouts confirmed so far ({@link Payouts}), each Dr MERCHANT_PAYABLE /
 *     Cr RESERVE_CUSTODY;</li>
 * <li>{@code differenceFen} = custody − liabilities: 0 unless something broke (RES-BAL);</li>
 * <li>{@code feeIncomeFen} = MDR earned, the acquirer's own funds, which the postings keep outside the
 *     reserve (RES-OWN);</li>
 * <li>{@code unpostedJournalEntries} = journal entries not yet posted (normally 0 after a flush; after a
 *     crash, until the restart's replay).</li>
 * </ul>
 */
public record ReserveFigures(LocalDate closedThrough, long ledgerThroughSeq, long journalThroughSeq,
        long customerLiabilitiesFen, long closedDaysFen, long openDaysFen, long reserveCustodyFen, long paidOutFen,
        long differenceFen, long feeIncomeFen, long unpostedJournalEntries) {

    public boolean reconciled() {
        return differenceFen == 0;
    }

    /** @param journalSeq the last durable journal seq (the host's {@code FileJournal#durableSeq}) */
    public static ReserveFigures of(LedgerStore store, long journalSeq) {
        Cutover last = store.cutovers().stream().reduce((a, b) -> b).orElse(null);
        LocalDate closedThrough = last == null ? null : last.businessDate();
        long cursor = store.cursor();
        Map<AccountKind, Long> all = store.balancesByKind(null);
        Map<AccountKind, Long> closed = closedThrough == null ? Map.of() : store.balancesByKind(closedThrough);
        long paid = store.paidOutFen(); // every payout pays a closed day
        long liabilities = -all.getOrDefault(AccountKind.MERCHANT_PAYABLE, 0L) - paid;
        long closedDays = -closed.getOrDefault(AccountKind.MERCHANT_PAYABLE, 0L) - paid;
        long custody = all.getOrDefault(AccountKind.RESERVE_CUSTODY, 0L) - paid;
        long journalMax = Math.max(journalSeq, cursor);
        long unposted = journalMax - cursor; // seqs are dense: one per journal entry
        return new ReserveFigures(closedThrough, cursor, journalMax, liabilities, closedDays, liabilities - closedDays,
                custody, paid, custody - liabilities, -all.getOrDefault(AccountKind.FEE_INCOME, 0L), unposted);
    }
}
