package org.posnet.host.auth;

import java.time.format.DateTimeFormatter;

/**
 * The card: a valid Luhn digit, known to the on-us issuer, PAN and track agreeing, the presented expiry
 * the card's (14 otherwise); not expired (54); the request's currency the card's (12).
 */
final class CardCheck implements Step {
    private static final DateTimeFormatter YYMM = DateTimeFormatter.ofPattern("yyMM");

    @Override
    public Reason run(Exchange x) {
        String pan = x.pan();
        if (pan == null) {
            return Reason.FORMAT_ERROR;
        }
        if (!Luhn.valid(pan) || x.card == null) {
            return Reason.INVALID_CARD;
        }
        String track = x.request.string(35);
        if (x.request.has(2) && track != null && !track.startsWith(pan + "D")) {
            return Reason.INVALID_CARD;
        }
        String presented = x.presentedExpiry();
        String expiry = x.card.card().expiry();
        if (presented != null && !presented.equals(expiry)) {
            return Reason.INVALID_CARD;
        }
        if (expiry.compareTo(x.local.format(YYMM)) < 0) {
            return Reason.EXPIRED_CARD;
        }
        String currency = x.request.string(49);
        if (currency != null && !currency.equals(x.card.card().currency())) {
            return Reason.INVALID_TRANSACTION;
        }
        return null;
    }
}
