package org.posnet.host.auth;

/**
 * An open-addressing map from a long key to a seq (a positive long), in one flat array of key/seq pairs:
 * the host keeps one entry per answer and per approved transaction, and a {@code HashMap} would keep four
 * objects for each, which the garbage collector then copies and marks for as long as the host runs. A key
 * and its seq sit side by side, so a lookup or insert touches one cache line, not one in each of two
 * arrays: with a large batch per terminal these lines are rarely still cached when the terminal's next
 * sale comes. Not thread-safe. Copy-on-write across a freeze ({@link Freezes}): the table a frozen state holds is
 * never changed after it, the next {@link #put} works on a copy.
 */
final class LongSeqMap {
    /** Zero marks a free slot, so new arrays need no fill: no key here is 0 (a trace code has its length bits set). */
    private static final long EMPTY = 0;

    /** {@code table[2i]} the key of slot i, {@code table[2i + 1]} its seq. */
    private long[] table;
    private int size;
    private final Freezes freezes;
    /** The freeze count {@link #table} was made at: when the count moved on, a frozen state may hold it. */
    private int copiedAt;

    LongSeqMap(int expected, Freezes freezes) {
        int capacity = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        table = new long[capacity * 2];
        this.freezes = freezes;
        this.copiedAt = freezes.count;
    }

    /**
     * Its slots as they are, for a snapshot ({@link HostState#writeTo}); {@link #of} takes them back. Under a freeze
     * they stay as they are: the map changes a copy.
     */
    long[] slots() {
        return table;
    }

    /** A map on the slots {@link #slots} gave, laid out as it was (so it grows and probes as it would have). */
    static LongSeqMap of(long[] slots, Freezes freezes) {
        int capacity = slots.length / 2;
        if (capacity < 8 || Integer.bitCount(capacity) != 1 || slots.length % 2 != 0) {
            throw new IllegalArgumentException("not a map's slots: " + slots.length + " longs");
        }
        LongSeqMap m = new LongSeqMap(4, freezes);
        m.table = slots;
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != EMPTY) {
                m.size++;
            }
        }
        return m;
    }

    /** The seq stored under {@code key}, or 0 when there is none. */
    long get(long key) {
        long[] t = table;
        int mask = (t.length >> 1) - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long at = t[2 * i];
            if (at == key) {
                return t[2 * i + 1];
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
        if ((size + 1) * 4L > table.length) {
            grow(); // at most half full: a miss (every new request's duplicate check) then probes ~2.5 slots, not ~8.5
        } else if (copiedAt != freezes.count) {
            table = table.clone(); // a frozen state holds the table as it was
        }
        copiedAt = freezes.count;
        if (insert(table, key, seq)) {
            size++;
        }
    }

    int size() {
        return size;
    }

    /**
     * The same entries in the smallest table at most three quarters full: for a map that takes no more entries (a
     * settled batch's approvals), half or less of the memory of one kept ready for inserts. Lookups stay short (the
     * keys are consecutive traces, which fill consecutive slots); a put would grow it back as usual.
     */
    LongSeqMap compacted() {
        int capacity = 8;
        while (size * 4L > capacity * 3L) {
            capacity *= 2;
        }
        LongSeqMap m = new LongSeqMap(4, freezes);
        m.table = new long[capacity * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != EMPTY) {
                insert(m.table, table[i], table[i + 1]);
            }
        }
        m.size = size;
        return m;
    }

    /** True when the key was new. */
    private static boolean insert(long[] t, long key, long seq) {
        int mask = (t.length >> 1) - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long at = t[2 * i];
            if (at == key) {
                t[2 * i + 1] = seq;
                return false;
            }
            if (at == EMPTY) {
                t[2 * i] = key;
                t[2 * i + 1] = seq;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                insert(t, old[i], old[i + 1]);
            }
        }
        table = t;
    }

    /**
     * The low 32 bits as they are, the rest mixed in: keys here are a trace in the low bits under a few
     * constant high bits (MTI, merchant), so a batch's consecutive traces land in consecutive slots. The
     * next sale's slot is then next to the last one's in memory, where a scattering hash would make every
     * insert and every duplicate check a cache miss once the batch is large.
     */
    private static int slot(long key, int mask) {
        return ((int) key + (int) (key >>> 32) * 0x9E3779B1) & mask;
    }
}
