package org.posnet.host.auth;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@link Reason} → field 39 for one dialect, as jPOS's CMFConverter does. The default is
 * cup-8583.md's list; {@link #withOverrides} takes a bank's differences from configuration.
 */
public final class ResponseCodes {

    private final Map<Reason, String> codes;

    private ResponseCodes(Map<Reason, String> codes) {
        for (Reason r : Reason.values()) {
            String code = codes.get(r);
            if (code == null || code.length() != 2) {
                throw new IllegalArgumentException("response code table has no 2-character code for " + r);
            }
        }
        this.codes = new EnumMap<>(codes);
    }

    /** cup-8583.md's codes; 03 (invalid merchant, standard ISO 8583) for a terminal used under another merchant. */
    public static ResponseCodes unionPay() {
        Map<Reason, String> m = new EnumMap<>(Reason.class);
        m.put(Reason.APPROVED, "00");
        m.put(Reason.DO_NOT_HONOUR, "05");
        m.put(Reason.INVALID_TRANSACTION, "12");
        m.put(Reason.INVALID_CARD, "14");
        m.put(Reason.ORIGINAL_NOT_FOUND, "25");
        m.put(Reason.FORMAT_ERROR, "30");
        m.put(Reason.INSUFFICIENT_FUNDS, "51");
        m.put(Reason.EXPIRED_CARD, "54");
        m.put(Reason.WRONG_PIN, "55");
        m.put(Reason.OVER_LIMIT, "61");
        m.put(Reason.PIN_TRIES_EXCEEDED, "75");
        m.put(Reason.BATCH_MISMATCH, "77");
        m.put(Reason.DUPLICATE, "94");
        m.put(Reason.RECONCILE_ERROR, "95");
        m.put(Reason.SYSTEM_ERROR, "96");
        m.put(Reason.BUSY, "96");
        m.put(Reason.TERMINAL_NOT_REGISTERED, "97");
        m.put(Reason.TERMINAL_INACTIVE, "97");
        m.put(Reason.MERCHANT_MISMATCH, "03");
        m.put(Reason.PIN_FORMAT, "99");
        m.put(Reason.MAC_ERROR, "A0");
        m.put(Reason.ISSUER_UNAVAILABLE, "98");
        // card stops: the ISO 8583 codes UnionPay uses (41 lost, 43 stolen: both "pick up"; 62 restricted)
        m.put(Reason.LOST_CARD, "41");
        m.put(Reason.STOLEN_CARD, "43");
        m.put(Reason.RESTRICTED_CARD, "62");
        return new ResponseCodes(m);
    }

    /**
     * This table with some reasons mapped differently.
     *
     * @param overrides reason name (e.g. {@code MERCHANT_MISMATCH}) → 2-character code
     * @throws IllegalArgumentException naming an unknown reason or a code that is not 2 characters
     */
    public ResponseCodes withOverrides(Map<String, String> overrides) {
        Map<Reason, String> m = new EnumMap<>(codes);
        overrides.forEach((name, code) -> {
            Reason r;
            try {
                r = Reason.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("response code override for unknown reason '" + name + "'");
            }
            if (code == null || code.length() != 2) {
                throw new IllegalArgumentException("response code override " + name + " must be 2 characters, got '" + code + "'");
            }
            m.put(r, code);
        });
        return new ResponseCodes(m);
    }

    /**
     * The reason a remote issuer's field 39 stands for, so its answer reaches the terminal through the same
     * reply path as an on-us one: the first reason with that code, DO_NOT_HONOUR for a code not in the table.
     */
    public Reason reasonOf(String code) {
        if (code == null) {
            return Reason.DO_NOT_HONOUR;
        }
        for (Reason r : Reason.values()) {
            if (code.equals(codes.get(r))) {
                return r;
            }
        }
        return Reason.DO_NOT_HONOUR;
    }

    public String code(Reason reason) {
        return codes.get(reason);
    }
}
