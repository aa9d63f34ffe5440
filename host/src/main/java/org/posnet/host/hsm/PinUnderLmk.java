package org.posnet.host.hsm;

import java.util.Arrays;

/** A cardholder PIN sealed under the LMK, for the on-us issuer's store; only the HSM can compare it. */
public record PinUnderLmk(byte[] sealed) {

    public PinUnderLmk {
        if (sealed == null) {
            throw new IllegalArgumentException("sealed bytes are required");
        }
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
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
