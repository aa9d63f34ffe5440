package org.posnet.host.hsm;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A key the software HSM has opened and keeps open, as a hardware HSM keeps a loaded key in its secure
 * memory: the key schedule is built once, not on every MAC or PIN command. Lives only inside
 * {@link SoftwareHsm}'s cache and never leaves the package; {@link #toString} says nothing of the key.
 * Block operations are synchronized (the engines are not documented as thread-safe); a key serves one
 * terminal's requests, so there is no contention to speak of.
 */
final class OpenKey {
    final KeyUsage usage;
    final KeyScheme scheme;
    private final byte[] checkValue;
    /** Kept for the MAC algorithms that work on halves of the key (X9.9, X9.19). */
    private final byte[] clear;
    private final BlockCipher encrypt;
    private final BlockCipher decrypt;

    OpenKey(KeyUsage usage, KeyScheme scheme, byte[] clear, byte[] checkValue) {
        this.usage = usage;
        this.scheme = scheme;
        this.clear = clear.clone();
        this.checkValue = checkValue.clone();
        this.encrypt = engine(scheme, this.clear, true);
        this.decrypt = engine(scheme, this.clear, false);
    }

    private static BlockCipher engine(KeyScheme scheme, byte[] key, boolean forEncryption) {
        BlockCipher e = switch (scheme) {
            case DES -> new DESEngine();
            case TDES_2KEY, TDES_3KEY -> new DESedeEngine(); // takes K1K2 (K3 = K1) or K1K2K3
            case SM4 -> new SM4Engine();
        };
        e.init(forEncryption, new KeyParameter(key));
        return e;
    }

    /** True when this is the key the record describes (a cache hit must not accept a relabelled record). */
    boolean describes(KeyUnderLmk key) {
        return key.usage() == usage && key.scheme() == scheme && Arrays.equals(key.checkValue(), checkValue);
    }

    /** ECB over whole blocks. */
    byte[] encrypt(byte[] data) {
        return run(encrypt, data);
    }

    byte[] decrypt(byte[] data) {
        return run(decrypt, data);
    }

    private byte[] run(BlockCipher engine, byte[] data) {
        int block = scheme.blockBytes();
        if (data.length % block != 0) {
            throw new IllegalStateException("data is not a whole number of " + block + "-byte blocks");
        }
        byte[] out = new byte[data.length];
        synchronized (engine) {
            for (int i = 0; i < data.length; i += block) {
                engine.processBlock(data, i, out, i);
            }
        }
        return out;
    }

    /** A copy of the clear key for a MAC that needs its halves; the caller wipes it. */
    byte[] clearCopy() {
        return clear.clone();
    }

    @Override
    public String toString() {
        return "OpenKey[" + usage + " " + scheme + "]";
    }
}
