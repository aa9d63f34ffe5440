package org.posnet.host.iso;

/** Whether a field has a fixed size or carries its length in a 1- or 2-byte prefix. */
public enum LengthKind {
    FIXED(0, 0),
    /** Length in a 2-digit prefix: 1 BCD byte. */
    LLVAR(2, 99),
    /** Length in a 3-digit prefix: 2 BCD bytes (first nibble 0). */
    LLLVAR(3, 999);

    private final int prefixDigits;
    private final int bcdLimit;

    LengthKind(int prefixDigits, int bcdLimit) {
        this.prefixDigits = prefixDigits;
        this.bcdLimit = bcdLimit;
    }

    public int prefixDigits() {
        return prefixDigits;
    }

    /** Prefix size in bytes: one byte per two digits whatever the encoding, as BCD and binary prefixes both do. */
    public int prefixBytes() {
        return (prefixDigits + 1) / 2;
    }

    /** Largest length the prefix can express. */
    int limit(PrefixEncoding encoding) {
        if (this == FIXED) {
            return Integer.MAX_VALUE;
        }
        return encoding == PrefixEncoding.BCD ? bcdLimit : (1 << (8 * prefixBytes())) - 1;
    }
}
