package org.posnet.sim.terminal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DES (8-byte) or double-length 3DES (16-byte, K1K2K1) key as a terminal's secure chip uses it: ECB,
 * no padding. The ciphers are initialised once because a load generator MACs tens of thousands of
 * messages a second; like {@link Cipher} itself an instance belongs to one thread (one terminal).
 */
public final class DesKey {
    private final byte[] key;
    private final Cipher encrypt;
    private final Cipher decrypt;

    public DesKey(byte[] key) {
        if (key.length != 8 && key.length != 16) {
            throw new IllegalArgumentException("a terminal key is 8 or 16 bytes, got " + key.length);
        }
        this.key = key.clone();
        try {
            encrypt = cipher(Cipher.ENCRYPT_MODE);
            decrypt = cipher(Cipher.DECRYPT_MODE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks DES/DESede", e);
        }
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        if (key.length == 8) {
            Cipher c = Cipher.getInstance("DES/ECB/NoPadding");
            c.init(mode, new SecretKeySpec(key, "DES"));
            return c;
        }
        byte[] k1k2k1 = Arrays.copyOf(key, 24);
        System.arraycopy(key, 0, k1k2k1, 16, 8);
        Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
        c.init(mode, new SecretKeySpec(k1k2k1, "DESede"));
        return c;
    }

    public int length() {
        return key.length;
    }

    /** Half {@code i} (0 or 1) of a double-length key as a single-DES key (X9.9 and X9.19 MACs). */
    DesKey half(int i) {
        return new DesKey(Arrays.copyOfRange(key, 8 * i, 8 * i + 8));
    }

    public byte[] encrypt(byte[] data) {
        return run(encrypt, data);
    }

    public byte[] decrypt(byte[] data) {
        return run(decrypt, data);
    }

    /** First 4 bytes of E(key, zero block): the check value cup-8583.md puts after each key in field 62. */
    public byte[] checkValue() {
        return Arrays.copyOf(encrypt(new byte[8]), 4);
    }

    private static byte[] run(Cipher c, byte[] data) {
        try {
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECB input must be whole 8-byte blocks", e);
        }
    }

    /** Never the key: terminals log their state, and a clear key must not reach a log. */
    @Override
    public String toString() {
        return "DesKey[" + key.length + " bytes]";
    }
}
