package org.posnet.host.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.hsm.KeyUnderLmk;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.hsm.WorkingKeyLayout;
import org.posnet.host.hsm.WorkingKeys;

/**
 * Everything the host remembers, rebuilt from the journal: sessions and batches, the answers it must
 * repeat, approved transactions, the on-us accounts. {@link #apply} is the only way state changes, live
 * and on restart alike, so the two cannot drift apart. Not thread-safe: the {@link Authorizer} holds
 * its lock around every read and apply.
 *
 * <p>What is kept per journal entry lives in flat arrays indexed by seq ({@link Columns}) and in per-batch
 * {@link LongSeqMap}s, about 100 bytes an entry and no object of its own: the host keeps every
 * transaction it approved, and per-entry objects made the garbage collector the largest cost of a sale
 * (it copied and marked them for as long as the host ran). {@link Txn} and {@link Answer} are views made
 * on demand. The reply to repeat is not kept here: the journal has it ({@link Authorizer} reads it back).
 *
 * <p>What it keeps is bounded by time, not by the transactions ever made. A batch is forgotten
 * {@code retention} after its first transaction, and with it its answers and approvals; a chunk of the
 * per-seq arrays once every entry in it is older than that; a pre-auth's hold is released {@code hold}
 * after its approval unless completed or voided first; a card number goes with the last transaction kept
 * that had it. All of it is decided by the journal entries' own times inside {@link #apply}, so a replay
 * forgets and releases exactly what the live host did. Only on-us cards get an account, kept for good (the
 * fleet bounds them): an off-us card's ({@link JournalEntry#offUs}) balance is its issuer's business.
 *
 * <p>{@link #writeTo} and {@link #readFrom} carry all of it to a snapshot and back (a start that reads the
 * journal only after the snapshot's entry: {@code StateSnapshot}).
 */
public final class HostState {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostState.class);
    /** How often (in journal time) forgotten batches and chunks are looked for. */
    private static final long PRUNE_EVERY_SECONDS = 3600;
    /**
     * How long a settled batch keeps its answers (repeats of its 0500 and 0320s come within minutes; after it, any
     * request of a settled batch is refused by the batch check before a repeat is looked for): a day, or half the
     * retention if that is shorter.
     */
    private static final long SETTLED_ANSWERS_SECONDS = 86_400;

    /**
     * An answer to repeat for the same request. Its fingerprint (the first 128 bits of the request's
     * fingerprint) tells a repeat from a reused trace.
     */
    public record Answer(long seq, Reason reason, long fingerprintHigh, long fingerprintLow) {
        /** True when {@code fingerprint} is the one this answer was given to. */
        public boolean sameRequest(String fingerprint) {
            return fingerprintHigh == fingerprintBits(fingerprint, 0) && fingerprintLow == fingerprintBits(fingerprint, 1);
        }
    }

    /** Settlement totals of one batch, in fen. */
    public record Totals(long debitFen, int debitCount, long creditFen, int creditCount) {
    }

    /** One terminal's session, batch counter and batches. */
    private static final class TerminalState {
        Session session;
        int lastBatch;
        final Map<String, BatchState> batches = new HashMap<>(4);
    }

    /** One batch of one terminal: its answers by MTI, merchant and trace; its approved transactions. */
    private static final class BatchState {
        /** Its first entry's time (the earliest, should the clock have stepped back), epoch seconds. */
        long firstAt;
        /** When the terminal settled it (its first approved 0500), epoch seconds; 0 while open. */
        long settledAt;
        /** True once its answers were dropped and its approvals packed, a while after it was settled ({@link #prune}). */
        boolean compacted;
        LongSeqMap answers;
        /** Approved transactions by trace (what field 61 names an original by). */
        LongSeqMap approved;
        /** Seqs of approved transactions in journal order, for settlement totals: only appended, so a frozen state shares it. */
        long[] txnSeqs = new long[16];
        int txnCount;
        int uploaded;

        BatchState(Freezes freezes) {
            this(new LongSeqMap(64, freezes), new LongSeqMap(64, freezes));
        }

        /** With the maps a snapshot held. */
        BatchState(LongSeqMap answers, LongSeqMap approved) {
            this.answers = answers;
            this.approved = approved;
        }

        void addTxn(long seq) {
            if (txnCount == txnSeqs.length) {
                txnSeqs = Arrays.copyOf(txnSeqs, txnCount * 2);
            }
            txnSeqs[txnCount++] = seq;
        }
    }

    private final Map<String, TerminalState> terminals = new HashMap<>();
    /** Merchants, MTIs, batches and PANs by number: the columns and keys hold the number. */
    private final Names names = new Names();
    private final Names pans = new Names();
    private final Names mtis = new Names();
    /** Moved by {@link #freeze}; the column chunks and batch maps a frozen state shares are copied before they change. */
    private final Freezes freezes = new Freezes();
    private final Columns columns = new Columns(freezes);
    /** Answers and approvals whose key does not pack into a long (a trace that is not 1-9 digits, say). */
    private final Map<RequestKey, Long> oddAnswers = new HashMap<>();
    private final Map<RequestKey, Long> oddApproved = new HashMap<>();
    /** What was refunded of a sale or completion so far, and the RRN / authorization code of a transaction
     *  whose value is not the one {@link Authorizer} derives from its seq: both rare, so kept apart. */
    private final Map<Long, Long> refunded = new HashMap<>();
    private final Map<Long, String> rrns = new HashMap<>();
    private final Map<Long, String> authCodes = new HashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    /** Approved pre-auths in seq order, each until its hold runs out (whatever became of it meanwhile). */
    private final SeqQueue holds = new SeqQueue();
    private final long holdSeconds;
    private final long retentionSeconds;
    private long lastSeq;
    /** Journal time at or after which {@link #prune} next runs. */
    private long nextPruneAt;
    private long expiredHolds;
    private long forgottenBatches;
    /** Batches held over all terminals, kept as they come and go (a gauge reads it under the lock). */
    private int heldBatches;

    /** The default pre-auth hold and retention ({@link AuthPolicy#defaults()}). */
    public HostState() {
        this(AuthPolicy.DEFAULT_PRE_AUTH_HOLD, AuthPolicy.DEFAULT_STATE_RETENTION);
    }

    /**
     * @param hold      how long an approved pre-auth holds its funds
     * @param retention how long a batch is kept after its first transaction (longer than the hold)
     */
    public HostState(java.time.Duration hold, java.time.Duration retention) {
        if (hold.isNegative() || hold.isZero() || retention.compareTo(hold) <= 0) {
            throw new IllegalArgumentException("the hold must be positive and the retention longer (" + hold + ", " + retention + ")");
        }
        this.holdSeconds = hold.toSeconds();
        this.retentionSeconds = retention.toSeconds();
    }

    // ------------------------------------------------------------------ reads

    public Session session(String terminal) {
        TerminalState t = terminals.get(terminal);
        return t == null ? null : t.session;
    }

    /** The batch number the next sign-on of this terminal gets: one more than the last, 000001 after 999999. */
    public String nextBatch(String terminal) {
        TerminalState t = terminals.get(terminal);
        int last = t == null ? 0 : t.lastBatch;
        return org.posnet.common.text.Digits.zeroPadded(last >= 999_999 ? 1 : last + 1, 6);
    }

    public long nextSeq() {
        return lastSeq + 1;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Answer answer(RequestKey key) {
        BatchState b = batch(key.terminal(), key.batch());
        long seq = 0;
        if (b != null) {
            long k = answerKey(key.mti(), key.merchant(), key.trace(), false);
            seq = k == NO_KEY ? oddAnswers.getOrDefault(key, 0L) : b.answers.get(k);
        }
        if (seq == 0) {
            return null;
        }
        return new Answer(seq, Reason.values()[columns.reason(seq) - 1], columns.fingerprintHigh(seq), columns.fingerprintLow(seq));
    }

    /** An approved transaction by seq (a snapshot), or null. */
    public Txn txn(long seq) {
        if (seq <= 0 || seq > lastSeq || columns.type(seq) == 0) {
            return null;
        }
        byte flags = columns.flags(seq);
        return new Txn(seq, TxnType.values()[columns.type(seq) - 1], names.name(columns.batch(seq)),
                pans.name(columns.pan(seq)), columns.amount(seq),
                (flags & Columns.RRN_DERIVED) != 0 ? Authorizer.rrn(seq) : rrns.get(seq),
                (flags & Columns.AUTH_DERIVED) != 0 ? Authorizer.authCode(seq) : authCodes.get(seq),
                columns.original(seq), Txn.Status.values()[columns.status(seq)], refunded.getOrDefault(seq, 0L), columns.at(seq));
    }

    /** An approved transaction by terminal, batch and trace (field 61's original batch + trace). */
    public Txn txn(String terminal, String batch, String trace) {
        BatchState b = batch(terminal, batch);
        if (b == null) {
            return null;
        }
        long code = traceCode(trace);
        long seq = code < 0 ? oddApproved.getOrDefault(new RequestKey("", terminal, "", batch, trace), 0L) : b.approved.get(code);
        return txn(seq);
    }

    /** The card's account; an empty one for a card the host has not touched. */
    public Account account(String pan) {
        Account a = accounts.get(pan);
        return a == null ? new Account() : a;
    }

    public Totals totals(String terminal, String batch) {
        long debit = 0;
        long credit = 0;
        int debits = 0;
        int credits = 0;
        BatchState b = batch(terminal, batch);
        for (int i = 0; b != null && i < b.txnCount; i++) {
            long seq = b.txnSeqs[i];
            if (columns.status(seq) == Txn.Status.REVERSED.ordinal()) {
                continue; // reversed transactions count for nothing; voided ones stay counted
            }
            long amount = columns.amount(seq);
            switch (TxnType.values()[columns.type(seq) - 1].settlementSide()) {
                case DEBIT -> {
                    debit += amount;
                    debits++;
                }
                case CREDIT -> {
                    credit += amount;
                    credits++;
                }
                case NONE -> {
                }
            }
        }
        return new Totals(debit, debits, credit, credits);
    }

    /** Approved, unreversed debits and credits of a batch, for comparing with a batch upload. */
    public List<Txn> countedTxns(String terminal, String batch) {
        List<Txn> out = new ArrayList<>();
        BatchState b = batch(terminal, batch);
        for (int i = 0; b != null && i < b.txnCount; i++) {
            Txn t = txn(b.txnSeqs[i]);
            if (t.status() != Txn.Status.REVERSED && t.type().settlementSide() != TxnType.Side.NONE) {
                out.add(t);
            }
        }
        return out;
    }

    /** Entries uploaded so far (0320 with 60.3 = 201) for a batch. */
    public int uploadedCount(String terminal, String batch) {
        BatchState b = batch(terminal, batch);
        return b == null ? 0 : b.uploaded;
    }

    private BatchState batch(String terminal, String batch) {
        TerminalState t = terminals.get(terminal);
        return t == null ? null : t.batches.get(batch);
    }

    // ------------------------------------------------------------------ snapshot

    /** Bumped whenever what {@link #writeTo} writes changes: a snapshot of another version is not read. */
    private static final int SNAPSHOT_VERSION = 3;

    /**
     * Everything this state holds, so {@link #readFrom} gives a state that answers, and goes on applying entries,
     * exactly as this one would. Maps are written in key order and the per-batch maps slot by slot, so two equal
     * states write the same bytes. The caller holds the lock the state is guarded by.
     */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        freeze().writeTo(out);
    }

    /**
     * This state as it is now, to be written ({@link Frozen#writeTo}) after the lock is let go while the state goes
     * on: it writes exactly what {@link #writeTo} would have written here. The small parts are copied out now; the
     * column chunks and the batches' maps and transaction lists are shared, and the state copies a chunk or map
     * before it next changes it (copy-on-write, {@link Freezes}), while a batch's transaction list only grows past
     * the count taken here. So the lock is held for the small parts and a walk over the batches, not for the
     * bulk of the state. The caller holds the lock the state is guarded by.
     */
    public Frozen freeze() throws java.io.IOException {
        freezes.count++;
        java.io.ByteArrayOutputStream headBytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream head = new java.io.DataOutputStream(headBytes);
        head.writeInt(SNAPSHOT_VERSION);
        head.writeLong(holdSeconds);
        head.writeLong(retentionSeconds);
        head.writeLong(lastSeq);
        head.writeLong(nextPruneAt);
        head.writeLong(expiredHolds);
        head.writeLong(forgottenBatches);
        for (Names n : new Names[] {names, pans, mtis}) {
            head.writeInt(n.names.size());
            for (String name : n.names) {
                head.writeBoolean(name != null); // a number freed, to be given again
                if (name != null) {
                    head.writeUTF(name);
                }
            }
        }
        List<Frozen.Terminal> frozenTerminals = new ArrayList<>(terminals.size());
        for (String id : new java.util.TreeSet<>(terminals.keySet())) {
            TerminalState t = terminals.get(id);
            List<Frozen.Batch> batches = new ArrayList<>(t.batches.size());
            for (String batch : new java.util.TreeSet<>(t.batches.keySet())) {
                BatchState b = t.batches.get(batch);
                batches.add(new Frozen.Batch(batch, b.firstAt, b.answers.slots(), b.approved.slots(), b.txnSeqs, b.txnCount,
                        b.uploaded, b.settledAt, b.compacted));
            }
            frozenTerminals.add(new Frozen.Terminal(id, t.lastBatch, t.session, batches));
        }
        java.io.ByteArrayOutputStream tailBytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(tailBytes);
        for (Map<RequestKey, Long> odd : List.of(oddAnswers, oddApproved)) {
            List<RequestKey> keys = new ArrayList<>(odd.keySet());
            keys.sort(java.util.Comparator.comparing(RequestKey::toString));
            out.writeInt(keys.size());
            for (RequestKey k : keys) {
                for (String part : new String[] {k.mti(), k.terminal(), k.merchant(), k.batch(), k.trace()}) {
                    out.writeUTF(part);
                }
                out.writeLong(odd.get(k));
            }
        }
        out.writeInt(refunded.size());
        for (Map.Entry<Long, Long> e : new java.util.TreeMap<>(refunded).entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
        for (Map<Long, String> texts : List.of(rrns, authCodes)) {
            out.writeInt(texts.size());
            for (Map.Entry<Long, String> e : new java.util.TreeMap<>(texts).entrySet()) {
                out.writeLong(e.getKey());
                out.writeUTF(e.getValue());
            }
        }
        out.writeInt(accounts.size());
        // a PAN-less entry (there are none from terminals, but the state takes what the journal has) keys null
        java.util.TreeMap<String, Account> byPan = new java.util.TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        byPan.putAll(accounts);
        for (Map.Entry<String, Account> e : byPan.entrySet()) {
            Account a = e.getValue();
            out.writeBoolean(e.getKey() != null);
            if (e.getKey() != null) {
                out.writeUTF(e.getKey());
            }
            out.writeLong(a.deltaFen);
            out.writeLong(a.heldFen);
            out.writeInt(a.pinTries);
            out.writeLong(a.pinTriesAtMillis);
        }
        out.writeInt(holds.size);
        for (int i = 0; i < holds.size; i++) {
            out.writeLong(holds.ring[(holds.head + i) & (holds.ring.length - 1)]);
        }
        return new Frozen(headBytes.toByteArray(), columns.frozenChunks(), columns.firstKept(), frozenTerminals,
                tailBytes.toByteArray());
    }

    /** A state as {@link #freeze} took it: what {@link #writeTo} writes, written from any thread, once or more. */
    public static final class Frozen {
        /** One terminal: its batch counter, session (immutable) and batches. */
        private record Terminal(String id, int lastBatch, Session session, List<Batch> batches) {
        }

        /** One batch: its maps' slots and its transactions' seqs, which the state no longer changes. */
        private record Batch(String id, long firstAt, long[] answers, long[] approved, long[] txnSeqs, int txnCount,
                int uploaded, long settledAt, boolean compacted) {
        }

        private final byte[] head;
        private final Columns.Chunk[] chunks;
        private final int firstKept;
        private final List<Terminal> terminals;
        private final byte[] tail;

        private Frozen(byte[] head, Columns.Chunk[] chunks, int firstKept, List<Terminal> terminals, byte[] tail) {
            this.head = head;
            this.chunks = chunks;
            this.firstKept = firstKept;
            this.terminals = terminals;
            this.tail = tail;
        }

        public void writeTo(java.io.DataOutput out) throws java.io.IOException {
            out.write(head);
            Columns.writeTo(out, chunks, firstKept);
            out.writeInt(terminals.size());
            for (Terminal t : terminals) {
                out.writeUTF(t.id());
                out.writeInt(t.lastBatch());
                writeSession(out, t.session());
                out.writeInt(t.batches().size());
                for (Batch b : t.batches()) {
                    out.writeUTF(b.id());
                    out.writeLong(b.firstAt());
                    writeLongs(out, b.answers(), b.answers().length);
                    writeLongs(out, b.approved(), b.approved().length);
                    writeLongs(out, b.txnSeqs(), b.txnCount());
                    out.writeInt(b.uploaded());
                    out.writeLong(b.settledAt());
                    out.writeBoolean(b.compacted());
                }
            }
            out.write(tail);
        }
    }

    /**
     * The state {@link #writeTo} wrote, for a host whose pre-auth hold and retention are {@code hold} and
     * {@code retention}.
     *
     * @throws IllegalArgumentException when the snapshot is of another version or was taken under another hold or
     *                                  retention (what a replay would have released and forgotten differs)
     * @throws java.io.IOException      when it cannot be read whole
     */
    public static HostState readFrom(java.io.DataInput in, java.time.Duration hold, java.time.Duration retention)
            throws java.io.IOException {
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("snapshot version " + version + ", this host reads " + SNAPSHOT_VERSION);
        }
        HostState s = new HostState(hold, retention);
        long holdSeconds = in.readLong();
        long retentionSeconds = in.readLong();
        if (holdSeconds != s.holdSeconds || retentionSeconds != s.retentionSeconds) {
            throw new IllegalArgumentException("snapshot taken with a pre-auth hold of " + holdSeconds + " s and a retention of "
                    + retentionSeconds + " s; this host has " + s.holdSeconds + " s and " + s.retentionSeconds + " s");
        }
        s.lastSeq = in.readLong();
        s.nextPruneAt = in.readLong();
        s.expiredHolds = in.readLong();
        s.forgottenBatches = in.readLong();
        for (Names n : new Names[] {s.names, s.pans, s.mtis}) {
            for (int i = 0, count = count(in); i < count; i++) {
                String name = in.readBoolean() ? in.readUTF() : null;
                n.names.add(name);
                if (name == null) {
                    n.free.set(i);
                } else if (n.ids.put(name, i) != null) {
                    throw new java.io.IOException("a snapshot names " + (n == s.pans ? "a card" : name) + " twice");
                }
            }
        }
        s.columns.readFrom(in);
        s.columns.forEachPan(s.pans::countHolder); // the PAN numbers' holders are the transactions kept
        for (int i = 0, count = count(in); i < count; i++) {
            String id = in.readUTF();
            TerminalState t = new TerminalState();
            t.lastBatch = in.readInt();
            t.session = readSession(in, id);
            for (int j = 0, batches = count(in); j < batches; j++) {
                String batch = in.readUTF();
                long firstAt = in.readLong();
                BatchState b = new BatchState(LongSeqMap.of(readLongs(in), s.freezes), LongSeqMap.of(readLongs(in), s.freezes));
                b.firstAt = firstAt;
                long[] txns = readLongs(in);
                b.txnSeqs = Arrays.copyOf(txns, Math.max(16, txns.length));
                b.txnCount = txns.length;
                b.uploaded = in.readInt();
                b.settledAt = in.readLong();
                b.compacted = in.readBoolean();
                t.batches.put(batch, b);
                s.heldBatches++;
            }
            s.terminals.put(id, t);
        }
        for (Map<RequestKey, Long> odd : List.of(s.oddAnswers, s.oddApproved)) {
            for (int i = 0, count = count(in); i < count; i++) {
                odd.put(new RequestKey(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF()), in.readLong());
            }
        }
        for (int i = 0, count = count(in); i < count; i++) {
            s.refunded.put(in.readLong(), in.readLong());
        }
        for (Map<Long, String> texts : List.of(s.rrns, s.authCodes)) {
            for (int i = 0, count = count(in); i < count; i++) {
                texts.put(in.readLong(), in.readUTF());
            }
        }
        for (int i = 0, count = count(in); i < count; i++) {
            Account a = new Account();
            String pan = in.readBoolean() ? in.readUTF() : null;
            a.deltaFen = in.readLong();
            a.heldFen = in.readLong();
            a.pinTries = in.readInt();
            a.pinTriesAtMillis = in.readLong();
            s.accounts.put(pan, a);
        }
        for (int i = 0, count = count(in); i < count; i++) {
            s.holds.add(in.readLong());
        }
        return s;
    }

    private static int count(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new java.io.IOException("a negative count (" + n + ") in a snapshot");
        }
        return n;
    }

    /** Longs (big-endian) and ints move through a buffer of this many bytes, a block per write or read. */
    private static final int BLOCK = 1 << 16;

    /** {@code count}, then the first {@code count} values. */
    private static void writeLongs(java.io.DataOutput out, long[] values, int count) throws java.io.IOException {
        out.writeInt(count);
        // sized to what is written: a snapshot writes a few small arrays per batch, and there are many batches
        byte[] block = new byte[Math.min(count, BLOCK / Long.BYTES) * Long.BYTES];
        for (int i = 0; i < count; ) {
            int n = Math.min(count - i, BLOCK / Long.BYTES);
            java.nio.ByteBuffer.wrap(block).asLongBuffer().put(values, i, n);
            out.write(block, 0, n * Long.BYTES);
            i += n;
        }
    }

    /** What {@link #writeLongs} wrote, as an array of its count. */
    private static long[] readLongs(java.io.DataInput in) throws java.io.IOException {
        int n = count(in);
        // grown as read, never sized from the count alone: a damaged count must not allocate gigabytes
        long[] values = new long[Math.min(n, BLOCK)];
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, BLOCK / Long.BYTES);
            if (i + k > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(n, Math.max(i + k, 2L * values.length)));
            }
            readLongBlock(in, values, i, k);
            i += k;
        }
        return values;
    }

    /** What {@link #writeLongs} wrote, into an array of exactly its count. */
    private static void readLongsInto(java.io.DataInput in, long[] into) throws java.io.IOException {
        int n = count(in);
        if (n != into.length) {
            throw new java.io.IOException("a snapshot's column of " + n + " values, expected " + into.length);
        }
        for (int i = 0; i < n; i += BLOCK / Long.BYTES) {
            readLongBlock(in, into, i, Math.min(n - i, BLOCK / Long.BYTES));
        }
    }

    private static void readLongBlock(java.io.DataInput in, long[] into, int at, int count) throws java.io.IOException {
        byte[] block = new byte[count * Long.BYTES];
        in.readFully(block);
        java.nio.ByteBuffer.wrap(block).asLongBuffer().get(into, at, count);
    }

    private static void writeInts(java.io.DataOutput out, int[] values) throws java.io.IOException {
        byte[] bytes = new byte[values.length * Integer.BYTES];
        java.nio.ByteBuffer.wrap(bytes).asIntBuffer().put(values);
        out.write(bytes);
    }

    private static void readInts(java.io.DataInput in, int[] into) throws java.io.IOException {
        byte[] bytes = new byte[into.length * Integer.BYTES];
        in.readFully(bytes);
        java.nio.ByteBuffer.wrap(bytes).asIntBuffer().get(into);
    }

    private static void writeSession(java.io.DataOutput out, Session session) throws java.io.IOException {
        out.writeBoolean(session != null);
        if (session != null) {
            out.writeUTF(session.batch());
            out.writeBoolean(session.closed());
            out.writeUTF(SessionKeys.format(session));
        }
    }

    private static Session readSession(java.io.DataInput in, String terminal) throws java.io.IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String batch = in.readUTF();
        boolean closed = in.readBoolean();
        Session s = SessionKeys.parse(terminal, batch, in.readUTF());
        return closed ? s.close() : s;
    }

    // ------------------------------------------------------------------ apply

    /** Applies one journaled fact. Entries must come in seq order. */
    public void apply(JournalEntry e) {
        if (e.seq() <= lastSeq) {
            throw new IllegalStateException("journal entry " + e.seq() + " after " + lastSeq + ": out of order");
        }
        long seq = e.seq();
        long at = e.at().getEpochSecond();
        expireHolds(at);
        if (at >= nextPruneAt) {
            prune(at);
            // on the hour of journal time, so a replay prunes at the same entries as the live host did
            nextPruneAt = (Math.floorDiv(at, PRUNE_EVERY_SECONDS) + 1) * PRUNE_EVERY_SECONDS;
        }
        columns.ensure(seq, at);
        lastSeq = seq;
        TerminalState terminal = terminals.computeIfAbsent(e.terminal(), id -> new TerminalState());
        if (e.fingerprint() != null) {
            BatchState b = batchFor(terminal, e.batch(), at);
            long k = answerKey(e.mti(), e.merchant(), e.trace(), true);
            if (k == NO_KEY) {
                oddAnswers.put(e.key(), seq);
            } else {
                b.answers.put(k, seq);
            }
            columns.answer(seq, e.reason().ordinal() + 1, fingerprintBits(e.fingerprint(), 0), fingerprintBits(e.fingerprint(), 1));
        }
        if (e.pan() != null && e.pinTries() >= 0 && !e.offUs()) {
            Account a = accounts.computeIfAbsent(e.pan(), p -> new Account());
            a.pinTries = e.pinTries();
            a.pinTriesAtMillis = e.at().toEpochMilli();
        }
        switch (e.type()) {
            case SIGN_ON -> {
                terminal.session = SessionKeys.parse(e.terminal(), e.batch(), e.detail());
                terminal.lastBatch = Integer.parseInt(e.batch());
            }
            case SIGN_OFF -> terminal.session = null;
            case SETTLEMENT -> {
                Session s = terminal.session;
                if (s != null && s.batch().equals(e.batch())) {
                    terminal.session = s.close();
                }
                BatchState b = terminal.batches.get(e.batch());
                if (b != null && b.settledAt == 0 && e.reason().approved()) {
                    b.settledAt = Math.max(1, at);
                }
            }
            case BATCH_UPLOAD -> {
                if (e.reason().approved() && e.amountFen() > 0) {
                    // amountFen of an upload entry is the number of transactions it carried
                    batchFor(terminal, e.batch(), at).uploaded += (int) e.amountFen();
                }
            }
            default -> {
                if (e.reason().approved()) {
                    applyApproved(e, terminal);
                }
            }
        }
    }

    private void applyApproved(JournalEntry e, TerminalState terminal) {
        if (e.type() == TxnType.BALANCE_INQUIRY) {
            return;
        }
        if (e.type() == TxnType.REVERSAL) {
            long original = e.originalSeq();
            if (original > 0 && original <= lastSeq && columns.type(original) != 0
                    && columns.status(original) == Txn.Status.APPROVED.ordinal()) {
                undo(original, e.at().getEpochSecond());
                columns.status(original, Txn.Status.REVERSED);
            }
            return;
        }
        long seq = e.seq();
        int pan = pans.hold(e.pan());
        if (!columns.txn(seq, e.type().ordinal() + 1, e.amountFen(), e.originalSeq(), pan, names.id(e.batch()), flags(e))) {
            pans.release(pan); // a chunk already forgotten: an entry older than the retention (a replay's first hour)
        }
        if ((columns.flags(seq) & Columns.RRN_DERIVED) == 0 && e.rrn() != null) {
            rrns.put(seq, e.rrn());
        }
        if ((columns.flags(seq) & Columns.AUTH_DERIVED) == 0 && e.authCode() != null) {
            authCodes.put(seq, e.authCode());
        }
        BatchState b = batchFor(terminal, e.batch(), e.at().getEpochSecond());
        long code = traceCode(e.trace());
        if (code < 0) {
            oddApproved.put(new RequestKey("", e.terminal(), "", e.batch(), e.trace()), seq);
        } else {
            b.approved.put(code, seq);
        }
        b.addTxn(seq);
        // an off-us card's funds and holds are its issuer's to keep: its changes go to a scratch account, so the
        // host keeps accounts for its own cards only, not one for every card any terminal ever read
        Account a = e.offUs() ? new Account() : accounts.computeIfAbsent(e.pan(), p -> new Account());
        long amount = e.amountFen();
        long original = e.originalSeq();
        switch (e.type()) {
            case SALE -> a.deltaFen -= amount;
            case SALE_VOID -> {
                columns.status(original, Txn.Status.VOIDED);
                a.deltaFen += columns.amount(original);
            }
            case REFUND -> {
                refunded.merge(original, amount, Long::sum);
                a.deltaFen += amount;
            }
            case PRE_AUTH -> {
                a.heldFen += amount;
                holds.add(seq);
            }
            case PRE_AUTH_VOID -> {
                releaseHold(original, a);
                columns.status(original, Txn.Status.VOIDED);
            }
            case COMPLETION -> {
                // a hold that ran out was released then (a journal from before the hold had a limit can complete it later)
                releaseHold(original, a);
                columns.status(original, Txn.Status.COMPLETED);
                a.deltaFen -= amount;
            }
            case COMPLETION_VOID -> {
                // the pre-auth the completion consumed becomes an open hold again, unless its time ran out meanwhile
                columns.status(original, Txn.Status.VOIDED);
                reopenHold(columns.original(original), a, e.at().getEpochSecond());
                a.deltaFen += columns.amount(original);
            }
            default -> throw new IllegalStateException("no effect defined for " + e.type());
        }
    }

    /** The opposite of an approved transaction's effect, for its reversal (冲正) at {@code at}. */
    private void undo(long seq, long at) {
        Account a = (columns.flags(seq) & Columns.OFF_US) != 0 ? new Account()
                : accounts.computeIfAbsent(pans.name(columns.pan(seq)), p -> new Account());
        long amount = columns.amount(seq);
        long original = columns.original(seq);
        switch (TxnType.values()[columns.type(seq) - 1]) {
            case SALE -> a.deltaFen += amount;
            case SALE_VOID -> {
                columns.status(original, Txn.Status.APPROVED);
                a.deltaFen -= columns.amount(original);
            }
            case REFUND -> {
                refunded.merge(original, -amount, Long::sum);
                a.deltaFen -= amount;
            }
            case PRE_AUTH -> a.heldFen -= amount; // only an open one is reversed (its status is APPROVED)
            case PRE_AUTH_VOID -> reopenHold(original, a, at);
            case COMPLETION -> {
                reopenHold(original, a, at);
                a.deltaFen += amount;
            }
            case COMPLETION_VOID -> {
                columns.status(original, Txn.Status.APPROVED);
                long preAuth = columns.original(original);
                releaseHold(preAuth, a);
                columns.status(preAuth, Txn.Status.COMPLETED);
                a.deltaFen -= columns.amount(original);
            }
            default -> {
            }
        }
    }

    /** A pre-auth stops holding (void, completion): its amount leaves the held funds if it was still holding them. */
    private void releaseHold(long preAuth, Account a) {
        if (columns.type(preAuth) == TxnType.PRE_AUTH.ordinal() + 1 && columns.status(preAuth) == Txn.Status.APPROVED.ordinal()) {
            a.heldFen -= columns.amount(preAuth);
        }
    }

    /** A pre-auth holds again (its void or completion undone): open if its hold has time left at {@code at}, else expired. */
    private void reopenHold(long preAuth, Account a, long at) {
        if (columns.type(preAuth) != TxnType.PRE_AUTH.ordinal() + 1) {
            return; // forgotten (older than the retention): nothing to hold
        }
        if (columns.at(preAuth) + holdSeconds > at) {
            columns.status(preAuth, Txn.Status.APPROVED);
            a.heldFen += columns.amount(preAuth);
        } else {
            columns.status(preAuth, Txn.Status.EXPIRED);
        }
    }

    /** Releases the holds of pre-auths approved {@link #holdSeconds} or more before {@code at} and still open. */
    private void expireHolds(long at) {
        while (!holds.isEmpty() && columns.at(holds.peek()) + holdSeconds <= at) {
            long seq = holds.poll();
            if (columns.type(seq) == TxnType.PRE_AUTH.ordinal() + 1 && columns.status(seq) == Txn.Status.APPROVED.ordinal()) {
                Account a = (columns.flags(seq) & Columns.OFF_US) != 0 ? null : accounts.get(pans.name(columns.pan(seq)));
                if (a != null) {
                    a.heldFen -= columns.amount(seq);
                }
                columns.status(seq, Txn.Status.EXPIRED);
                expiredHolds++;
            }
        }
    }

    private BatchState batchFor(TerminalState terminal, String batch, long at) {
        BatchState b = terminal.batches.get(batch);
        if (b == null) {
            b = new BatchState(freezes);
            b.firstAt = at;
            terminal.batches.put(batch, b);
            heldBatches++;
        } else if (at < b.firstAt) {
            b.firstAt = at;
        }
        return b;
    }

    /**
     * Forgets what is older than the retention at journal time {@code at}: batches first used before the cutoff
     * (their answers, approvals and totals), chunks of per-seq facts whose every entry is older, and the rare
     * per-seq extras below the oldest chunk kept, and the card numbers only those chunks' transactions had.
     * Accounts stay: an on-us card's balance change is history, not a batch.
     */
    private void prune(long at) {
        long cutoff = at - retentionSeconds;
        long settledCutoff = at - Math.min(SETTLED_ANSWERS_SECONDS, retentionSeconds / 2);
        int batches = 0;
        int compacted = 0;
        for (TerminalState t : terminals.values()) {
            for (java.util.Iterator<BatchState> it = t.batches.values().iterator(); it.hasNext(); ) {
                BatchState b = it.next();
                if (b.firstAt < cutoff) {
                    it.remove();
                    batches++;
                } else if (b.settledAt != 0 && b.settledAt < settledCutoff && !b.compacted) {
                    // settled a while ago: no repeat will be asked of it, and no approval added (only field 61 still
                    // names its originals), so its answers go and its approvals are packed tighter
                    b.answers = new LongSeqMap(4, freezes);
                    b.approved = b.approved.compacted();
                    b.compacted = true;
                    compacted++;
                }
            }
        }
        if (batches > 0 || compacted > 0) {
            oddAnswers.keySet().removeIf(k -> {
                BatchState b = batch(k.terminal(), k.batch());
                return b == null || b.compacted;
            });
            oddApproved.keySet().removeIf(k -> batch(k.terminal(), k.batch()) == null);
        }
        int chunks = columns.forgetBefore(cutoff, pans::release);
        if (chunks > 0) {
            long kept = columns.firstKeptSeq();
            refunded.keySet().removeIf(seq -> seq < kept);
            rrns.keySet().removeIf(seq -> seq < kept);
            authCodes.keySet().removeIf(seq -> seq < kept);
        }
        forgottenBatches += batches;
        heldBatches -= batches;
        if (batches > 0 || chunks > 0 || compacted > 0) {
            log.info("event=host.state_pruned batches={} settled_batches_compacted={} chunks={} held_chunks={} held_cards={} cutoff={}"
                    + " holds_expired_total={}", batches, compacted, chunks, columns.heldChunks(), pans.size(),
                    java.time.Instant.ofEpochSecond(cutoff), expiredHolds);
        }
    }

    /** Settled batches whose answers were dropped and approvals packed ({@link #prune}), over all terminals (tests). */
    public int compactedBatches() {
        int n = 0;
        for (TerminalState t : terminals.values()) {
            for (BatchState b : t.batches.values()) {
                n += b.compacted ? 1 : 0;
            }
        }
        return n;
    }

    /** Batches held now, over all terminals (tests, operators). */
    public int heldBatches() {
        return heldBatches;
    }

    /** Chunks of per-seq facts held now ({@link Columns}: 16,384 seqs each). */
    public int heldChunks() {
        return columns.heldChunks();
    }

    /** Card numbers held now for the transactions kept (they go with their last transaction). */
    public int heldCards() {
        return pans.size();
    }

    /** Accounts held now: one per on-us card that has had a transaction or a PIN try. */
    public int cardAccounts() {
        return accounts.size();
    }

    /** Pre-auth holds released because their time ran out, since this state began. */
    public long expiredHolds() {
        return expiredHolds;
    }

    /** Batches forgotten for their age since this state began. */
    public long forgottenBatches() {
        return forgottenBatches;
    }

    /** Which of the entry's RRN and authorization code are the ones {@link Authorizer} derives from its seq; off-us. */
    private static byte flags(JournalEntry e) {
        int flags = e.offUs() ? Columns.OFF_US : 0;
        if (isDerived(e.rrn(), e.seq() % 1_000_000_000_000L, 12)) {
            flags |= Columns.RRN_DERIVED;
        }
        if (isDerived(e.authCode(), e.seq() % 1_000_000L, 6)) {
            flags |= Columns.AUTH_DERIVED;
        }
        return (byte) flags;
    }

    /** {@code text} is {@code value} zero-padded to {@code width} digits (compared without building the string). */
    private static boolean isDerived(String text, long value, int width) {
        if (text == null || text.length() != width) {
            return false;
        }
        for (int i = width - 1; i >= 0; i--) {
            if (text.charAt(i) != (char) ('0' + value % 10)) {
                return false;
            }
            value /= 10;
        }
        return true;
    }

    // ------------------------------------------------------------------ keys

    private static final long NO_KEY = Long.MIN_VALUE;

    /**
     * An answer's key inside its terminal's batch: MTI number (6 bits), merchant number (24 bits), trace
     * code (34 bits); {@link #NO_KEY} when one of them does not fit (then the key goes to the odd map).
     */
    private long answerKey(String mti, String merchant, String trace, boolean create) {
        long code = traceCode(trace);
        int m = create ? mtis.id(mti) : mtis.find(mti);
        int n = create ? names.id(merchant) : names.find(merchant);
        if (code < 0 || m < 0 || m >= 64 || n < 0 || n >= (1 << 24)) {
            return create || m >= 0 && n >= 0 ? NO_KEY : NO_MATCH_KEY;
        }
        return (long) m << 58 | (long) n << 34 | code;
    }

    /** A key no entry has: its MTI or merchant was never seen. */
    private static final long NO_MATCH_KEY = Long.MAX_VALUE;

    /** A trace of 1-9 digits as its length (4 bits) and value (30 bits), so "000123" and "123" stay apart; -1 otherwise. */
    static long traceCode(String trace) {
        int n = trace.length();
        if (n == 0 || n > 9) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = trace.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return (long) n << 30 | value;
    }

    /**
     * Half {@code half} (0 = first, 1 = second) of a fingerprint's first 128 bits: the SHA-256 hex the
     * {@link Authorizer} computes; any other text (tests) is hashed to the same width first.
     */
    static long fingerprintBits(String fingerprint, int half) {
        if (fingerprint.length() >= 32) {
            long v = 0;
            boolean hex = true;
            for (int i = half * 16; i < half * 16 + 16 && hex; i++) {
                int d = Character.digit(fingerprint.charAt(i), 16);
                hex = d >= 0;
                v = v << 4 | (d & 0xF);
            }
            if (hex) {
                return v;
            }
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(fingerprint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong(half * 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    }

    /**
     * Strings by number, numbers from 0 in order of first use. Names taken with {@link #hold} are counted and
     * go when their last holder lets go ({@link #release}), their number free for the next new name (the
     * lowest free first, so a state read from a snapshot numbers the same as the one that wrote it).
     */
    private static final class Names {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        /** Holders per number, for names taken with {@link #hold}. */
        private int[] holders = new int[0];
        /** Numbers of names that went, and no free number is below {@link #freeFrom}. */
        private final java.util.BitSet free = new java.util.BitSet();
        private int freeFrom;

        int id(String name) {
            if (name == null) {
                return -1;
            }
            Integer id = ids.get(name);
            if (id == null) {
                id = free.isEmpty() ? names.size() : free.nextSetBit(freeFrom);
                if (id == names.size()) {
                    names.add(name);
                } else {
                    free.clear(id);
                    freeFrom = id + 1;
                    names.set(id, name);
                }
                ids.put(name, id);
            }
            return id;
        }

        /** The name's number, counted as one more holder; -1 for null. */
        int hold(String name) {
            int id = id(name);
            if (id >= 0) {
                addHolder(id);
            }
            return id;
        }

        private void addHolder(int id) {
            if (id >= holders.length) {
                holders = Arrays.copyOf(holders, Math.max(16, Math.max(id + 1, holders.length * 2)));
            }
            holders[id]++;
        }

        /** One holder of number {@code id} let go: the name goes with its last. */
        void release(int id) {
            if (id < 0 || --holders[id] > 0) {
                return;
            }
            ids.remove(names.get(id));
            names.set(id, null);
            free.set(id);
            freeFrom = Math.min(freeFrom, id);
        }

        /** One more holder of a number already given (a state read from a snapshot counting its holders). */
        void countHolder(int id) {
            if (id < 0 || id >= names.size() || names.get(id) == null) {
                throw new IllegalStateException("number " + id + " names nothing");
            }
            addHolder(id);
        }

        /** Names held now. */
        int size() {
            return ids.size();
        }

        int find(String name) {
            Integer id = name == null ? null : ids.get(name);
            return id == null ? -1 : id;
        }

        String name(int id) {
            return id < 0 ? null : names.get(id);
        }
    }

    /**
     * Per-seq facts in chunks of flat arrays: for an answer its reason and fingerprint, for an approved
     * transaction its type, status, amount, original, PAN and batch numbers. Chunks are allocated as seqs
     * reach them and never move.
     */
    private static final class Columns {
        static final int RRN_DERIVED = 1;
        static final int AUTH_DERIVED = 2;
        /** Another issuer's card: no account of ours moved. */
        static final int OFF_US = 4;
        private static final int BITS = 14;
        private static final int SIZE = 1 << BITS;
        private static final int MASK = SIZE - 1;

        private static final class Chunk {
            /** The latest entry time in it, epoch seconds: the chunk goes when this is older than the retention. */
            long lastAt;
            /** The freeze count it was made at ({@link Freezes}): when the count moved on, a frozen state may hold it. */
            final int copiedAt;
            /** Entry times, epoch seconds (unsigned: good until 2106). */
            final int[] at;
            final byte[] type;
            final byte[] status;
            final byte[] reason;
            final byte[] flags;
            final long[] amount;
            final long[] original;
            final int[] pan;
            final int[] batch;
            final long[] fingerprintHigh;
            final long[] fingerprintLow;

            Chunk(int copiedAt) {
                this.copiedAt = copiedAt;
                at = new int[SIZE];
                type = new byte[SIZE];
                status = new byte[SIZE];
                reason = new byte[SIZE];
                flags = new byte[SIZE];
                amount = new long[SIZE];
                original = new long[SIZE];
                pan = new int[SIZE];
                batch = new int[SIZE];
                fingerprintHigh = new long[SIZE];
                fingerprintLow = new long[SIZE];
            }

            /** A copy of {@code from} to change, where a frozen state keeps {@code from}. */
            Chunk(Chunk from, int copiedAt) {
                this.copiedAt = copiedAt;
                lastAt = from.lastAt;
                at = from.at.clone();
                type = from.type.clone();
                status = from.status.clone();
                reason = from.reason.clone();
                flags = from.flags.clone();
                amount = from.amount.clone();
                original = from.original.clone();
                pan = from.pan.clone();
                batch = from.batch.clone();
                fingerprintHigh = from.fingerprintHigh.clone();
                fingerprintLow = from.fingerprintLow.clone();
            }
        }

        /** Forgotten chunks are null; below {@link #firstKept} all are. A read of a forgotten seq gives 0, a write is dropped. */
        private Chunk[] chunks = new Chunk[16];
        private int firstKept;
        private int held;
        private static final Chunk FORGOTTEN = new Chunk(0);
        private final Freezes freezes;

        Columns(Freezes freezes) {
            this.freezes = freezes;
        }

        /** Makes room for {@code seq}, an entry at {@code at}: seqs only grow, so its chunk is the newest. */
        void ensure(long seq, long at) {
            int c = (int) (seq >>> BITS);
            if (c >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
            }
            if (chunks[c] == null) {
                chunks[c] = new Chunk(freezes.count);
                held++;
            }
            Chunk k = own(c);
            k.at[(int) seq & MASK] = (int) at;
            k.lastAt = Math.max(k.lastAt, at);
        }

        /** Drops the chunks, oldest first, whose every entry is before {@code cutoff}; never the newest. Returns how many. */
        /** Forgets the chunks whose every entry is older than {@code cutoff}, handing their transactions' PAN numbers to {@code pans}. */
        int forgetBefore(long cutoff, java.util.function.IntConsumer pans) {
            int newest = chunks.length - 1;
            while (newest >= 0 && chunks[newest] == null) {
                newest--;
            }
            int dropped = 0;
            while (firstKept < newest && (chunks[firstKept] == null || chunks[firstKept].lastAt < cutoff)) {
                if (chunks[firstKept] != null) {
                    panIds(chunks[firstKept], pans);
                    chunks[firstKept] = null;
                    held--;
                    dropped++;
                }
                firstKept++;
            }
            return dropped;
        }

        long firstKeptSeq() {
            return (long) firstKept << BITS;
        }

        /** The chunks as they are now, for a frozen state: the table copied, the chunks shared (see {@link #own}). */
        Chunk[] frozenChunks() {
            return chunks.clone();
        }

        int firstKept() {
            return firstKept;
        }

        /** Writes chunks a {@link #frozenChunks} gave (or the live ones, under the lock). */
        static void writeTo(java.io.DataOutput out, Chunk[] chunks, int firstKept) throws java.io.IOException {
            out.writeInt(chunks.length);
            out.writeInt(firstKept);
            for (int c = 0; c < chunks.length; c++) {
                Chunk k = chunks[c];
                if (k == null) {
                    continue;
                }
                out.writeInt(c);
                out.writeLong(k.lastAt);
                // array by array, each in one write: element by element took most of a snapshot's time
                writeInts(out, k.at);
                out.write(k.type);
                out.write(k.status);
                out.write(k.reason);
                out.write(k.flags);
                writeLongs(out, k.amount, SIZE);
                writeLongs(out, k.original, SIZE);
                writeInts(out, k.pan);
                writeInts(out, k.batch);
                writeLongs(out, k.fingerprintHigh, SIZE);
                writeLongs(out, k.fingerprintLow, SIZE);
            }
            out.writeInt(-1);
        }

        void readFrom(java.io.DataInput in) throws java.io.IOException {
            int length = in.readInt();
            if (length < 1 || length > 1 << 24) {
                throw new java.io.IOException("a snapshot's chunk table of " + length + " is impossible");
            }
            chunks = new Chunk[length];
            firstKept = in.readInt();
            for (int c = in.readInt(); c != -1; c = in.readInt()) {
                if (c < 0 || c >= length || chunks[c] != null) {
                    throw new java.io.IOException("a snapshot's chunk number " + c + " is impossible");
                }
                Chunk k = new Chunk(freezes.count);
                k.lastAt = in.readLong();
                readInts(in, k.at);
                in.readFully(k.type);
                in.readFully(k.status);
                in.readFully(k.reason);
                in.readFully(k.flags);
                readLongsInto(in, k.amount);
                readLongsInto(in, k.original);
                readInts(in, k.pan);
                readInts(in, k.batch);
                readLongsInto(in, k.fingerprintHigh);
                readLongsInto(in, k.fingerprintLow);
                chunks[c] = k;
                held++;
            }
        }

        int heldChunks() {
            return held;
        }

        /** The seq's chunk, or an all-zero stand-in for a forgotten (or never used) one. */
        private Chunk chunk(long seq) {
            int c = (int) (seq >>> BITS);
            Chunk k = c >= 0 && c < chunks.length ? chunks[c] : null;
            return k == null ? FORGOTTEN : k;
        }

        /** The chunk to write a seq's facts into, or null when it is forgotten. */
        private Chunk writable(long seq) {
            int c = (int) (seq >>> BITS);
            return c >= 0 && c < chunks.length && chunks[c] != null ? own(c) : null;
        }

        /** Chunk {@code c} to change: a copy of it first when a frozen state may hold it. */
        private Chunk own(int c) {
            Chunk k = chunks[c];
            if (k.copiedAt != freezes.count) {
                k = new Chunk(k, freezes.count);
                chunks[c] = k;
            }
            return k;
        }

        long at(long seq) {
            return Integer.toUnsignedLong(chunk(seq).at[(int) seq & MASK]);
        }

        void answer(long seq, int reason, long high, long low) {
            Chunk c = writable(seq);
            if (c == null) {
                return;
            }
            int i = (int) seq & MASK;
            c.reason[i] = (byte) reason;
            c.fingerprintHigh[i] = high;
            c.fingerprintLow[i] = low;
        }

        /** Records an approved transaction; false when its chunk is already forgotten (nothing recorded). */
        boolean txn(long seq, int type, long amount, long original, int pan, int batch, byte flags) {
            Chunk c = writable(seq);
            if (c == null) {
                return false;
            }
            int i = (int) seq & MASK;
            c.type[i] = (byte) type;
            c.status[i] = (byte) Txn.Status.APPROVED.ordinal();
            c.amount[i] = amount;
            c.original[i] = original;
            c.pan[i] = pan;
            c.batch[i] = batch;
            c.flags[i] = flags;
            return true;
        }

        /** The PAN number of every transaction held, once each (-1 for none is left out). */
        void forEachPan(java.util.function.IntConsumer pan) {
            for (Chunk k : chunks) {
                if (k != null) {
                    panIds(k, pan);
                }
            }
        }

        private static void panIds(Chunk k, java.util.function.IntConsumer pan) {
            for (int i = 0; i < SIZE; i++) {
                if (k.type[i] != 0 && k.pan[i] >= 0) {
                    pan.accept(k.pan[i]);
                }
            }
        }

        int type(long seq) {
            return chunk(seq).type[(int) seq & MASK];
        }

        int status(long seq) {
            return chunk(seq).status[(int) seq & MASK];
        }

        void status(long seq, Txn.Status status) {
            Chunk c = writable(seq);
            if (c != null) {
                c.status[(int) seq & MASK] = (byte) status.ordinal();
            }
        }

        int reason(long seq) {
            return chunk(seq).reason[(int) seq & MASK];
        }

        byte flags(long seq) {
            return chunk(seq).flags[(int) seq & MASK];
        }

        long amount(long seq) {
            return chunk(seq).amount[(int) seq & MASK];
        }

        long original(long seq) {
            return chunk(seq).original[(int) seq & MASK];
        }

        int pan(long seq) {
            return chunk(seq).pan[(int) seq & MASK];
        }

        int batch(long seq) {
            return chunk(seq).batch[(int) seq & MASK];
        }

        long fingerprintHigh(long seq) {
            return chunk(seq).fingerprintHigh[(int) seq & MASK];
        }

        long fingerprintLow(long seq) {
            return chunk(seq).fingerprintLow[(int) seq & MASK];
        }
    }

    /** A FIFO of seqs in one growable ring of longs (no object per element). */
    private static final class SeqQueue {
        private long[] ring = new long[64];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void add(long seq) {
            if (size == ring.length) {
                long[] bigger = new long[ring.length * 2];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ring[(head + i) & (ring.length - 1)];
                }
                ring = bigger;
                head = 0;
            }
            ring[(head + size) & (ring.length - 1)] = seq;
            size++;
        }

        long peek() {
            return ring[head];
        }

        long poll() {
            long seq = ring[head];
            head = (head + 1) & (ring.length - 1);
            size--;
            return seq;
        }
    }

    /** How a sign-on's sealed working keys are written into its journal entry's detail. */
    static final class SessionKeys {
        private SessionKeys() {
        }

        static String format(WorkingKeys keys) {
            return format(keys.layout(), keys.pik().underLmk(), keys.mak().underLmk(), keys.tdk() == null ? null : keys.tdk().underLmk());
        }

        /** The same text for a session's keys (a snapshot). */
        static String format(Session s) {
            return format(s.layout(), s.pik(), s.mak(), s.tdk());
        }

        private static String format(WorkingKeyLayout layout, KeyUnderLmk pik, KeyUnderLmk mak, KeyUnderLmk tdk) {
            StringBuilder sb = new StringBuilder("layout=").append(layout.networkCode());
            append(sb, pik);
            append(sb, mak);
            if (tdk != null) {
                append(sb, tdk);
            }
            return sb.toString();
        }

        private static void append(StringBuilder sb, KeyUnderLmk k) {
            sb.append(';').append(k.usage()).append('=').append(k.scheme()).append(':')
                    .append(Base64.getEncoder().encodeToString(k.sealed())).append(':').append(k.checkValueHex());
        }

        static Session parse(String terminal, String batch, String detail) {
            Map<String, String> parts = new HashMap<>();
            for (String part : detail.split(";")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
            return new Session(terminal, batch, false, WorkingKeyLayout.ofNetworkCode(parts.get("layout")),
                    key(KeyUsage.PIK, parts.get("PIK")), key(KeyUsage.MAK, parts.get("MAK")), key(KeyUsage.TDK, parts.get("TDK")));
        }

        private static KeyUnderLmk key(KeyUsage usage, String text) {
            if (text == null) {
                return null;
            }
            String[] f = text.split(":");
            return new KeyUnderLmk(usage, KeyScheme.valueOf(f[0]), Base64.getDecoder().decode(f[1]), HexFormat.of().parseHex(f[2]));
        }
    }
}
