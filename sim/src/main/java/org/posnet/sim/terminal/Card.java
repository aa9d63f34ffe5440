package org.posnet.sim.terminal;

/** A card as the terminal reads it (PAN, expiry YYMM) and the PIN its holder types. */
public record Card(String pan, String expiry, String pin) {
    public Card {
        if (pan == null || pan.length() < 13 || pan.length() > 19 || expiry == null || expiry.length() != 4) {
            throw new IllegalArgumentException("a card has a 13..19 digit PAN and a YYMM expiry");
        }
    }

    /** Appends the Luhn check digit to a PAN body. */
    public static String withLuhn(String body) {
        int sum = 0;
        boolean twice = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return body + (10 - sum % 10) % 10;
    }

    @Override
    public String toString() {
        return "Card[" + pan.substring(0, 6) + "…" + pan.substring(pan.length() - 4) + "]";
    }
}
