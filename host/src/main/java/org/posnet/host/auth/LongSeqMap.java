package org.posnet.host.auth;

/**
 * An open-addressing map from a long key to a seq (a positive long), in two flat arrays: the host keeps
 * one entry per answer and per approved transaction, and a {@code HashMap} would keep four objects for
 * each, which the garbage collector then copies and marks for as long as the host runs. Not thread-safe.
 */
final class LongSeqMap {
    /** Zero marks a free slot, so new arrays need no fill: no key here is 0 (a trace code has its length bits set). */
    private static final long EMPTY = 0;

    private long[] keys;
    private long[] seqs;
    private int size;

    LongSeqMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        keys = newKeys(capacity);
        seqs = new long[capacity];
    }

    /** The seq stored under {@code key}, or 0 when there is none. */
    long get(long key) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long at = k[i];
            if (at == key) {
                return seqs[i];
            }
            if (at == EMPTY) {
                return 0;
            }
        }
    }

    /** Stores {@code seq} under {@code key}, replacing what was there. The key must not be 0. */
    void put(long key, long seq) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        if ((size + 1) * 2L > keys.length) {
            grow(); // at most half full: a miss (every new request's duplicate check) then probes ~2.5 slots, not ~8.5
        }
        insert(keys, seqs, key, seq);
    }

    int size() {
        return size;
    }

    private void insert(long[] k, long[] v, long key, long seq) {
        int mask = k.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (k[i] == key) {
                v[i] = seq;
                return;
            }
            if (k[i] == EMPTY) {
                k[i] = key;
                v[i] = seq;
                size++;
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldSeqs = seqs;
        keys = newKeys(oldKeys.length * 2);
        seqs = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(keys, seqs, oldKeys[i], oldSeqs[i]);
            }
        }
    }

    private static long[] newKeys(int capacity) {
        return new long[capacity];
    }

    /**
     * The low 32 bits as they are, the rest mixed in: keys here are a trace in the low bits under a few
     * constant high bits (MTI, merchant), so a batch's consecutive traces land in consecutive slots. The
     * next sale's slots are then next to the last one's in memory, where a scattering hash would make every
     * insert and every duplicate check a cache miss once the batch is large.
     */
    private static int slot(long key, int mask) {
        return ((int) key + (int) (key >>> 32) * 0x9E3779B1) & mask;
    }
}
