package org.posnet.host.hsm;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Raw block encryption in ECB, the only mode the terminal-side key and PIN formats use, for keys used
 * once (sealing, sign-on). DES and 3DES run on {@link DesKey} ({@link DesCore}, no JCE provider
 * lookup per call; a double-length key is K1 K2 K1), SM4 on BouncyCastle's engine.
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
        DesKey des = new DesKey(key);
        byte[] out = data.clone();
        for (int i = 0; i < out.length; i += 8) {
            if (encrypt) {
                des.encrypt(out, i);
            } else {
                des.decrypt(out, i);
            }
        }
        return out;
    }
}
