package org.posnet.host.ledger;

/**
 * The ledger's chart of accounts, from the one book of the bank acting as acquirer and on-us issuer.
 * A balance is kept as debits − credits; {@link #normalDebit} says which sign is the account's usual one.
 */
public enum AccountKind {
    /** The on-us cardholder's deposit (a liability): a sale debits it. Ref = PAN. */
    CARDHOLDER(false),
    /** What the acquirer owes a merchant until it is paid out (a customer liability held in reserve). Ref = merchant id. */
    MERCHANT_PAYABLE(false),
    /** Merchant discount (MDR) earned: the acquirer's own money, so it never enters the reserve. Ref = MCC. */
    FEE_INCOME(false),
    /** 备付金 custody account (an asset held for customers): funded with exactly what merchants are owed. */
    RESERVE_CUSTODY(true),
    /** The bank's own settlement account that funds the reserve custody account and receives refunds back. */
    BANK_SETTLEMENT(true),
    /**
     * What the issuers behind a link (a switch, another bank) owe the acquirer for their cards' sales, less
     * refunds: an asset, settled with them outside PosNet. Off-us cards post here, not to a cardholder
     * account. Ref = the link's name ({@code host.links[].name}).
     */
    REMOTE_ISSUER(true),
    /**
     * In issuer mode, what this bank owes the acquirers whose terminals its cards paid at, less refunds: a
     * liability, settled with them outside PosNet. Ref = the acquiring institution (their field 32).
     */
    REMOTE_ACQUIRER(false);

    private final boolean normalDebit;

    AccountKind(boolean normalDebit) {
        this.normalDebit = normalDebit;
    }

    public boolean normalDebit() {
        return normalDebit;
    }
}
