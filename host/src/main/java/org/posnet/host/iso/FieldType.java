package org.posnet.host.iso;

/**
 * How a field's content is represented on the wire. Names follow ISO 8583's attribute letters so a
 * dialect file reads like the bank's spec sheet.
 */
public enum FieldType {
    /** {@code n}: decimal digits, packed two per byte (BCD). */
    NUMERIC("n"),
    /**
     * {@code z}: track data, packed two per byte. Digits plus the separator nibble {@code D}; any hex
     * nibble is accepted because a terminal that encrypts tracks with the TDK (field 53) sends
     * ciphertext nibbles in the same field.
     */
    TRACK("z"),
    /** {@code ans}: printable ASCII, one byte per character. */
    ASCII("ans"),
    /** {@code b}: raw bytes; lengths count bytes. */
    BINARY("b");

    private final String code;

    FieldType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** True when the content is packed as nibbles, the only case where padding means anything. */
    public boolean packed() {
        return this == NUMERIC || this == TRACK;
    }

    static FieldType fromCode(String code) {
        for (FieldType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        // an / a are spelled differently in bank specs but travel the same way as ans
        if ("an".equals(code) || "a".equals(code)) {
            return ASCII;
        }
        return null;
    }
}
