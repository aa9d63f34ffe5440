package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.TxnType;

/**
 * Which postings a journal entry makes. Only approved entries move money; pre-auths and their voids are
 * holds on the card (kept by the issuer state), not ledger movements. With A the amount and F its MDR:
 *
 * <pre>
 * sale, completion   Dr CARDHOLDER A      Cr MERCHANT_PAYABLE A−F   Cr FEE_INCOME F
 *                    Dr RESERVE_CUSTODY A−F                        Cr BANK_SETTLEMENT A−F
 * refund             Dr MERCHANT_PAYABLE A  Cr CARDHOLDER A
 *                    Dr BANK_SETTLEMENT A   Cr RESERVE_CUSTODY A     (the fee is not given back)
 * void, reversal     the exact opposite of the original's postings (fee included)
 * </pre>
 *
 * The reserve pair keeps 备付金 custody equal to what merchants are owed (rules.md RES-BAL) and keeps the
 * fee, the acquirer's own money, out of it (RES-OWN).
 */
final class PostingRules {
    private final MdrTable mdr;
    private final MerchantDirectory merchants;
    /**
     * One account object per account: every transaction's legs refer to them, and the books keep the legs
     * of every transaction, so a fresh object per leg would be kept five times a sale. Bounded by the
     * fleet (cards, merchants, MCCs); used under the books' lock.
     */
    private final java.util.Map<Account, Account> accounts = new java.util.HashMap<>();

    PostingRules(MdrTable mdr, MerchantDirectory merchants) {
        this.mdr = mdr;
        this.merchants = merchants;
    }

    /**
     * The transaction for an entry, or null when it moves no money.
     *
     * @param posted the ledger transaction already posted for a journal seq, or null
     */
    LedgerTxn derive(JournalEntry e, LocalDate date, LongFunction<LedgerTxn> posted) {
        if (!e.reason().approved()) {
            return null;
        }
        return switch (e.type()) {
            case SALE, COMPLETION -> e.amountFen() > 0 ? sale(e, date) : null;
            case REFUND -> e.amountFen() > 0 ? refund(e, date) : null;
            case SALE_VOID, COMPLETION_VOID, REVERSAL -> opposite(e, date, posted.apply(e.originalSeq()));
            default -> null;
        };
    }

    private LedgerTxn sale(JournalEntry e, LocalDate date) {
        long amount = e.amountFen();
        String mcc = merchants.mcc(e.merchant());
        int bps = mdr.bps(mcc);
        long fee = MdrTable.fee(amount, bps);
        long net = amount - fee;
        List<Posting> legs = new ArrayList<>(5);
        legs.add(Posting.debit(account(Account.cardholder(e.pan())), amount));
        add(legs, Posting::credit, account(Account.merchant(e.merchant())), net);
        add(legs, Posting::credit, account(Account.feeIncome(mcc)), fee);
        add(legs, Posting::debit, account(Account.reserveCustody()), net);
        add(legs, Posting::credit, account(Account.bankSettlement()), net);
        return new LedgerTxn(e.seq(), date, e.type(), e.merchant(), e.terminal(), e.originalSeq(), amount, fee, bps, legs);
    }

    private LedgerTxn refund(JournalEntry e, LocalDate date) {
        long amount = e.amountFen();
        List<Posting> legs = List.of(
                Posting.debit(account(Account.merchant(e.merchant())), amount),
                Posting.credit(account(Account.cardholder(e.pan())), amount),
                Posting.debit(account(Account.bankSettlement()), amount),
                Posting.credit(account(Account.reserveCustody()), amount));
        return new LedgerTxn(e.seq(), date, e.type(), e.merchant(), e.terminal(), e.originalSeq(), -amount, 0, 0, legs);
    }

    /** A void or reversal of something that posted nothing (a pre-auth, say) posts nothing either. */
    private static LedgerTxn opposite(JournalEntry e, LocalDate date, LedgerTxn original) {
        if (e.originalSeq() <= 0 || original == null) {
            return null;
        }
        List<Posting> legs = original.postings().stream().map(Posting::opposite).toList();
        return new LedgerTxn(e.seq(), date, e.type(), original.merchant(), e.terminal(), original.journalSeq(),
                -original.grossFen(), -original.feeFen(), original.mdrBps(), legs);
    }

    private Account account(Account a) {
        Account known = accounts.putIfAbsent(a, a);
        return known == null ? a : known;
    }

    private interface Leg {
        Posting make(Account account, long fen);
    }

    private static void add(List<Posting> legs, Leg leg, Account account, long fen) {
        if (fen > 0) {
            legs.add(leg.make(account, fen)); // a zero-rate MCC has no fee leg: postings are never zero
        }
    }
}
