package org.posnet.host;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a terminal computes, written straight on JCE and apart from the host's HSM code, so tests check
 * the host against a second implementation: field 62 key unwrapping with check values, ISO 9564 format 0
 * PIN blocks, the UnionPay ECB MAC (cup-8583.md).
 */
final class TerminalCrypto {
    private TerminalCrypto() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    /** DES for 8-byte keys, 3DES (K1K2K1) for 16, ECB. */
    static byte[] ecb(boolean encrypt, byte[] key, byte[] data) {
        try {
            Cipher c;
            if (key.length == 8) {
                c = Cipher.getInstance("DES/ECB/NoPadding");
                c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "DES"));
            } else {
                byte[] k = key.length == 24 ? key : Arrays.copyOf(key, 24);
                if (key.length == 16) {
                    System.arraycopy(key, 0, k, 16, 8);
                }
                c = Cipher.getInstance("DESede/ECB/NoPadding");
                c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(k, "DESede"));
            }
            return c.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The working keys of a sign-on reply's field 62, each checked against its check value. */
    record Keys(byte[] pik, byte[] mak, byte[] tdk) {
    }

    static Keys unwrap(byte[] tmk, byte[] field62) {
        int keyLen = field62.length == 24 ? 8 : 16;
        byte[][] keys = new byte[field62.length / (keyLen + 4)][];
        for (int i = 0; i < keys.length; i++) {
            int at = i * (keyLen + 4);
            byte[] clear = ecb(false, tmk, Arrays.copyOfRange(field62, at, at + keyLen));
            byte[] cv = Arrays.copyOf(ecb(true, clear, new byte[8]), 4);
            if (!Arrays.equals(cv, Arrays.copyOfRange(field62, at + keyLen, at + keyLen + 4))) {
                throw new AssertionError("check value of key " + i + " in field 62 does not match");
            }
            keys[i] = clear;
        }
        return new Keys(keys[0], keys[1], keys.length > 2 ? keys[2] : null);
    }

    /** ISO 9564 format 0 under the PIK. */
    static byte[] pinBlock(byte[] pik, String pin, String pan) {
        String pinField = ("0" + pin.length() + pin + "FFFFFFFFFFFFFF").substring(0, 16);
        String panField = "0000" + pan.substring(pan.length() - 13, pan.length() - 1);
        byte[] a = hex(pinField);
        byte[] b = hex(panField);
        for (int i = 0; i < 8; i++) {
            a[i] ^= b[i];
        }
        return ecb(true, pik, a);
    }

    /** UnionPay ECB MAC over a MAC block (MTI through field 63). */
    static byte[] mac(byte[] mak, byte[] block) {
        byte[] x = new byte[8];
        for (int i = 0; i < block.length; i++) {
            x[i % 8] ^= block[i];
        }
        byte[] h = hex(x).getBytes(StandardCharsets.US_ASCII);
        byte[] e1 = ecb(true, mak, Arrays.copyOf(h, 8));
        for (int i = 0; i < 8; i++) {
            e1[i] ^= h[8 + i];
        }
        byte[] e2 = ecb(true, mak, e1);
        return Arrays.copyOf(hex(e2).getBytes(StandardCharsets.US_ASCII), 8);
    }

    /** ANSI X9.19 (ISO 9797-1 algorithm 3) as a terminal computes it: DES-CBC under K1, zero padding; D(K2), E(K1). */
    static byte[] x919(byte[] mak, byte[] block) {
        byte[] k1 = Arrays.copyOf(mak, 8);
        byte[] k2 = Arrays.copyOfRange(mak, 8, 16);
        byte[] chain = new byte[8];
        for (int at = 0; at < block.length || at == 0; at += 8) {
            for (int i = 0; i < 8; i++) {
                chain[i] ^= at + i < block.length ? block[at + i] : 0;
            }
            chain = ecb(true, k1, chain);
        }
        return ecb(true, k1, ecb(false, k2, chain));
    }

    /** Appends the Luhn check digit. */
    static String withLuhn(String body) {
        int sum = 0;
        boolean twice = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return body + (10 - sum % 10) % 10;
    }
}
