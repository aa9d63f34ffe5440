package org.posnet.host.hsm;

/**
 * What a key may be used for. Sealed with the key (as a real HSM's LMK variants do), so a MAK cannot be
 * passed where a PIK is expected to turn the MAC command into a PIN-decryption oracle.
 */
public enum KeyUsage {
    /** Terminal master key: encrypts working keys sent in field 62. */
    TMK(1),
    /** PIN key: terminal PIN blocks (field 52). */
    PIK(2),
    /** MAC key (field 64). */
    MAK(3),
    /** Track data key (fields 35/36 when 53 says tracks are encrypted). */
    TDK(4),
    /** Zone PIN key shared with a switch or issuer for the outbound link. */
    ZPK(5);

    private final int code;

    KeyUsage(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
