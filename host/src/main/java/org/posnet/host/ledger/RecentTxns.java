package org.posnet.host.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.posnet.host.auth.TxnType;

/**
 * The books' most recent transactions (the originals a void or reversal looks up), kept in flat arrays:
 * chunks of {@link #CHUNK} transactions, a field per array, legs as account and signed fen. Kept as
 * objects, 100,000 transactions were about 1.4 million objects that every young collection copied until
 * they were promoted (measured: about 1 µs of the process's GC per sale); here a transaction is a dozen
 * array slots referring to the books' shared accounts and ids, and a dropped chunk's arrays take the next
 * transactions. A lookup rebuilds the one {@link LedgerTxn} asked for. Holds at least {@code capacity}
 * transactions once that many were added, dropping the oldest chunk. Not thread-safe: the books use it
 * under their lock.
 */
final class RecentTxns {
    static final int CHUNK = 4096;
    /** Legs a chunk has room for at first: five per transaction, as a sale has (it grows if needed). */
    private static final int LEGS_PER_TXN = 5;

    private final int capacity;
    private final int chunkSize;
    /** Oldest first. */
    private final List<Chunk> chunks = new ArrayList<>();
    private long kept;

    RecentTxns(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the books keep at least one recent transaction");
        }
        this.capacity = capacity;
        this.chunkSize = Math.min(CHUNK, capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Adds the transaction with the highest seq so far. */
    void add(LedgerTxn t) {
        Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (last != null && last.size > 0 && t.journalSeq() <= last.seq[last.size - 1]) {
            throw new IllegalArgumentException("recent transactions are added in journal order: " + t.journalSeq()
                    + " after " + last.seq[last.size - 1]);
        }
        if (last == null || last.size == chunkSize) {
            Chunk reused = null;
            if (!chunks.isEmpty() && kept - chunks.get(0).size >= capacity) {
                reused = chunks.remove(0);
                kept -= reused.size;
                reused.clear();
            }
            last = reused != null ? reused : new Chunk(chunkSize);
            chunks.add(last);
        }
        last.add(t);
        kept++;
    }

    /** The kept transaction with this seq, or null. */
    LedgerTxn get(long seq) {
        int lo = 0;
        int hi = chunks.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = chunks.get(mid);
            if (c.size == 0 || seq < c.seq[0]) {
                hi = mid - 1;
            } else if (seq > c.seq[c.size - 1]) {
                lo = mid + 1;
            } else {
                int i = Arrays.binarySearch(c.seq, 0, c.size, seq);
                return i < 0 ? null : c.txn(i);
            }
        }
        return null;
    }

    /** Every kept transaction, in journal order. */
    List<LedgerTxn> all() {
        List<LedgerTxn> out = new ArrayList<>((int) kept);
        for (Chunk c : chunks) {
            for (int i = 0; i < c.size; i++) {
                out.add(c.txn(i));
            }
        }
        return out;
    }

    /** Up to {@code seq.length} transactions, a field per array; the legs of txn i are {@code [legEnd[i-1], legEnd[i])}. */
    private static final class Chunk {
        final long[] seq;
        final LocalDate[] date;
        final TxnType[] type;
        final String[] merchant;
        final String[] terminal;
        final long[] original;
        final long[] gross;
        final long[] fee;
        final int[] bps;
        final int[] legEnd;
        Account[] legAccount;
        /** + debit, − credit: a posting is one or the other, never zero. */
        long[] legFen;
        int size;
        int legs;

        Chunk(int n) {
            seq = new long[n];
            date = new LocalDate[n];
            type = new TxnType[n];
            merchant = new String[n];
            terminal = new String[n];
            original = new long[n];
            gross = new long[n];
            fee = new long[n];
            bps = new int[n];
            legEnd = new int[n];
            legAccount = new Account[n * LEGS_PER_TXN];
            legFen = new long[n * LEGS_PER_TXN];
        }

        void add(LedgerTxn t) {
            List<Posting> ps = t.postings();
            int n = ps.size();
            if (legs + n > legAccount.length) {
                legAccount = Arrays.copyOf(legAccount, Math.max(2 * legAccount.length, legs + n));
                legFen = Arrays.copyOf(legFen, legAccount.length);
            }
            for (int k = 0; k < n; k++) {
                Posting p = ps.get(k);
                legAccount[legs] = p.account();
                legFen[legs++] = p.debitFen() > 0 ? p.debitFen() : -p.creditFen();
            }
            int i = size++;
            seq[i] = t.journalSeq();
            date[i] = t.businessDate();
            type[i] = t.type();
            merchant[i] = t.merchant();
            terminal[i] = t.terminal();
            original[i] = t.originalSeq();
            gross[i] = t.grossFen();
            fee[i] = t.feeFen();
            bps[i] = t.mdrBps();
            legEnd[i] = legs;
        }

        LedgerTxn txn(int i) {
            int from = i == 0 ? 0 : legEnd[i - 1];
            Posting[] ps = new Posting[legEnd[i] - from];
            for (int k = 0; k < ps.length; k++) {
                long fen = legFen[from + k];
                ps[k] = fen > 0 ? Posting.debit(legAccount[from + k], fen) : Posting.credit(legAccount[from + k], -fen);
            }
            return new LedgerTxn(seq[i], date[i], type[i], merchant[i], terminal[i], original[i], gross[i], fee[i], bps[i],
                    List.of(ps));
        }

        /** Ready for the next transactions, holding on to nothing of the dropped ones. */
        void clear() {
            Arrays.fill(date, 0, size, null);
            Arrays.fill(type, 0, size, null);
            Arrays.fill(merchant, 0, size, null);
            Arrays.fill(terminal, 0, size, null);
            Arrays.fill(legAccount, 0, legs, null);
            size = 0;
            legs = 0;
        }
    }
}
