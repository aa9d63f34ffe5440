package org.posnet.host.hsm;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.DESEngine;

/**
 * A DES or 3DES (EDE) key with its key schedules built once, on BouncyCastle's DES core. The schedules
 * are never changed after construction and the core keeps no state between blocks, so one instance
 * serves every thread at once with no lock, no per-call engine init and no allocation. Lives only
 * inside the HSM package; {@link #toString} says nothing of the key.
 */
final class DesKey {

    /**
     * BouncyCastle's DES block function and key schedule, which {@link DESEngine} exposes to subclasses:
     * both work only on their arguments (the engine's own key is never set here), so one instance serves
     * all keys and threads.
     */
    private static final class Core extends DESEngine {
        int[] schedule(boolean encrypting, byte[] key8) {
            return generateWorkingKey(encrypting, key8);
        }

        void crypt(int[] schedule, byte[] b, int off) {
            desFunc(schedule, b, off, b, off);
        }
    }

    private static final Core CORE = new Core();

    /** Encryption order: K1 encrypt, K2 decrypt, K3 encrypt; single DES uses only the first. */
    private final int[] e1;
    private final int[] d2;
    private final int[] e3;
    /** Decryption order: K3 decrypt, K2 encrypt, K1 decrypt. */
    private final int[] d3;
    private final int[] e2;
    private final int[] d1;
    private final boolean single;

    /** @param key 8 bytes (DES), 16 (3DES K1 K2 K1) or 24 (3DES K1 K2 K3); not kept */
    DesKey(byte[] key) {
        if (key.length != 8 && key.length != 16 && key.length != 24) {
            throw new IllegalStateException("a DES key has 8, 16 or 24 bytes");
        }
        byte[] part = new byte[8];
        try {
            System.arraycopy(key, 0, part, 0, 8);
            e1 = CORE.schedule(true, part);
            d1 = CORE.schedule(false, part);
            single = key.length == 8;
            if (single) {
                d2 = e2 = e3 = d3 = null;
                return;
            }
            System.arraycopy(key, 8, part, 0, 8);
            e2 = CORE.schedule(true, part);
            d2 = CORE.schedule(false, part);
            if (key.length == 24) {
                System.arraycopy(key, 16, part, 0, 8);
                e3 = CORE.schedule(true, part);
                d3 = CORE.schedule(false, part);
            } else {
                e3 = e1;
                d3 = d1;
            }
        } finally {
            Arrays.fill(part, (byte) 0);
        }
    }

    /** Encrypts the 8 bytes at {@code off} in place (DES, or 3DES EDE). */
    void encrypt(byte[] b, int off) {
        CORE.crypt(e1, b, off);
        if (!single) {
            CORE.crypt(d2, b, off);
            CORE.crypt(e3, b, off);
        }
    }

    /** Decrypts the 8 bytes at {@code off} in place. */
    void decrypt(byte[] b, int off) {
        if (single) {
            CORE.crypt(d1, b, off);
            return;
        }
        CORE.crypt(d3, b, off);
        CORE.crypt(e2, b, off);
        CORE.crypt(d1, b, off);
    }

    /** Single DES under the first (left) key, in place: the chaining step of X9.9 and X9.19. */
    void encryptLeft(byte[] b, int off) {
        CORE.crypt(e1, b, off);
    }

    @Override
    public String toString() {
        return single ? "DesKey[DES]" : "DesKey[3DES]";
    }
}
