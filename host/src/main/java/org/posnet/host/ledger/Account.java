package org.posnet.host.ledger;

import org.posnet.common.crypto.PanTokens;
import org.posnet.common.crypto.Redaction;

/**
 * One ledger account: a kind and its reference (card token, merchant id, MCC, link name, or {@code -} for the single
 * reserve and bank accounts).
 */
public record Account(AccountKind kind, String ref) {
    static final String SINGLE = "-";
    /** A link's name is up to 32 characters; a card token up to 28 (ledger_balance.account_ref). */
    static final int MAX_REF = 32;

    public Account {
        if (kind == null || ref == null || ref.isEmpty() || ref.length() > MAX_REF) {
            throw new IllegalArgumentException("an account needs a kind and a reference of 1.." + MAX_REF + " characters");
        }
    }

    /** The cardholder account of the card whose token ({@link PanTokens}) is {@code token}: never its number. */
    public static Account cardholder(String token) {
        return new Account(AccountKind.CARDHOLDER, token);
    }

    /** The issuers behind the link named {@code link}, for an off-us card's transactions. */
    public static Account remoteIssuer(String link) {
        return new Account(AccountKind.REMOTE_ISSUER, link);
    }

    /** The acquirer {@code institution} (field 32) whose terminal one of this bank's cards paid at. */
    public static Account remoteAcquirer(String institution) {
        return new Account(AccountKind.REMOTE_ACQUIRER, institution);
    }

    public static Account merchant(String merchantId) {
        return new Account(AccountKind.MERCHANT_PAYABLE, merchantId);
    }

    public static Account feeIncome(String mcc) {
        return new Account(AccountKind.FEE_INCOME, mcc == null ? SINGLE : mcc);
    }

    public static Account reserveCustody() {
        return new Account(AccountKind.RESERVE_CUSTODY, SINGLE);
    }

    public static Account bankSettlement() {
        return new Account(AccountKind.BANK_SETTLEMENT, SINGLE);
    }

    @Override
    public String toString() {
        // a cardholder ref is a token, which shows no more than a mask; one an older version stored by number is masked
        return kind + ":" + (kind == AccountKind.CARDHOLDER && !PanTokens.isToken(ref) ? Redaction.pan(ref) : ref);
    }
}
