package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.function.LongFunction;
import org.posnet.common.crypto.PanTokens;
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
 * For an off-us card ({@link JournalEntry#offUs}) REMOTE_ISSUER of its link stands where CARDHOLDER is: the
 * acquirer is owed by the issuer, not by a depositor of its own. In issuer mode, a remote acquirer's request
 * ({@link JournalEntry#fromRemoteAcquirer}) moves money between the cardholder and that acquirer only — the
 * merchant, its fee and the reserve are the acquirer's business:
 *
 * <pre>
 * sale, completion   Dr CARDHOLDER A      Cr REMOTE_ACQUIRER A
 * refund             Dr REMOTE_ACQUIRER A Cr CARDHOLDER A
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
     * fleet (on-us cards, merchants, MCCs, links); used under the books' lock.
     */
    private final java.util.Map<Account, Account> accounts = new java.util.HashMap<>();
    /**
     * One string per merchant and terminal id, for the same reason, and because the store binds them to
     * every row: a string seen before carries its hash, which the database's value cache asks for.
     */
    private final java.util.Map<String, String> ids = new java.util.HashMap<>();
    private final Account reserve = account(Account.reserveCustody());
    private final Account bank = account(Account.bankSettlement());

    /** A cardholder's account is its card's token: the ledger stores no card number. */
    private final PanTokens tokens;

    PostingRules(MdrTable mdr, MerchantDirectory merchants, PanTokens tokens) {
        this.mdr = mdr;
        this.merchants = merchants;
        this.tokens = tokens;
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
        if (e.fromRemoteAcquirer()) {
            return issued(e, date, e.amountFen());
        }
        long amount = e.amountFen();
        String merchant = id(e.merchant());
        String mcc = merchants.mcc(merchant);
        int bps = mdr.bps(mcc);
        long fee = MdrTable.fee(amount, bps);
        long net = amount - fee;
        Posting[] legs = new Posting[5];
        int n = 0;
        legs[n++] = Posting.debit(card(e), amount);
        // a zero-rate MCC has no fee leg, and a fee of the whole amount leaves no net: postings are never zero
        if (net > 0) {
            legs[n++] = Posting.credit(account(Account.merchant(merchant)), net);
        }
        if (fee > 0) {
            legs[n++] = Posting.credit(account(Account.feeIncome(mcc)), fee);
        }
        if (net > 0) {
            legs[n++] = Posting.debit(reserve, net);
            legs[n++] = Posting.credit(bank, net);
        }
        return new LedgerTxn(e.seq(), date, e.type(), merchant, id(e.terminal()), e.originalSeq(), amount, fee, bps,
                List.of(n == legs.length ? legs : java.util.Arrays.copyOf(legs, n)));
    }

    private LedgerTxn refund(JournalEntry e, LocalDate date) {
        if (e.fromRemoteAcquirer()) {
            return issued(e, date, -e.amountFen());
        }
        long amount = e.amountFen();
        String merchant = id(e.merchant());
        List<Posting> legs = List.of(
                Posting.debit(account(Account.merchant(merchant)), amount),
                Posting.credit(card(e), amount),
                Posting.debit(bank, amount),
                Posting.credit(reserve, amount));
        return new LedgerTxn(e.seq(), date, e.type(), merchant, id(e.terminal()), e.originalSeq(), -amount, 0, 0, legs);
    }

    /** Issuer mode: the cardholder pays the remote acquirer {@code signed} (a refund negative, the other way). */
    private LedgerTxn issued(JournalEntry e, LocalDate date, long signed) {
        Account card = account(Account.cardholder(tokens.token(e.pan())));
        Account acquirer = account(Account.remoteAcquirer(e.acquirer()));
        long amount = Math.abs(signed);
        List<Posting> legs = signed > 0 ? List.of(Posting.debit(card, amount), Posting.credit(acquirer, amount))
                : List.of(Posting.debit(acquirer, amount), Posting.credit(card, amount));
        return new LedgerTxn(e.seq(), date, e.type(), id(e.merchant()), id(e.terminal()), e.originalSeq(), signed, 0, 0, legs);
    }

    /** A void or reversal of something that posted nothing (a pre-auth, say) posts nothing either. */
    private LedgerTxn opposite(JournalEntry e, LocalDate date, LedgerTxn original) {
        if (e.originalSeq() <= 0 || original == null) {
            return null;
        }
        List<Posting> legs = original.postings().stream().map(Posting::opposite).toList();
        return new LedgerTxn(e.seq(), date, e.type(), original.merchant(), id(e.terminal()), original.journalSeq(),
                -original.grossFen(), -original.feeFen(), original.mdrBps(), legs);
    }

    /** The card's side of a sale or refund: its cardholder's account, or its issuer's link for an off-us card. */
    private Account card(JournalEntry e) {
        return account(e.offUs() ? Account.remoteIssuer(e.issuer()) : Account.cardholder(tokens.token(e.pan())));
    }

    private String id(String s) {
        String known = ids.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private Account account(Account a) {
        Account known = accounts.putIfAbsent(a, a);
        return known == null ? a : known;
    }
}
