package org.posnet.host.hsm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Reference computations written apart from the HSM code, straight on JCE and BouncyCastle primitives,
 * so the tests compare two implementations rather than one with itself.
 */
final class Reference {

    private Reference() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    /** DES for 8-byte keys, 3DES for 16 (as K1K2K1) and 24, ECB. */
    static byte[] desEcb(boolean encrypt, byte[] key, byte[] data) throws Exception {
        Cipher c;
        if (key.length == 8) {
            c = Cipher.getInstance("DES/ECB/NoPadding");
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "DES"));
        } else {
            byte[] k = key.length == 24 ? key : concat(key, Arrays.copyOf(key, 8));
            c = Cipher.getInstance("DESede/ECB/NoPadding");
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(k, "DESede"));
        }
        return c.doFinal(data);
    }

    static byte[] sm4Ecb(boolean encrypt, byte[] key, byte[] data) {
        SM4Engine e = new SM4Engine();
        e.init(encrypt, new KeyParameter(key));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += 16) {
            e.processBlock(data, i, out, i);
        }
        return out;
    }

    static byte[] desCbcLastBlock(byte[] key8, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("DES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key8, "DES"), new IvParameterSpec(new byte[8]));
        byte[] out = c.doFinal(zeroPad(data, 8));
        return Arrays.copyOfRange(out, out.length - 8, out.length);
    }

    /** X9.19 by hand: DES-CBC under K1, then D(K2), E(K1) on the last block. */
    static byte[] x919(byte[] key16, byte[] data) throws Exception {
        byte[] k1 = Arrays.copyOf(key16, 8);
        byte[] k2 = Arrays.copyOfRange(key16, 8, 16);
        byte[] last = desCbcLastBlock(k1, data);
        return desEcb(true, k1, desEcb(false, k2, last));
    }

    /** UnionPay ECB MAC, step by step as cup-8583.md words it, for 8-byte (DES/3DES) or 16-byte (SM4) blocks. */
    static byte[] unionPayMac(byte[] key, byte[] data, boolean sm4) throws Exception {
        int n = sm4 ? 16 : 8;
        byte[] padded = zeroPad(data, n);
        byte[] x = new byte[n];
        for (int block = 0; block < padded.length; block += n) {
            for (int i = 0; i < n; i++) {
                x[i] ^= padded[block + i];
            }
        }
        byte[] h = hex(x).getBytes(StandardCharsets.US_ASCII);
        byte[] left = Arrays.copyOfRange(h, 0, n);
        byte[] right = Arrays.copyOfRange(h, n, 2 * n);
        byte[] e1 = sm4 ? sm4Ecb(true, key, left) : desEcb(true, key, left);
        for (int i = 0; i < n; i++) {
            e1[i] ^= right[i];
        }
        byte[] e2 = sm4 ? sm4Ecb(true, key, e1) : desEcb(true, key, e1);
        return Arrays.copyOf(hex(e2).getBytes(StandardCharsets.US_ASCII), 8);
    }

    static byte[] zeroPad(byte[] data, int block) {
        int len = data.length % block == 0 && data.length > 0 ? data.length : (data.length / block + 1) * block;
        return Arrays.copyOf(data, len);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
