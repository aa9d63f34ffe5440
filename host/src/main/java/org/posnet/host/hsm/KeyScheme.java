package org.posnet.host.hsm;

/** Algorithm and length of a key. The fleet file's {@code 3DES} is {@link #TDES_2KEY}. */
public enum KeyScheme {
    /** Single-length DES, 8 bytes: 60.3 = 001 working keys. */
    DES(8, 8, 1),
    /** Double-length 3DES (K1 K2 K1), 16 bytes: TMKs and 60.3 = 003/004 working keys. */
    TDES_2KEY(16, 8, 2),
    /** Triple-length 3DES, 24 bytes. */
    TDES_3KEY(24, 8, 3),
    /** SM4 (GB/T 32907), 16 bytes, 16-byte blocks. */
    SM4(16, 16, 4);

    private final int keyBytes;
    private final int blockBytes;
    private final int code;

    KeyScheme(int keyBytes, int blockBytes, int code) {
        this.keyBytes = keyBytes;
        this.blockBytes = blockBytes;
        this.code = code;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public int blockBytes() {
        return blockBytes;
    }

    public boolean isDesFamily() {
        return this != SM4;
    }

    /** Stable code sealed with the key, so a relabelled record fails to open. */
    int code() {
        return code;
    }
}
