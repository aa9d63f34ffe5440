package org.posnet.host.hsm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key encrypted under the local master key: what the host stores and hands back to the HSM. The
 * check value (first 4 bytes of the key encrypting a zero block) identifies the key without revealing it.
 */
public record KeyUnderLmk(KeyUsage usage, KeyScheme scheme, byte[] sealed, byte[] checkValue) {

    public KeyUnderLmk {
        if (usage == null || scheme == null || sealed == null || checkValue == null) {
            throw new IllegalArgumentException("usage, scheme, sealed bytes and check value are required");
        }
        sealed = sealed.clone();
        checkValue = checkValue.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public byte[] checkValue() {
        return checkValue.clone();
    }

    public String checkValueHex() {
        return HexFormat.of().withUpperCase().formatHex(checkValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyUnderLmk k && usage == k.usage && scheme == k.scheme
                && Arrays.equals(sealed, k.sealed) && Arrays.equals(checkValue, k.checkValue);
    }

    @Override
    public int hashCode() {
        return (usage.hashCode() * 31 + scheme.hashCode()) * 31 + Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "KeyUnderLmk[" + usage + " " + scheme + " kcv=" + checkValueHex() + "]";
    }
}
