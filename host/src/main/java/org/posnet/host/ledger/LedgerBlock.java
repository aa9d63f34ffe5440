package org.posnet.host.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.posnet.host.auth.TxnType;

/**
 * The body of one {@code ledger_block} row (V9): a run of ledger transactions, in journal order, with
 * every leg as posted. Format 1 — integers are unsigned LEB128 varints, "signed" ones zigzag-encoded:
 *
 * <pre>
 * 1                                   format
 * count                               transactions
 * n, n × (byte length, UTF-8)         strings: type and kind names, merchant and terminal ids, account refs
 * n, n × (kind string, ref string)    accounts
 * count × transaction:
 *   seq − previous seq (> 0; the first from 0), signed epoch day − previous (the first from 0),
 *   type string, merchant string, terminal string, signed original seq, signed gross fen, signed fee fen,
 *   signed MDR bps, n legs, n × (account &lt;&lt; 1 | 1 for a credit, fen &gt; 0)
 * </pre>
 *
 * Type and kind are stored by name, not ordinal, so reordering an enum never changes what a stored
 * block says; the legs are stored, not derived, so a later change of the rules or MDR table cannot
 * change a stored transaction. A sale takes about 35 bytes.
 */
final class LedgerBlock {
    static final int FORMAT = 1;
    private static final long MIN_DAY = LocalDate.MIN.toEpochDay();
    private static final long MAX_DAY = LocalDate.MAX.toEpochDay();

    private LedgerBlock() {
    }

    /** Encodes blocks one after another, reusing its buffers; not thread-safe. */
    static final class Encoder {
        private final Map<String, Integer> strings = new HashMap<>();
        private final List<String> stringList = new ArrayList<>();
        private final Map<Account, Integer> accounts = new HashMap<>();
        private final List<Account> accountList = new ArrayList<>();
        private final Buffer head = new Buffer(1 << 12);
        private final Buffer body = new Buffer(1 << 16);

        /** Transactions {@code from} (inclusive) to {@code to} (exclusive), in ascending journal seq. */
        byte[] encode(List<LedgerTxn> txns, int from, int to) {
            if (to <= from) {
                throw new IllegalArgumentException("a ledger block holds at least one transaction");
            }
            strings.clear();
            stringList.clear();
            accounts.clear();
            accountList.clear();
            body.n = 0;
            long prevSeq = 0;
            long prevDay = 0;
            LocalDate prevDate = null;
            for (int i = from; i < to; i++) {
                LedgerTxn t = txns.get(i);
                if (t.journalSeq() <= prevSeq) {
                    throw new IllegalArgumentException("ledger transactions out of journal order: " + t.journalSeq()
                            + " after " + prevSeq);
                }
                body.varint(t.journalSeq() - prevSeq);
                prevSeq = t.journalSeq();
                if (t.businessDate() != prevDate) {
                    long day = t.businessDate().toEpochDay();
                    body.signed(day - prevDay);
                    prevDay = day;
                    prevDate = t.businessDate();
                } else {
                    body.varint(0);
                }
                body.varint(string(t.type().name()));
                body.varint(string(t.merchant()));
                body.varint(string(t.terminal()));
                body.signed(t.originalSeq());
                body.signed(t.grossFen());
                body.signed(t.feeFen());
                body.signed(t.mdrBps());
                List<Posting> legs = t.postings();
                int n = legs.size();
                body.varint(n);
                for (int k = 0; k < n; k++) {
                    Posting p = legs.get(k);
                    boolean credit = p.creditFen() > 0;
                    body.varint((long) account(p.account()) << 1 | (credit ? 1 : 0));
                    body.varint(credit ? p.creditFen() : p.debitFen());
                }
            }
            head.n = 0;
            head.varint(FORMAT);
            head.varint(to - from);
            head.varint(stringList.size());
            for (String s : stringList) {
                head.string(s);
            }
            head.varint(accountList.size());
            for (Account a : accountList) {
                head.varint(strings.get(a.kind().name()));
                head.varint(strings.get(a.ref()));
            }
            byte[] out = Arrays.copyOf(head.a, head.n + body.n);
            System.arraycopy(body.a, 0, out, head.n, body.n);
            return out;
        }

        private int string(String s) {
            Integer i = strings.get(s);
            if (i == null) {
                i = stringList.size();
                strings.put(s, i);
                stringList.add(s);
            }
            return i;
        }

        private int account(Account a) {
            Integer i = accounts.get(a);
            if (i == null) {
                string(a.kind().name());
                string(a.ref());
                i = accountList.size();
                accounts.put(a, i);
                accountList.add(a);
            }
            return i;
        }
    }

    /**
     * The transactions of a block, in journal order.
     *
     * @throws IllegalArgumentException when the bytes are not a block as {@link Encoder} writes them
     */
    static List<LedgerTxn> decode(byte[] block) {
        Reader r = new Reader(block);
        long format = r.varint();
        if (format != FORMAT) {
            throw new IllegalArgumentException("ledger block format " + format + " is not known to this version");
        }
        int count = r.count();
        String[] strings = new String[r.count()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = r.string();
        }
        Account[] accounts = new Account[r.count()];
        for (int i = 0; i < accounts.length; i++) {
            AccountKind kind = AccountKind.valueOf(strings[r.index(strings.length)]);
            accounts[i] = new Account(kind, strings[r.index(strings.length)]);
        }
        TxnType[] types = new TxnType[strings.length];
        List<LedgerTxn> out = new ArrayList<>(count);
        long seq = 0;
        long day = 0;
        LocalDate date = null;
        for (int i = 0; i < count; i++) {
            long step = r.varint();
            if (step <= 0 || seq > Long.MAX_VALUE - step) {
                throw new IllegalArgumentException("ledger block seqs are not ascending");
            }
            seq += step;
            long dayStep = r.signed();
            if (date == null || dayStep != 0) {
                day += dayStep;
                if (day < MIN_DAY || day > MAX_DAY) {
                    throw new IllegalArgumentException("ledger block business date out of range");
                }
                date = LocalDate.ofEpochDay(day);
            }
            int type = r.index(strings.length);
            if (types[type] == null) {
                types[type] = TxnType.valueOf(strings[type]);
            }
            String merchant = strings[r.index(strings.length)];
            String terminal = strings[r.index(strings.length)];
            long original = r.signed();
            long gross = r.signed();
            long fee = r.signed();
            long bps = r.signed();
            if (bps != (int) bps) {
                throw new IllegalArgumentException("ledger block MDR out of range");
            }
            Posting[] legs = new Posting[r.count()];
            for (int k = 0; k < legs.length; k++) {
                long leg = r.varint();
                if (leg < 0 || (leg >>> 1) >= accounts.length) {
                    throw new IllegalArgumentException("ledger block leg names no account of the block");
                }
                Account account = accounts[(int) (leg >>> 1)];
                long fen = r.varint();
                legs[k] = (leg & 1) == 1 ? Posting.credit(account, fen) : Posting.debit(account, fen);
            }
            out.add(new LedgerTxn(seq, date, types[type], merchant, terminal, original, gross, fee, (int) bps, List.of(legs)));
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("ledger block has bytes after its last transaction");
        }
        return out;
    }

    /** A growable byte array. */
    private static final class Buffer {
        byte[] a;
        int n;

        Buffer(int capacity) {
            a = new byte[capacity];
        }

        void varint(long v) {
            if (n + 10 > a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            while ((v & ~0x7FL) != 0) {
                a[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[n++] = (byte) v;
        }

        void signed(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            if (n + b.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + b.length));
            }
            System.arraycopy(b, 0, a, n, b.length);
            n += b.length;
        }
    }

    /** Reads what {@link Buffer} wrote; every malformed input is an IllegalArgumentException. */
    private static final class Reader {
        private final byte[] a;
        private int p;

        Reader(byte[] a) {
            if (a == null) {
                throw new IllegalArgumentException("ledger block has no body");
            }
            this.a = a;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (p >= a.length) {
                    throw new IllegalArgumentException("ledger block ends inside a number");
                }
                byte b = a[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("ledger block number longer than 64 bits");
        }

        long signed() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A count of items that take at least a byte each: never more than the bytes left. */
        int count() {
            long v = varint();
            if (v < 0 || v > a.length - p) {
                throw new IllegalArgumentException("ledger block count larger than the block");
            }
            return (int) v;
        }

        int index(int size) {
            long v = varint();
            if (v < 0 || v >= size) {
                throw new IllegalArgumentException("ledger block index out of range");
            }
            return (int) v;
        }

        String string() {
            int len = count();
            String s = new String(a, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }

        boolean atEnd() {
            return p == a.length;
        }
    }
}
