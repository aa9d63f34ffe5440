package org.posnet.host.link;

import java.util.List;
import org.posnet.host.iso.IsoMessage;
import org.posnet.host.iso.SubfieldLayout;

/**
 * The kinds of terminal request the outbound link forwards, by MTI + field 3 + 60.1 (cup-8583.md's message
 * table). The link message keeps the terminal's MTI, 3 and 60; a referring kind names an original whose
 * terminal MTI is {@link #originalMti}, and every kind that moves money or a hold owes the issuer a 0420
 * when its answer is not known — the refund too, although a terminal has no 0400 for it.
 */
enum Forwarded {
    BALANCE_INQUIRY("0200", "310000", "01", null),
    SALE("0200", "000000", "22", null),
    SALE_VOID("0200", "200000", "23", "0200"),
    REFUND("0220", "200000", "25", "0200"),
    PRE_AUTH("0100", "030000", "10", null),
    PRE_AUTH_VOID("0100", "200000", "11", "0100"),
    COMPLETION("0200", "000000", "20", "0100"),
    COMPLETION_VOID("0200", "200000", "21", "0200");

    final String mti;
    final String processingCode;
    final String type60;
    /** The terminal MTI of the original a void, refund or completion names in field 61; null for the others. */
    final String originalMti;

    Forwarded(String mti, String processingCode, String type60, String originalMti) {
        this.mti = mti;
        this.processingCode = processingCode;
        this.type60 = type60;
        this.originalMti = originalMti;
    }

    /** A balance inquiry changes nothing at the issuer: nothing to reverse. */
    boolean reversible() {
        return this != BALANCE_INQUIRY;
    }

    boolean referring() {
        return originalMti != null;
    }

    /** The kind of a terminal request, or null when the link does not forward it. */
    static Forwarded of(IsoMessage m, SubfieldLayout field60) {
        String f60 = m.string(60);
        if (f60 == null) {
            return null;
        }
        List<String> parts;
        try {
            parts = field60.split(60, f60);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String pc = m.has(3) ? m.string(3) : "";
        for (Forwarded f : values()) {
            if (f.mti.equals(m.mti()) && f.processingCode.equals(pc) && f.type60.equals(parts.get(0))) {
                return f;
            }
        }
        return null;
    }
}
