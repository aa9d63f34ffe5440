package org.posnet.host.hsm;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Raw block encryption in ECB, the only mode the terminal-side key and PIN formats use. DES and 3DES go
 * through JCE; SM4 through BouncyCastle's engine (no provider registration needed).
 */
final class EcbCipher {

    private EcbCipher() {
    }

    static byte[] encrypt(KeyScheme scheme, byte[] key, byte[] data) {
        return run(scheme, key, data, true);
    }

    static byte[] decrypt(KeyScheme scheme, byte[] key, byte[] data) {
        return run(scheme, key, data, false);
    }

    /** First 4 bytes of the key encrypting a zero block (cup-8583.md check value). */
    static byte[] checkValue(KeyScheme scheme, byte[] key) {
        return Arrays.copyOf(encrypt(scheme, key, new byte[scheme.blockBytes()]), 4);
    }

    private static byte[] run(KeyScheme scheme, byte[] key, byte[] data, boolean encrypt) {
        if (key.length != scheme.keyBytes()) {
            throw new IllegalStateException("key length does not match its scheme " + scheme);
        }
        if (data.length % scheme.blockBytes() != 0) {
            throw new IllegalStateException("data is not a whole number of " + scheme.blockBytes() + "-byte blocks");
        }
        if (scheme == KeyScheme.SM4) {
            SM4Engine engine = new SM4Engine();
            engine.init(encrypt, new KeyParameter(key));
            byte[] out = new byte[data.length];
            for (int i = 0; i < data.length; i += 16) {
                engine.processBlock(data, i, out, i);
            }
            return out;
        }
        byte[] jceKey = key;
        String algorithm = "DESede";
        if (scheme == KeyScheme.DES) {
            algorithm = "DES";
        } else if (scheme == KeyScheme.TDES_2KEY) {
            // JCE wants three keys; a double-length key is K1 K2 K1
            jceKey = Arrays.copyOf(key, 24);
            System.arraycopy(key, 0, jceKey, 16, 8);
        }
        try {
            Cipher cipher = Cipher.getInstance(algorithm + "/ECB/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(jceKey, algorithm));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            // only a JRE without DES could get here; say so without the key
            throw new IllegalStateException(algorithm + " ECB unavailable: " + e.getClass().getSimpleName());
        } finally {
            if (jceKey != key) {
                Arrays.fill(jceKey, (byte) 0);
            }
        }
    }
}
