package org.posnet.host.hsm;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A key the software HSM has opened and keeps open, as a hardware HSM keeps a loaded key in its secure
 * memory: the key schedule is built once, not on every MAC or PIN command. Held only by the
 * {@link KeyUnderLmk} record it was opened from (so it goes when that record goes) and never leaves the
 * package; {@link #toString} says nothing of the key. DES and 3DES blocks run lock-free on a
 * {@link DesKey}; SM4 blocks are synchronized (BouncyCastle's SM4 engine keeps per-block state), which
 * costs next to nothing since a key serves one terminal's requests.
 */
final class OpenKey {
    /** The HSM that opened this key: another HSM (another LMK) must open the record itself. */
    final SoftwareHsm owner;
    final KeyUsage usage;
    final KeyScheme scheme;
    private final DesKey des;
    private final BlockCipher sm4Encrypt;
    private final BlockCipher sm4Decrypt;

    OpenKey(SoftwareHsm owner, KeyUsage usage, KeyScheme scheme, byte[] clear) {
        this.owner = owner;
        this.usage = usage;
        this.scheme = scheme;
        if (scheme.isDesFamily()) {
            this.des = new DesKey(clear);
            this.sm4Encrypt = null;
            this.sm4Decrypt = null;
        } else {
            this.des = null;
            this.sm4Encrypt = sm4(clear, true);
            this.sm4Decrypt = sm4(clear, false);
        }
    }

    private static BlockCipher sm4(byte[] key, boolean forEncryption) {
        SM4Engine e = new SM4Engine();
        e.init(forEncryption, new KeyParameter(key));
        return e;
    }

    /** Encrypts one block ({@code scheme.blockBytes()}) at {@code off} in place. */
    void encryptBlock(byte[] b, int off) {
        if (des != null) {
            des.encrypt(b, off);
        } else {
            synchronized (sm4Encrypt) {
                sm4Encrypt.processBlock(b, off, b, off);
            }
        }
    }

    /** Decrypts one block at {@code off} in place. */
    void decryptBlock(byte[] b, int off) {
        if (des != null) {
            des.decrypt(b, off);
        } else {
            synchronized (sm4Decrypt) {
                sm4Decrypt.processBlock(b, off, b, off);
            }
        }
    }

    /** Single DES under the left key, in place (X9.9, and X9.19's chaining); DES-family keys only. */
    void encryptLeftBlock(byte[] b, int off) {
        des.encryptLeft(b, off);
    }

    /** ECB over whole blocks, into a new array. */
    byte[] encrypt(byte[] data) {
        byte[] out = whole(data);
        for (int i = 0; i < out.length; i += scheme.blockBytes()) {
            encryptBlock(out, i);
        }
        return out;
    }

    byte[] decrypt(byte[] data) {
        byte[] out = whole(data);
        for (int i = 0; i < out.length; i += scheme.blockBytes()) {
            decryptBlock(out, i);
        }
        return out;
    }

    private byte[] whole(byte[] data) {
        int block = scheme.blockBytes();
        if (data.length % block != 0) {
            throw new IllegalStateException("data is not a whole number of " + block + "-byte blocks");
        }
        return data.clone();
    }

    @Override
    public String toString() {
        return "OpenKey[" + usage + " " + scheme + "]";
    }
}
