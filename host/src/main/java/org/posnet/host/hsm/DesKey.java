package org.posnet.host.hsm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A DES or 3DES (EDE) key with its key schedules built once, on {@link DesCore}. The schedules are never
 * changed after construction and the core keeps no state between blocks, so one instance serves every
 * thread at once with no lock and no allocation. A 3DES block is one IP, 48 rounds and one FP. Lives
 * only inside the HSM package; {@link #toString} says nothing of the key.
 */
final class DesKey {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** K1 encrypt, K2 decrypt, K3 encrypt back to back; single DES has only the first. */
    private final int[] encrypting;
    /** K3 decrypt, K2 encrypt, K1 decrypt. */
    private final int[] decrypting;
    /** DES passes per block: 1 or 3. */
    private final int passes;

    /** @param key 8 bytes (DES), 16 (3DES K1 K2 K1) or 24 (3DES K1 K2 K3); not kept */
    DesKey(byte[] key) {
        if (key.length != 8 && key.length != 16 && key.length != 24) {
            throw new IllegalStateException("a DES key has 8, 16 or 24 bytes");
        }
        int n = DesCore.SCHEDULE_INTS;
        if (key.length == 8) {
            passes = 1;
            encrypting = DesCore.schedule(key, 0, true);
            decrypting = DesCore.schedule(key, 0, false);
            return;
        }
        passes = 3;
        int k3 = key.length == 24 ? 16 : 0;
        encrypting = new int[3 * n];
        decrypting = new int[3 * n];
        place(DesCore.schedule(key, 0, true), encrypting, 0);
        place(DesCore.schedule(key, 8, false), encrypting, n);
        place(DesCore.schedule(key, k3, true), encrypting, 2 * n);
        place(DesCore.schedule(key, k3, false), decrypting, 0);
        place(DesCore.schedule(key, 8, true), decrypting, n);
        place(DesCore.schedule(key, 0, false), decrypting, 2 * n);
    }

    /** Copies one pass's schedule into place and wipes the copy. */
    private static void place(int[] schedule, int[] into, int at) {
        System.arraycopy(schedule, 0, into, at, schedule.length);
        Arrays.fill(schedule, 0);
    }

    /** Encrypts a big-endian block (DES, or 3DES EDE). */
    long encrypt(long block) {
        return DesCore.crypt(encrypting, passes, block);
    }

    long decrypt(long block) {
        return DesCore.crypt(decrypting, passes, block);
    }

    /** Single DES under the first (left) key: the chaining step of X9.9 and X9.19. */
    long encryptLeft(long block) {
        return DesCore.crypt(encrypting, 1, block);
    }

    /** Encrypts the 8 bytes at {@code off} in place (DES, or 3DES EDE). */
    void encrypt(byte[] b, int off) {
        LONG.set(b, off, encrypt((long) LONG.get(b, off)));
    }

    /** Decrypts the 8 bytes at {@code off} in place. */
    void decrypt(byte[] b, int off) {
        LONG.set(b, off, decrypt((long) LONG.get(b, off)));
    }

    /** Single DES under the first (left) key, in place: the chaining step of X9.9 and X9.19. */
    void encryptLeft(byte[] b, int off) {
        LONG.set(b, off, encryptLeft((long) LONG.get(b, off)));
    }

    @Override
    public String toString() {
        return passes == 1 ? "DesKey[DES]" : "DesKey[3DES]";
    }
}
