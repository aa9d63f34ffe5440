package org.posnet.host.iso;

/** How a variable field's length prefix is written. UnionPay uses BCD; some switches use binary. */
public enum PrefixEncoding {
    BCD,
    /** Big-endian unsigned, 1 byte for LL and 2 bytes for LLL (jPOS's {@code IFB_LLH*}). */
    BINARY
}
