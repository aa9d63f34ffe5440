package org.posnet.host.hsm;

/**
 * Which working keys a sign-on asks for, by its network-management code 60.3, and so the layout of
 * field 62 in the reply. For SM4 terminals every key is 16 bytes: 003 and 004 keep their 3DES layouts
 * (PIK16+CV4+MAK16+CV4 [+TDK16+CV4]) with SM4 check values; 001 has no SM4 meaning and is refused.
 */
public enum WorkingKeyLayout {
    /** 001: single-length PIK + MAK, 24 bytes. */
    SINGLE_LENGTH("001", false),
    /** 003: double-length PIK + MAK, 40 bytes. */
    DOUBLE_LENGTH("003", false),
    /** 004: double-length PIK + MAK + TDK, 60 bytes. */
    DOUBLE_LENGTH_WITH_TDK("004", true);

    private final String networkCode;
    private final boolean withTdk;

    WorkingKeyLayout(String networkCode, boolean withTdk) {
        this.networkCode = networkCode;
        this.withTdk = withTdk;
    }

    /** The 60.3 value. */
    public String networkCode() {
        return networkCode;
    }

    public boolean withTdk() {
        return withTdk;
    }

    /** The layout for a 60.3 value, or null when it is not a key-loading code. */
    public static WorkingKeyLayout ofNetworkCode(String code) {
        for (WorkingKeyLayout l : values()) {
            if (l.networkCode.equals(code)) {
                return l;
            }
        }
        return null;
    }

    /** The working keys' scheme under a TMK of the given scheme, or null when the pair makes no sense. */
    KeyScheme workingScheme(KeyScheme tmk) {
        if (tmk == KeyScheme.SM4) {
            return this == SINGLE_LENGTH ? null : KeyScheme.SM4;
        }
        if (this == SINGLE_LENGTH) {
            return KeyScheme.DES;
        }
        // a double-length key encrypted under a single-length TMK would be only as strong as the TMK
        return tmk == KeyScheme.DES ? null : KeyScheme.TDES_2KEY;
    }
}
