package org.posnet.sim.load;

/**
 * DES (8-byte key) or double-length 3DES (16-byte key, K1 K2 K1) block encryption, for the load
 * generator's MACs only: up to four blocks a sale, where JCE's DESede took over half of the generator's
 * user CPU. Built from the FIPS 46-3 tables: the S-boxes and P folded into eight 64-entry tables, the
 * round keys pre-arranged where the expanded half's bits lie, the initial and final permutations done as
 * bit-group exchanges, and those between the three DES passes cancelled out. {@link LoadTerminal} checks
 * it against the session's JCE key before it MACs anything with it. Encryption only; immutable.
 */
final class MacCipher {
    private static final int[] IP = {
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
        62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
        61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7};
    private static final int[] P = {
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
        2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25};
    private static final int[] PC1 = {
        57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
        10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
        63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
        14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4};
    private static final int[] PC2 = {
        14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
        23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
        44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32};
    private static final int[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};
    /** S1..S8, each 4 rows of 16. */
    private static final int[][] S = {
        {14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
         0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
         4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
         15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
        {15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
         3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
         0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
         13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
        {10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
         13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
         13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
         1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
        {7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
         13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
         10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
         3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
        {2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
         14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
         4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
         11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
        {12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
         10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
         9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
         4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
        {4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
         13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
         1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
         6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
        {13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
         1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
         7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
         2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11}};

    /** S-box i then P, for each 6-bit input: one table per S-box, so an index masked to 6 bits needs no range check. */
    private static final int[] SP0 = new int[64];
    private static final int[] SP1 = new int[64];
    private static final int[] SP2 = new int[64];
    private static final int[] SP3 = new int[64];
    private static final int[] SP4 = new int[64];
    private static final int[] SP5 = new int[64];
    private static final int[] SP6 = new int[64];
    private static final int[] SP7 = new int[64];

    static {
        int[][] sp = {SP0, SP1, SP2, SP3, SP4, SP5, SP6, SP7};
        for (int i = 0; i < 8; i++) {
            for (int x = 0; x < 64; x++) {
                int row = (x >> 4 & 2) | (x & 1);
                int column = x >> 1 & 0xF;
                sp[i][x] = (int) permute((long) S[i][row * 16 + column] << (28 - 4 * i), 32, P);
            }
        }
    }

    /**
     * Round keys of each pass, in the order the pass uses them (the middle pass of 3DES decrypts). Round n's
     * 48 bits as two words: groups 0, 2, 4, 6 in {@code even[n]} and 1, 3, 5, 7 in {@code odd[n]}, each
     * group in the top 6 bits of a byte, where the expanded R's groups lie (see {@link #f}).
     */
    private final int[] even1;
    private final int[] odd1;
    private final int[] even2;
    private final int[] odd2;
    private final boolean triple;

    MacCipher(byte[] key) {
        if (key.length != 8 && key.length != 16) {
            throw new IllegalArgumentException("a MAC key is 8 or 16 bytes, got " + key.length);
        }
        triple = key.length == 16;
        int[][] k1 = schedule(key, 0, false);
        even1 = k1[0];
        odd1 = k1[1];
        int[][] k2 = triple ? schedule(key, 8, true) : k1;
        even2 = k2[0];
        odd2 = k2[1];
    }

    /** Encrypts the 8 bytes at {@code in[from]} into {@code out[to]} (the two may overlap). */
    void encrypt(byte[] in, int from, byte[] out, int to) {
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = x << 8 | (in[from + i] & 0xFF);
        }
        long y = encrypt(x);
        for (int i = 7; i >= 0; i--) {
            out[to + i] = (byte) y;
            y >>>= 8;
        }
    }

    /** Encrypts one block held big-endian in a long. */
    long encrypt(long block) {
        long y = initialPermutation(block);
        y = rounds(y, even1, odd1);
        if (triple) {
            // FP then IP between passes is the identity: the passes chain on the pre-output (K1, K2 back, K1)
            y = rounds(y, even2, odd2);
            y = rounds(y, even1, odd1);
        }
        return finalPermutation(y);
    }

    /** 16 Feistel rounds on L (high half) and R (low), two per turn so no swap is needed; returns R16 L16. */
    private static long rounds(long lr, int[] even, int[] odd) {
        int l = (int) (lr >>> 32);
        int r = (int) lr;
        for (int n = 0; n < 16; n += 2) {
            l ^= f(r, even[n], odd[n]);
            r ^= f(l, even[n + 1], odd[n + 1]);
        }
        return (long) r << 32 | (l & 0xFFFFFFFFL);
    }

    /**
     * The round function. E's group i is bits 4i..4i+5 of R (1-based, bit 0 meaning bit 32): in R rotated
     * right by 1 the even groups are the top 6 bits of its bytes, and rotated 4 further left the odd ones.
     */
    private static int f(int r, int even, int odd) {
        int a = Integer.rotateRight(r, 1) ^ even;
        int b = Integer.rotateLeft(r, 3) ^ odd;
        return SP0[a >>> 26] ^ SP2[a >>> 18 & 0x3F] ^ SP4[a >>> 10 & 0x3F] ^ SP6[a >>> 2 & 0x3F]
                ^ SP1[b >>> 26] ^ SP3[b >>> 18 & 0x3F] ^ SP5[b >>> 10 & 0x3F] ^ SP7[b >>> 2 & 0x3F];
    }

    /** The 16 round keys of an 8-byte DES key at {@code key[from]}, as {even, odd} (see {@link #even1}). */
    private static int[][] schedule(byte[] key, int from, boolean reversed) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = k << 8 | (key[from + i] & 0xFF);
        }
        long cd = permute(k, 64, PC1);
        int c = (int) (cd >>> 28) & 0x0FFFFFFF;
        int d = (int) cd & 0x0FFFFFFF;
        int[] even = new int[16];
        int[] odd = new int[16];
        for (int n = 0; n < 16; n++) {
            c = rotate28(c, SHIFTS[n]);
            d = rotate28(d, SHIFTS[n]);
            long sub = permute((long) c << 28 | d, 56, PC2);
            int at = reversed ? 15 - n : n;
            for (int j = 0; j < 4; j++) {
                even[at] |= ((int) (sub >>> (42 - 12 * j)) & 0x3F) << (26 - 8 * j);
                odd[at] |= ((int) (sub >>> (36 - 12 * j)) & 0x3F) << (26 - 8 * j);
            }
        }
        return new int[][] {even, odd};
    }

    private static int rotate28(int v, int by) {
        return (v << by | v >>> (28 - by)) & 0x0FFFFFFF;
    }

    /**
     * IP as five exchanges of bit groups between the halves (no table to fall out of cache between sales;
     * {@link #IP} is the definition, and the tests hold the two equal bit by bit).
     */
    static long initialPermutation(long x) {
        int l = (int) (x >>> 32);
        int r = (int) x;
        int t;
        t = (l >>> 4 ^ r) & 0x0F0F0F0F; r ^= t; l ^= t << 4;
        t = (l >>> 16 ^ r) & 0x0000FFFF; r ^= t; l ^= t << 16;
        t = (r >>> 2 ^ l) & 0x33333333; l ^= t; r ^= t << 2;
        t = (r >>> 8 ^ l) & 0x00FF00FF; l ^= t; r ^= t << 8;
        t = (l >>> 1 ^ r) & 0x55555555; r ^= t; l ^= t << 1;
        return (long) l << 32 | (r & 0xFFFFFFFFL);
    }

    /** IP's inverse: each exchange undoes itself, so the same five in reverse order. */
    static long finalPermutation(long x) {
        int l = (int) (x >>> 32);
        int r = (int) x;
        int t;
        t = (l >>> 1 ^ r) & 0x55555555; r ^= t; l ^= t << 1;
        t = (r >>> 8 ^ l) & 0x00FF00FF; l ^= t; r ^= t << 8;
        t = (r >>> 2 ^ l) & 0x33333333; l ^= t; r ^= t << 2;
        t = (l >>> 16 ^ r) & 0x0000FFFF; r ^= t; l ^= t << 16;
        t = (l >>> 4 ^ r) & 0x0F0F0F0F; r ^= t; l ^= t << 4;
        return (long) l << 32 | (r & 0xFFFFFFFFL);
    }

    /** IP by its table, bit by bit: the definition the exchanges must match. */
    static long initialPermutationByTable(long x) {
        return permute(x, 64, IP);
    }

    /** Output bit j (1 = most significant) is input bit {@code table[j-1]} of an {@code inBits}-bit value. */
    private static long permute(long in, int inBits, int[] table) {
        long out = 0;
        for (int bit : table) {
            out = out << 1 | (in >>> (inBits - bit)) & 1;
        }
        return out;
    }
}
