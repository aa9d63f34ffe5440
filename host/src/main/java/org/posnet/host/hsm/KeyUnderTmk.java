package org.posnet.host.hsm;

import java.util.Arrays;
import java.util.HexFormat;

/** A working key encrypted under the terminal's TMK (ECB), as sent in field 62, with its 4-byte check value. */
public record KeyUnderTmk(KeyUsage usage, KeyScheme scheme, byte[] encrypted, byte[] checkValue) {

    public KeyUnderTmk {
        if (usage == null || scheme == null || encrypted == null || checkValue == null || checkValue.length != 4) {
            throw new IllegalArgumentException("usage, scheme, encrypted bytes and a 4-byte check value are required");
        }
        encrypted = encrypted.clone();
        checkValue = checkValue.clone();
    }

    @Override
    public byte[] encrypted() {
        return encrypted.clone();
    }

    @Override
    public byte[] checkValue() {
        return checkValue.clone();
    }

    /** Encrypted key followed by its check value: this key's slice of field 62. */
    public byte[] field62Part() {
        byte[] out = Arrays.copyOf(encrypted, encrypted.length + 4);
        System.arraycopy(checkValue, 0, out, encrypted.length, 4);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyUnderTmk k && usage == k.usage && scheme == k.scheme
                && Arrays.equals(encrypted, k.encrypted) && Arrays.equals(checkValue, k.checkValue);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encrypted);
    }

    @Override
    public String toString() {
        return "KeyUnderTmk[" + usage + " " + scheme + " kcv=" + HexFormat.of().withUpperCase().formatHex(checkValue) + "]";
    }
}
