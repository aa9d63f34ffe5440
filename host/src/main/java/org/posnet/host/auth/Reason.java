package org.posnet.host.auth;

/**
 * The host's one internal vocabulary for why a request was answered as it was (jPOS's CMF idea). Steps
 * speak only these; {@link ResponseCodes} maps them to field 39 per dialect, so a bank's different codes
 * are a table, not code.
 */
public enum Reason {
    APPROVED,
    /** Generic refusal, e.g. the original of a void was itself voided. */
    DO_NOT_HONOUR,
    /** A route the host does not serve, or a request that makes no sense in its state. */
    INVALID_TRANSACTION,
    /** Bad Luhn digit, unknown to the on-us issuer, or PAN and track disagree. */
    INVALID_CARD,
    /**
     * The void, refund, completion or reversal names an original that is not there, not open, or too old
     * (a refund past {@link AuthPolicy#refundWindow}, a pre-auth past {@link AuthPolicy#preAuthHold}).
     */
    ORIGINAL_NOT_FOUND,
    /** A field that must be there is missing or unreadable. */
    FORMAT_ERROR,
    INSUFFICIENT_FUNDS,
    EXPIRED_CARD,
    WRONG_PIN,
    /** Over the single-transaction limit, or a refund/completion over what the original allows. */
    OVER_LIMIT,
    PIN_TRIES_EXCEEDED,
    /** Not signed on, batch 60.2 differs from the one assigned, or the batch was settled. */
    BATCH_MISMATCH,
    /** Same request key (MTI, 41, 42, 60.2, 11) as an answered request but different content. */
    DUPLICATE,
    /** Batch-upload count disagrees with what was uploaded. */
    RECONCILE_ERROR,
    SYSTEM_ERROR,
    /** Too many requests in flight from one terminal. */
    BUSY,
    TERMINAL_NOT_REGISTERED,
    TERMINAL_INACTIVE,
    /** Field 42 is not the merchant the terminal is bound to. */
    MERCHANT_MISMATCH,
    PIN_FORMAT,
    MAC_ERROR,
    /** The remote issuer did not answer in time (or the link is down): 98, and a 0420 is on its way. */
    ISSUER_UNAVAILABLE,
    /** The cardholder reported the card lost (挂失): 41. */
    LOST_CARD,
    /** The card was reported stolen: 43. */
    STOLEN_CARD,
    /** The issuer stopped the card (fraud suspicion, a court order, a closed account): 62. */
    RESTRICTED_CARD;

    public boolean approved() {
        return this == APPROVED;
    }

    /** Reasons after which the terminal must sign on again (header processing requirement 3). */
    public boolean needsSignOn() {
        return this == BATCH_MISMATCH || this == MAC_ERROR || this == PIN_FORMAT;
    }
}
