package org.posnet.host.hsm;

import java.util.Arrays;

/**
 * A cardholder PIN sealed under the LMK, for the on-us issuer's store; only the HSM can compare it.
 *
 * <p>A value class with a record's contract; not a record only because of one hidden slot where the HSM
 * keeps its salted digest of this instance's PIN, so a card's repeated sales do not unseal it again.
 */
public final class PinUnderLmk {
    private final byte[] sealed;
    /** Set by the HSM that unsealed this instance; not part of its value. */
    private volatile SoftwareHsm.PinDigest digest;

    public PinUnderLmk(byte[] sealed) {
        if (sealed == null) {
            throw new IllegalArgumentException("sealed bytes are required");
        }
        this.sealed = sealed.clone();
    }

    public byte[] sealed() {
        return sealed.clone();
    }

    SoftwareHsm.PinDigest digest() {
        return digest;
    }

    void digest(SoftwareHsm.PinDigest d) {
        digest = d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PinUnderLmk p && Arrays.equals(sealed, p.sealed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "PinUnderLmk[sealed]";
    }
}
