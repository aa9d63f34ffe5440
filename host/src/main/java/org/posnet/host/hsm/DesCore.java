package org.posnet.host.hsm;

import java.util.Arrays;

/**
 * The DES block function and key schedule, on a block held as one big-endian {@code long}: no byte
 * arrays, no state, no allocation per block. The round function is the classic combined S-box and
 * P-permutation table form (BouncyCastle's {@code DESEngine} tables, 8 of 64 ints, here in one array;
 * its key schedule layout is shared too). A 3DES schedule is the three single-DES schedules back to back and
 * runs as IP, 48 rounds, FP: the FP of one DES pass and the IP of the next cancel out, leaving only
 * the exchange of the two halves. No branch depends on the key or the data; table addresses do, as in
 * every table-driven DES.
 */
final class DesCore {

    /** Round-key ints per single-DES schedule: two per round. */
    static final int SCHEDULE_INTS = 32;

    private DesCore() {
    }

    /**
     * The 16-round schedule of the DES key at {@code key[off..off+8)} (parity bits ignored), in the
     * order of use: K1..K16 to encrypt, K16..K1 to decrypt.
     */
    static int[] schedule(byte[] key, int off, boolean encrypting) {
        // PC-1: the 56 key bits as 0/1 ints, C then D
        int[] pc1m = new int[56];
        for (int j = 0; j < 56; j++) {
            int l = PC1[j];
            pc1m[j] = (key[off + (l >>> 3)] >>> (7 - (l & 7))) & 1;
        }
        int[] raw = new int[SCHEDULE_INTS];
        int[] pcr = new int[56];
        for (int i = 0; i < 16; i++) {
            // C and D each rotated left by the total shift of round i
            for (int j = 0; j < 28; j++) {
                int l = j + TOTROT[i];
                pcr[j] = pc1m[l < 28 ? l : l - 28];
                pcr[j + 28] = pc1m[l < 28 ? l + 28 : l];
            }
            // PC-2, without branching on key bits: 24 bits for S-boxes 1-4, 24 for 5-8
            int a = 0;
            int b = 0;
            for (int j = 0; j < 24; j++) {
                a |= pcr[PC2[j]] << (23 - j);
                b |= pcr[PC2[j + 24]] << (23 - j);
            }
            int m = (encrypting ? i : 15 - i) << 1;
            raw[m] = a;
            raw[m + 1] = b;
        }
        // the eight 6-bit groups regrouped into the bytes the round function indexes
        int[] k = new int[SCHEDULE_INTS];
        for (int i = 0; i < SCHEDULE_INTS; i += 2) {
            int a = raw[i];
            int b = raw[i + 1];
            k[i] = ((a & 0x00fc0000) << 6) | ((a & 0x00000fc0) << 10) | ((b & 0x00fc0000) >>> 10) | ((b & 0x00000fc0) >>> 6);
            k[i + 1] = ((a & 0x0003f000) << 12) | ((a & 0x0000003f) << 16) | ((b & 0x0003f000) >>> 4) | (b & 0x0000003f);
        }
        Arrays.fill(pc1m, 0);
        Arrays.fill(pcr, 0);
        Arrays.fill(raw, 0);
        return k;
    }

    /**
     * Runs {@code passes} single-DES passes on {@code block}: the first {@code passes * 32} ints of
     * {@code k} are the passes' schedules in order of use (1 pass: DES; 3 passes: 3DES, e.g. K1 encrypt,
     * K2 decrypt, K3 encrypt).
     */
    static long crypt(int[] k, int passes, long block) {
        int left = (int) (block >>> 32);
        int right = (int) block;
        int work;

        // IP, as five exchanges of bit groups, ending with both halves rotated left by one for the rounds
        work = ((left >>> 4) ^ right) & 0x0f0f0f0f;
        right ^= work;
        left ^= work << 4;
        work = ((left >>> 16) ^ right) & 0x0000ffff;
        right ^= work;
        left ^= work << 16;
        work = ((right >>> 2) ^ left) & 0x33333333;
        left ^= work;
        right ^= work << 2;
        work = ((right >>> 8) ^ left) & 0x00ff00ff;
        left ^= work;
        right ^= work << 8;
        right = Integer.rotateLeft(right, 1);
        work = (left ^ right) & 0xaaaaaaaa;
        left ^= work;
        right ^= work;
        left = Integer.rotateLeft(left, 1);

        int end = passes * SCHEDULE_INTS;
        for (int at = 0; at < end; at += SCHEDULE_INTS) {
            for (int r = at; r < at + SCHEDULE_INTS; r += 4) {
                left ^= f(right, k[r], k[r + 1]);
                right ^= f(left, k[r + 2], k[r + 3]);
            }
            // the halves exchanged: the end of a pass, and for 3DES the start of the next
            work = left;
            left = right;
            right = work;
        }

        // FP = IP inverted
        left = Integer.rotateRight(left, 1);
        work = (left ^ right) & 0xaaaaaaaa;
        left ^= work;
        right ^= work;
        right = Integer.rotateRight(right, 1);
        work = ((right >>> 8) ^ left) & 0x00ff00ff;
        left ^= work;
        right ^= work << 8;
        work = ((right >>> 2) ^ left) & 0x33333333;
        left ^= work;
        right ^= work << 2;
        work = ((left >>> 16) ^ right) & 0x0000ffff;
        right ^= work;
        left ^= work << 16;
        work = ((left >>> 4) ^ right) & 0x0f0f0f0f;
        right ^= work;
        left ^= work << 4;
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /**
     * The round function of a half (rotated left by one) with the round's two key ints. The eight
     * look-ups are OR-ed as a balanced tree rather than a chain of seven ORs: the compiler keeps the
     * source's grouping, and the tree takes a few cycles off every round.
     */
    private static int f(int half, int k0, int k1) {
        int w = Integer.rotateRight(half, 4) ^ k0;
        int v = half ^ k1;
        return ((SP[S7 + (w & 0x3f)] | SP[S5 + ((w >>> 8) & 0x3f)]) | (SP[S3 + ((w >>> 16) & 0x3f)] | SP[S1 + ((w >>> 24) & 0x3f)]))
                | ((SP[S8 + (v & 0x3f)] | SP[S6 + ((v >>> 8) & 0x3f)]) | (SP[S4 + ((v >>> 16) & 0x3f)] | SP[S2 + ((v >>> 24) & 0x3f)]));
    }

    // Key schedule tables (FIPS 46-3, zero-based), as in BouncyCastle's DESEngine.
    private static final byte[] PC1 = {
        56, 48, 40, 32, 24, 16, 8, 0, 57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35,
        62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 60, 52, 44, 36, 28, 20, 12, 4, 27, 19, 11, 3
    };
    private static final byte[] TOTROT = {1, 2, 4, 6, 8, 10, 12, 14, 15, 17, 19, 21, 23, 25, 27, 28};
    private static final byte[] PC2 = {
        13, 16, 10, 23, 0, 4, 2, 27, 14, 5, 20, 9, 22, 18, 11, 3, 25, 7, 15, 6, 26, 19, 12, 1,
        40, 51, 30, 36, 46, 54, 29, 39, 50, 44, 32, 47, 43, 48, 38, 55, 33, 52, 45, 41, 49, 35, 28, 31
    };

    /** Where S-box i's 64 entries start in {@link #SP}. */
    private static final int S1 = 0;
    private static final int S2 = 64;
    private static final int S3 = 128;
    private static final int S4 = 192;
    private static final int S5 = 256;
    private static final int S6 = 320;
    private static final int S7 = 384;
    private static final int S8 = 448;

    /**
     * S-boxes 1 to 8, each combined with P, for inputs laid out as the round function extracts them
     * (BouncyCastle's SP1..SP8, in one array: 2 KB in 32 adjacent cache lines).
     */
    private static final int[] SP = {
        // S1
        0x01010400, 0x00000000, 0x00010000, 0x01010404, 0x01010004, 0x00010404, 0x00000004, 0x00010000,
        0x00000400, 0x01010400, 0x01010404, 0x00000400, 0x01000404, 0x01010004, 0x01000000, 0x00000004,
        0x00000404, 0x01000400, 0x01000400, 0x00010400, 0x00010400, 0x01010000, 0x01010000, 0x01000404,
        0x00010004, 0x01000004, 0x01000004, 0x00010004, 0x00000000, 0x00000404, 0x00010404, 0x01000000,
        0x00010000, 0x01010404, 0x00000004, 0x01010000, 0x01010400, 0x01000000, 0x01000000, 0x00000400,
        0x01010004, 0x00010000, 0x00010400, 0x01000004, 0x00000400, 0x00000004, 0x01000404, 0x00010404,
        0x01010404, 0x00010004, 0x01010000, 0x01000404, 0x01000004, 0x00000404, 0x00010404, 0x01010400,
        0x00000404, 0x01000400, 0x01000400, 0x00000000, 0x00010004, 0x00010400, 0x00000000, 0x01010004,
        // S2
        0x80108020, 0x80008000, 0x00008000, 0x00108020, 0x00100000, 0x00000020, 0x80100020, 0x80008020,
        0x80000020, 0x80108020, 0x80108000, 0x80000000, 0x80008000, 0x00100000, 0x00000020, 0x80100020,
        0x00108000, 0x00100020, 0x80008020, 0x00000000, 0x80000000, 0x00008000, 0x00108020, 0x80100000,
        0x00100020, 0x80000020, 0x00000000, 0x00108000, 0x00008020, 0x80108000, 0x80100000, 0x00008020,
        0x00000000, 0x00108020, 0x80100020, 0x00100000, 0x80008020, 0x80100000, 0x80108000, 0x00008000,
        0x80100000, 0x80008000, 0x00000020, 0x80108020, 0x00108020, 0x00000020, 0x00008000, 0x80000000,
        0x00008020, 0x80108000, 0x00100000, 0x80000020, 0x00100020, 0x80008020, 0x80000020, 0x00100020,
        0x00108000, 0x00000000, 0x80008000, 0x00008020, 0x80000000, 0x80100020, 0x80108020, 0x00108000,
        // S3
        0x00000208, 0x08020200, 0x00000000, 0x08020008, 0x08000200, 0x00000000, 0x00020208, 0x08000200,
        0x00020008, 0x08000008, 0x08000008, 0x00020000, 0x08020208, 0x00020008, 0x08020000, 0x00000208,
        0x08000000, 0x00000008, 0x08020200, 0x00000200, 0x00020200, 0x08020000, 0x08020008, 0x00020208,
        0x08000208, 0x00020200, 0x00020000, 0x08000208, 0x00000008, 0x08020208, 0x00000200, 0x08000000,
        0x08020200, 0x08000000, 0x00020008, 0x00000208, 0x00020000, 0x08020200, 0x08000200, 0x00000000,
        0x00000200, 0x00020008, 0x08020208, 0x08000200, 0x08000008, 0x00000200, 0x00000000, 0x08020008,
        0x08000208, 0x00020000, 0x08000000, 0x08020208, 0x00000008, 0x00020208, 0x00020200, 0x08000008,
        0x08020000, 0x08000208, 0x00000208, 0x08020000, 0x00020208, 0x00000008, 0x08020008, 0x00020200,
        // S4
        0x00802001, 0x00002081, 0x00002081, 0x00000080, 0x00802080, 0x00800081, 0x00800001, 0x00002001,
        0x00000000, 0x00802000, 0x00802000, 0x00802081, 0x00000081, 0x00000000, 0x00800080, 0x00800001,
        0x00000001, 0x00002000, 0x00800000, 0x00802001, 0x00000080, 0x00800000, 0x00002001, 0x00002080,
        0x00800081, 0x00000001, 0x00002080, 0x00800080, 0x00002000, 0x00802080, 0x00802081, 0x00000081,
        0x00800080, 0x00800001, 0x00802000, 0x00802081, 0x00000081, 0x00000000, 0x00000000, 0x00802000,
        0x00002080, 0x00800080, 0x00800081, 0x00000001, 0x00802001, 0x00002081, 0x00002081, 0x00000080,
        0x00802081, 0x00000081, 0x00000001, 0x00002000, 0x00800001, 0x00002001, 0x00802080, 0x00800081,
        0x00002001, 0x00002080, 0x00800000, 0x00802001, 0x00000080, 0x00800000, 0x00002000, 0x00802080,
        // S5
        0x00000100, 0x02080100, 0x02080000, 0x42000100, 0x00080000, 0x00000100, 0x40000000, 0x02080000,
        0x40080100, 0x00080000, 0x02000100, 0x40080100, 0x42000100, 0x42080000, 0x00080100, 0x40000000,
        0x02000000, 0x40080000, 0x40080000, 0x00000000, 0x40000100, 0x42080100, 0x42080100, 0x02000100,
        0x42080000, 0x40000100, 0x00000000, 0x42000000, 0x02080100, 0x02000000, 0x42000000, 0x00080100,
        0x00080000, 0x42000100, 0x00000100, 0x02000000, 0x40000000, 0x02080000, 0x42000100, 0x40080100,
        0x02000100, 0x40000000, 0x42080000, 0x02080100, 0x40080100, 0x00000100, 0x02000000, 0x42080000,
        0x42080100, 0x00080100, 0x42000000, 0x42080100, 0x02080000, 0x00000000, 0x40080000, 0x42000000,
        0x00080100, 0x02000100, 0x40000100, 0x00080000, 0x00000000, 0x40080000, 0x02080100, 0x40000100,
        // S6
        0x20000010, 0x20400000, 0x00004000, 0x20404010, 0x20400000, 0x00000010, 0x20404010, 0x00400000,
        0x20004000, 0x00404010, 0x00400000, 0x20000010, 0x00400010, 0x20004000, 0x20000000, 0x00004010,
        0x00000000, 0x00400010, 0x20004010, 0x00004000, 0x00404000, 0x20004010, 0x00000010, 0x20400010,
        0x20400010, 0x00000000, 0x00404010, 0x20404000, 0x00004010, 0x00404000, 0x20404000, 0x20000000,
        0x20004000, 0x00000010, 0x20400010, 0x00404000, 0x20404010, 0x00400000, 0x00004010, 0x20000010,
        0x00400000, 0x20004000, 0x20000000, 0x00004010, 0x20000010, 0x20404010, 0x00404000, 0x20400000,
        0x00404010, 0x20404000, 0x00000000, 0x20400010, 0x00000010, 0x00004000, 0x20400000, 0x00404010,
        0x00004000, 0x00400010, 0x20004010, 0x00000000, 0x20404000, 0x20000000, 0x00400010, 0x20004010,
        // S7
        0x00200000, 0x04200002, 0x04000802, 0x00000000, 0x00000800, 0x04000802, 0x00200802, 0x04200800,
        0x04200802, 0x00200000, 0x00000000, 0x04000002, 0x00000002, 0x04000000, 0x04200002, 0x00000802,
        0x04000800, 0x00200802, 0x00200002, 0x04000800, 0x04000002, 0x04200000, 0x04200800, 0x00200002,
        0x04200000, 0x00000800, 0x00000802, 0x04200802, 0x00200800, 0x00000002, 0x04000000, 0x00200800,
        0x04000000, 0x00200800, 0x00200000, 0x04000802, 0x04000802, 0x04200002, 0x04200002, 0x00000002,
        0x00200002, 0x04000000, 0x04000800, 0x00200000, 0x04200800, 0x00000802, 0x00200802, 0x04200800,
        0x00000802, 0x04000002, 0x04200802, 0x04200000, 0x00200800, 0x00000000, 0x00000002, 0x04200802,
        0x00000000, 0x00200802, 0x04200000, 0x00000800, 0x04000002, 0x04000800, 0x00000800, 0x00200002,
        // S8
        0x10001040, 0x00001000, 0x00040000, 0x10041040, 0x10000000, 0x10001040, 0x00000040, 0x10000000,
        0x00040040, 0x10040000, 0x10041040, 0x00041000, 0x10041000, 0x00041040, 0x00001000, 0x00000040,
        0x10040000, 0x10000040, 0x10001000, 0x00001040, 0x00041000, 0x00040040, 0x10040040, 0x10041000,
        0x00001040, 0x00000000, 0x00000000, 0x10040040, 0x10000040, 0x10001000, 0x00041040, 0x00040000,
        0x00041040, 0x00040000, 0x10041000, 0x00001000, 0x00000040, 0x10040040, 0x00001000, 0x00041040,
        0x10001000, 0x00000040, 0x10000040, 0x10040000, 0x10040040, 0x10000000, 0x00040000, 0x10001040,
        0x00000000, 0x10041040, 0x00040040, 0x10000040, 0x10040000, 0x10001000, 0x10001040, 0x00000000,
        0x10041040, 0x00041000, 0x00041000, 0x00001040, 0x00001040, 0x00040040, 0x10000000, 0x10041000
    };
}
