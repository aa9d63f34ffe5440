package org.posnet.host.hsm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key encrypted under the local master key: what the host stores and hands back to the HSM. The
 * check value (first 4 bytes of the key encrypting a zero block) identifies the key without revealing it.
 *
 * <p>A value class with a record's contract (accessors, equality by content). It is not a record only
 * because it carries one hidden slot: the HSM's open form of this very instance ({@code OpenKey}), so a
 * key used for every sale of a session is found without hashing its sealed bytes, and goes away with the
 * instance (a sign-on that replaces the working keys leaves the old open key to the collector).
 */
public final class KeyUnderLmk {
    private final KeyUsage usage;
    private final KeyScheme scheme;
    private final byte[] sealed;
    private final byte[] checkValue;
    /** Set by the HSM that opened this instance; not part of its value. */
    private volatile OpenKey open;

    public KeyUnderLmk(KeyUsage usage, KeyScheme scheme, byte[] sealed, byte[] checkValue) {
        if (usage == null || scheme == null || sealed == null || checkValue == null) {
            throw new IllegalArgumentException("usage, scheme, sealed bytes and check value are required");
        }
        this.usage = usage;
        this.scheme = scheme;
        this.sealed = sealed.clone();
        this.checkValue = checkValue.clone();
    }

    public KeyUsage usage() {
        return usage;
    }

    public KeyScheme scheme() {
        return scheme;
    }

    public byte[] sealed() {
        return sealed.clone();
    }

    public byte[] checkValue() {
        return checkValue.clone();
    }

    public String checkValueHex() {
        return HexFormat.of().withUpperCase().formatHex(checkValue);
    }

    OpenKey open() {
        return open;
    }

    void open(OpenKey key) {
        open = key;
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
