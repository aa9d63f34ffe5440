package org.posnet.host.auth;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The card: a valid Luhn digit, known to the on-us issuer, PAN and track agreeing, the presented expiry
 * the card's (14 otherwise); not expired (54); the request's currency the card's (12). Whether the issuer
 * stopped it is {@link CardStop}'s, before the PIN.
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
        if (x.request.has(2) && track != null && !(track.startsWith(pan) && track.length() > pan.length()
                && track.charAt(pan.length()) == 'D')) {
            return Reason.INVALID_CARD;
        }
        String presented = x.presentedExpiry();
        String expiry = x.card.card().expiry();
        if (presented != null && !presented.equals(expiry)) {
            return Reason.INVALID_CARD;
        }
        if (expired(expiry, x.local)) {
            return Reason.EXPIRED_CARD;
        }
        String currency = x.request.string(49);
        if (currency != null && !currency.equals(x.card.card().currency())) {
            return Reason.INVALID_TRANSACTION;
        }
        return null;
    }

    /** True when the card's yyMM expiry is before the local month (it is good through its month). */
    static boolean expired(String expiry, LocalDateTime local) {
        if (expiry.length() == 4 && isDigit(expiry, 0) && isDigit(expiry, 1) && isDigit(expiry, 2) && isDigit(expiry, 3)
                && local.getYear() >= 0) {
            // the same comparison as on the yyMM text, without formatting a String per sale
            int yymm = Integer.parseInt(expiry, 0, 4, 10);
            return yymm < local.getYear() % 100 * 100 + local.getMonthValue();
        }
        return expiry.compareTo(local.format(YYMM)) < 0;
    }

    private static boolean isDigit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }
}
