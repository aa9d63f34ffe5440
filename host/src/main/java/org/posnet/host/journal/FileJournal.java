package org.posnet.host.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.posnet.host.auth.Journal;
import org.posnet.host.auth.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as append-only segment files ({@code journal-<first seq>.log}, records as
 * {@link JournalRecords} writes them) with group commit: one writer thread takes whatever entries are
 * waiting (up to {@code maxBatch} and {@link #GROUP_BYTES}), writes them with one {@code write}, makes them
 * durable with one {@code fdatasync} ({@link FileChannel#force force(false)}), and only then completes their
 * futures. A durable entry implies every earlier one is durable, since entries are written in append order.
 *
 * <p>The segment being written has zeros written ahead of its records ({@link #PREALLOCATE_BYTES} at a
 * time), so most commits overwrite blocks the file already has: their {@code fdatasync} allocates no blocks
 * and writes no new size (ext4 still writes the inode when its modification time moved on, at most once a
 * clock tick). Zeros are never a record (no record has length 0): in the last segment they read as its end.
 * A segment closed by rotation, and the last one at close, is cut back to its last record, so closed
 * segments end exactly where their records do, as every reader of this format expects.
 *
 * <p>Opening the journal checks every record's length and CRC. A crash can leave the last record of the
 * last segment half written: that torn tail was never acknowledged (its reply waited for the sync), so it
 * is cut off and logged. A bad record anywhere else is corruption and the host refuses to start: silently
 * skipping it could drop an approval a terminal was given.
 *
 * <p>A failed write or sync fails its batch and every later append: the in-memory state already holds
 * those entries, so the host must stop (answer 96) until a restart rebuilds state from what is durable.
 */
public final class FileJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(FileJournal.class);
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".log";

    /** An entry waiting for its commit, with its record already encoded by the appending thread. */
    private record Pending(JournalEntry entry, byte[] record, CompletableFuture<Void> durable) {
    }

    /** Wakes the writer at close, so closing does not wait out its poll. */
    private static final Pending WAKE = new Pending(null, null, null);

    private final Path dir;
    private final int maxBatch;
    private final long segmentBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Encrypts new records and decrypts version 3 ones; null: new records in clear. */
    private final RecordCipher cipher;
    private final Thread writer;
    private final FileLock lock;
    private final long preallocateBytes;
    private FileChannel channel;
    /** Where the current segment's records end: the next record goes here. */
    private long end;
    /** The current segment file's size: its records, then zeros written ahead of them. */
    private long fileBytes;
    /** A group's records; one record is at most {@link JournalRecords#MAX_RECORD}, less than this. */
    private final ByteBuffer buffer = ByteBuffer.allocate(GROUP_BYTES);
    private volatile boolean failed;
    private volatile boolean closed;
    private volatile long commits;
    private volatile long written;
    private volatile long durableSeq;
    private volatile Consumer<List<JournalEntry>> onDurable = entries -> { };
    /** Callers waiting for a seq to become durable (a repeated answer overtaking its first copy's sync). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Waiter> waiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * Where records are, sparsely: seq → (segment's first seq, byte offset) of every {@link #INDEX_EVERY}th
     * record and each segment's first, so {@link #read} scans at most that many records.
     */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, long[]> index = new java.util.concurrent.ConcurrentSkipListMap<>();
    private long segmentFirstSeq;

    private static final int INDEX_EVERY = 256;
    /**
     * Least time from one group commit's start to the next's while entries keep coming: an fdatasync costs
     * 60-200 µs of CPU here however few entries it carries, so a commit waits (at most this long) for more to
     * join it. A commit after a quiet spell goes at once.
     */
    static final long COMMIT_INTERVAL_NANOS = 1_000_000;
    /**
     * Most bytes of records one group commit writes (a single larger entry goes alone): a backlog is written
     * in several commits instead of one write and sync that grows with it and holds every reply behind it.
     */
    static final int GROUP_BYTES = 1 << 20;
    /**
     * Zeros written past the records whenever a commit runs past the zeros already there, in the same commit:
     * about 2,000 sales' worth, so about one commit in 40 grows the file.
     */
    static final int PREALLOCATE_BYTES = 1 << 20;
    private static final int PAGE = 4096;
    /** Read-only source of the zeros written ahead ({@code duplicate()}d per write, never written into). */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PREALLOCATE_BYTES);

    private record Waiter(long seq, CompletableFuture<Void> durable) {
    }

    /**
     * Opens (or creates) the journal in {@code dir}, checking and recovering what is there; 64 MiB segments; new
     * records encrypted with {@code cipher} (version 3), or in clear when it is null (tools and tests).
     */
    public FileJournal(Path dir, int maxBatch, RecordCipher cipher) {
        this(dir, maxBatch, 64L << 20, (int) Math.min(PREALLOCATE_BYTES, 64L << 20), cipher);
    }

    /** Records in clear (tools and tests; the host encrypts them: {@link RecordCipher}). */
    public FileJournal(Path dir, int maxBatch) {
        this(dir, maxBatch, 64L << 20);
    }

    FileJournal(Path dir, int maxBatch, long segmentBytes) {
        this(dir, maxBatch, segmentBytes, (int) Math.min(PREALLOCATE_BYTES, segmentBytes));
    }

    FileJournal(Path dir, int maxBatch, long segmentBytes, int preallocateBytes) {
        this(dir, maxBatch, segmentBytes, preallocateBytes, null);
    }

    /** With {@code preallocateBytes} of zeros written ahead of the records (0: none, every commit appends). */
    FileJournal(Path dir, int maxBatch, long segmentBytes, int preallocateBytes, RecordCipher cipher) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        if (preallocateBytes < 0) {
            throw new IllegalArgumentException("preallocateBytes must not be negative");
        }
        this.dir = dir;
        this.cipher = cipher;
        this.maxBatch = maxBatch;
        this.segmentBytes = segmentBytes;
        this.preallocateBytes = preallocateBytes;
        try {
            Files.createDirectories(dir);
            lock = lock(dir);
            scan(e -> { }, true, 0);
        } catch (IOException e) {
            releaseLock();
            throw new UncheckedIOException("host journal " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
        this.writer = new Thread(this::writeLoop, "host-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public CompletableFuture<Void> append(JournalEntry entry) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (failed || closed) {
            durable.completeExceptionally(new IllegalStateException(closed ? "journal closed" : "journal failed earlier"));
            return durable;
        }
        byte[] record;
        try {
            // here, not on the writer: the entry's fields are still in this thread's cache, and the one
            // writer thread is what every reply waits for
            record = JournalRecords.encode(entry, cipher);
        } catch (IllegalArgumentException e) {
            // the caller's state already holds this entry: like a failed write, no later entry may be durable
            failed = true;
            log.error("event=host.journal.write_failed entries=1 first_seq={} dir={} error=\"{}\" advice=\"host answers 96"
                    + " until restarted\"", entry.seq(), dir, e.toString());
            durable.completeExceptionally(e);
            releaseWaiters();
            return durable;
        }
        Pending p = new Pending(entry, record, durable);
        queue.add(p);
        if (closed && queue.remove(p)) {
            // closed between the check and the add: the writer may be gone, so never leave the caller waiting
            durable.completeExceptionally(new IllegalStateException("journal closed"));
        }
        return durable;
    }

    /**
     * Called on the writer thread with each group of entries just made durable, in seq order, just before
     * their replies are released; it must only hand them on (the ledger queues them), not work.
     */
    public void onDurable(Consumer<List<JournalEntry>> listener) {
        this.onDurable = listener;
    }

    @Override
    public boolean failed() {
        return failed;
    }

    /** Group commits (syncs) made so far. */
    public long commits() {
        return commits;
    }

    public long written() {
        return written;
    }

    /** The seq of the last durable entry (0 when the journal is empty). */
    public long durableSeq() {
        return durableSeq;
    }

    /**
     * Waits until {@code seq} is durable, the journal failed, or {@code timeout} passed; true when durable. For a
     * caller that holds back new appends meanwhile (a snapshot of the state): the writer commits on its own.
     */
    public boolean awaitDurable(long seq, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (durableSeq() < seq) {
            if (failed() || System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> durable(long seq) {
        if (seq <= durableSeq) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(new Waiter(seq, f));
        if (seq <= durableSeq || failed || closed) {
            releaseWaiters(); // the writer may have passed this seq while the waiter was being added
        }
        return f;
    }

    private void releaseWaiters() {
        for (java.util.Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.seq <= durableSeq) {
                it.remove();
                w.durable.complete(null);
            } else if (failed || closed) {
                it.remove();
                w.durable.completeExceptionally(new IllegalStateException(failed ? "journal failed" : "journal closed"));
            }
        }
    }

    /**
     * Reads one durable entry back from its segment: from the nearest indexed record before it, a few
     * hundred records at most. For repeating an answer, which is rare, so nothing is cached.
     */
    @Override
    public JournalEntry read(long seq) {
        if (seq <= 0 || seq > durableSeq) {
            return null;
        }
        java.util.Map.Entry<Long, long[]> from = index.floorEntry(seq);
        if (from == null) {
            return null;
        }
        Path segment = dir.resolve(segmentName(from.getValue()[0]));
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
            long position = from.getValue()[1];
            ByteBuffer header = ByteBuffer.allocate(JournalRecords.SEQ_AT + Long.BYTES);
            while (true) {
                header.clear();
                if (in.read(header, position) < header.capacity()) {
                    return null;
                }
                int length = header.getInt(0);
                long at = header.getLong(JournalRecords.SEQ_AT);
                if (length <= 0 || length > JournalRecords.MAX_BODY || at > seq) {
                    return null;
                }
                if (at == seq) {
                    ByteBuffer body = ByteBuffer.allocate(length);
                    while (body.hasRemaining() && in.read(body, position + JournalRecords.HEADER + body.position()) > 0) {
                        // positional reads until the body is whole
                    }
                    body.flip();
                    if (body.remaining() != length || JournalRecords.crc(body) != header.getInt(4)) {
                        throw new IllegalStateException("host journal: record " + seq + " in " + segment + " does not read back whole");
                    }
                    return JournalRecords.read(body, cipher);
                }
                position += JournalRecords.HEADER + length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("host journal " + segment + ": " + e.getMessage(), e);
        }
    }

    private void indexRecord(long seq, long firstSeqOfSegment, long offset) {
        if (offset == 0 || seq % INDEX_EVERY == 0) {
            index.put(seq, new long[] {firstSeqOfSegment, offset});
        }
    }

    /** Every durable entry, in seq order (call before appending: it reads the segments again). */
    @Override
    public void replay(Consumer<JournalEntry> consumer) {
        replayFrom(1, consumer);
    }

    /**
     * The durable entries from {@code fromSeq} on, in seq order, reading only the segments that hold them (a start
     * from a state snapshot): the segments before are neither read nor checked. Call before appending.
     */
    public void replayFrom(long fromSeq, Consumer<JournalEntry> consumer) {
        try {
            scan(e -> {
                if (e.seq() >= fromSeq) {
                    consumer.accept(e);
                }
            }, false, fromSeq);
        } catch (IOException e) {
            throw new UncheckedIOException("host journal " + dir + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ open and recover

    /**
     * Reads segments, checking each record, handing each entry to {@code sink}. Replay reads them all, or those
     * from the one holding {@code fromSeq} (the others are indexed by their first record, unread). Opening
     * reads only the last one — where a crash can leave a torn tail, cut off here, and where appending goes on;
     * the earlier ones are read (and checked) once, by the replay that follows before the host listens.
     *
     * <p>Records are followed by their lengths from the segment's start, never searched for. In the last
     * segment, zeros from some record boundary to the end of the file are its end (written ahead of the
     * records); the zeros are cut off on open. In any other segment the records must fill the file exactly.
     */
    private void scan(Consumer<JournalEntry> sink, boolean open, long fromSeq) throws IOException {
        List<Path> segments = segments(dir);
        int first = open ? Math.max(0, segments.size() - 1) : 0;
        while (!open && first + 1 < segments.size() && firstSeqOf(segments.get(first + 1)) <= fromSeq) {
            first++;
        }
        for (int i = 0; i < first; i++) {
            // not read: indexed by their first record (at offset 0), so read(seq) finds any entry by walking from there
            long firstSeq = firstSeqOf(segments.get(i));
            index.putIfAbsent(firstSeq, new long[] {firstSeq, 0});
        }
        // a segment is named by the seq of its first record, so its predecessor's last seq is one less
        long lastSeq = first == 0 ? 0 : firstSeqOf(segments.get(first)) - 1;
        for (int i = first; i < segments.size(); i++) {
            Path segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            // past the last non-zero byte there is nothing written: the records end at or before it
            int written = last ? writtenEnd(bytes) : bytes.limit();
            int at = 0;
            String problem = null;
            while (at < written) {
                JournalEntry e = null;
                if (bytes.limit() - at < JournalRecords.HEADER) {
                    problem = "a record header is cut short";
                } else {
                    int length = bytes.getInt(at);
                    int crc = bytes.getInt(at + 4);
                    if (length <= 0 || length > JournalRecords.MAX_BODY) {
                        problem = "a record length of " + length + " is impossible";
                    } else if (length > bytes.limit() - at - JournalRecords.HEADER) {
                        problem = "a record is cut short";
                    } else {
                        ByteBuffer body = bytes.slice(at + JournalRecords.HEADER, length);
                        if (JournalRecords.crc(body) != crc) {
                            problem = "a record's CRC does not match";
                        } else {
                            try {
                                e = JournalRecords.read(body, cipher);
                            } catch (IllegalArgumentException ex) {
                                if (cipher != null && cipher.fresh() && body.get(0) == 3) {
                                    throw new IllegalStateException("host journal unreadable: " + segment + " holds records"
                                            + " encrypted under a key this directory no longer has: " + RecordCipher.FILE + " was"
                                            + " missing, and this start made a new one. Stop, delete that new " + RecordCipher.FILE
                                            + " and restore the journal's own from the backup (with the LMK it was sealed under)");
                                }
                                // whole (its CRC matches) yet unreadable: a format this version does not know, never a
                                // torn tail to cut — cutting it would drop an entry another version made durable
                                throw new IllegalStateException("host journal unreadable: " + segment + " at byte " + at
                                        + ": a whole record does not parse (" + ex.getMessage() + "); written by another"
                                        + " PosNet version? Start the version that wrote it");
                            }
                        }
                    }
                }
                if (problem != null) {
                    break;
                }
                if (e.seq() <= lastSeq) {
                    throw new IllegalStateException("host journal corrupt: " + segment + " at byte " + at + ": seq " + e.seq()
                            + " after " + lastSeq);
                }
                lastSeq = e.seq();
                indexRecord(e.seq(), firstSeqOf(segment), at);
                sink.accept(e);
                at += JournalRecords.HEADER + bytes.getInt(at);
            }
            if (problem != null) {
                if (!open || !last || !tornTail(bytes, at, written)) {
                    throw new IllegalStateException("host journal corrupt: " + segment + " at byte " + at + ": " + problem
                            + "; the host will not start on a journal it cannot read whole (restore the file from a replica"
                            + " or backup)");
                }
                log.warn("event=host.journal.torn_tail file={} offset={} dropped_bytes={} reason=\"{}\" note=\"written"
                        + " by a crash before its sync; never acknowledged\"", segment.getFileName(), at, written - at, problem);
            }
            if (open && last) {
                // the torn tail and the zeros after the records go; the first commit writes zeros ahead again
                channel = FileChannel.open(segment, StandardOpenOption.WRITE);
                if (channel.size() > at) {
                    channel.truncate(at);
                    channel.force(true);
                }
                end = at;
                fileBytes = at;
                segmentFirstSeq = firstSeqOf(segment);
            }
        }
        if (open) {
            durableSeq = lastSeq;
            if (channel == null) {
                openSegment(lastSeq + 1);
            }
        }
    }

    /** Where the written bytes end: just past the last byte that is not zero (0 for a file of zeros). */
    private static int writtenEnd(ByteBuffer bytes) {
        int i = bytes.limit();
        while (i >= Long.BYTES && bytes.getLong(i - Long.BYTES) == 0) {
            i -= Long.BYTES;
        }
        while (i > 0 && bytes.get(i - 1) == 0) {
            i--;
        }
        return i;
    }

    /**
     * A bad record at {@code at} is a torn tail when it is the last thing written (zeros after the last
     * written byte read as not written, as past the end of the file): a header cut short, or a record that runs
     * past the last written byte or ends exactly at it (pages of it not flushed). A bad record with anything
     * written after it is corruption.
     */
    private static boolean tornTail(ByteBuffer bytes, int at, int written) {
        int remaining = written - at;
        if (remaining < JournalRecords.HEADER) {
            return true;
        }
        int length = bytes.getInt(at);
        return length > 0 && length <= JournalRecords.MAX_BODY && (long) JournalRecords.HEADER + length >= remaining;
    }

    /** One writer per journal: a second host on the same data directory would interleave seqs. */
    private static FileLock lock(Path dir) throws IOException {
        FileChannel c = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = c.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            c.close();
            throw new IllegalStateException("host journal " + dir + " is in use by another host (journal.lock is held);"
                    + " stop it first, or give this one its own data directory");
        }
        return l;
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.channel().close();
            }
        } catch (IOException e) {
            log.warn("event=host.journal.unlock_failed error=\"{}\"", e.toString());
        }
    }

    private static long firstSeqOf(Path segment) {
        String n = segment.getFileName().toString();
        try {
            return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("host journal: " + segment + " is not named by a seq");
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }

    private static String segmentName(long firstSeq) {
        return String.format("%s%019d%s", PREFIX, firstSeq, SUFFIX);
    }

    private void openSegment(long firstSeq) throws IOException {
        if (channel != null) {
            channel.close();
        }
        Path segment = dir.resolve(segmentName(firstSeq));
        channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        end = 0;
        fileBytes = 0;
        segmentFirstSeq = firstSeq;
        // the new file's directory entry must be durable too, or a crash could lose the whole segment
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("event=host.journal.dir_sync_unsupported dir={} error=\"{}\"", dir, e.toString());
        }
    }

    /**
     * Cuts the zeros after the segment's last record, durably: a closed segment ends at its last record (a
     * crash after the next segment exists must not leave zeros inside the journal, which would read as damage).
     */
    private void cutZeros() throws IOException {
        if (fileBytes > end) {
            channel.truncate(end);
            channel.force(false);
            fileBytes = end;
        }
    }

    // ------------------------------------------------------------------ group commit

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        long lastCommit = System.nanoTime() - COMMIT_INTERVAL_NANOS;
        while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                lastCommit = commitNext(batch, lastCommit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending p : batch) {
            p.durable.completeExceptionally(new IllegalStateException("journal closed"));
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            if (left == WAKE) {
                continue;
            }
            left.durable.completeExceptionally(new IllegalStateException("journal closed"));
        }
        releaseWaiters();
        try {
            if (!failed) {
                cutZeros(); // so the last segment, too, ends at its last record, as older readers expect
            }
        } catch (IOException e) {
            log.warn("event=host.journal.cut_zeros_failed error=\"{}\" note=\"the zeros read as the end on the next start\"",
                    e.toString());
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("event=host.journal.close_failed error=\"{}\"", e.toString());
        }
    }

    /**
     * Waits for entries (and out the commit interval), then commits one group. A method of its own so the
     * JIT compiles it: the loop around it turns a few hundred times a second, too few to get compiled.
     * {@code batch} holds entries left from the last group (over {@link #GROUP_BYTES}) and is left holding
     * whatever this group could not take.
     *
     * @return when this commit started (the last one's start when there was nothing to commit)
     */
    private long commitNext(List<Pending> batch, long lastCommit) throws InterruptedException {
        if (batch.isEmpty()) {
            Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null || first == WAKE) {
                return lastCommit;
            }
            batch.add(first);
        }
        long wait = COMMIT_INTERVAL_NANOS - (System.nanoTime() - lastCommit);
        if (wait > 0 && !closed && batch.size() + queue.size() < maxBatch) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        long start = System.nanoTime();
        if (batch.size() < maxBatch) {
            queue.drainTo(batch, maxBatch - batch.size());
        }
        if (closed) {
            batch.removeIf(p -> p == WAKE); // WAKE is queued only after closed is set
        }
        if (!batch.isEmpty()) {
            int done = write(batch);
            if (done == batch.size()) {
                batch.clear();
            } else {
                batch.subList(0, done).clear();
            }
        }
        return start;
    }

    /** Commits the first entries of {@code batch} (as many as fit in {@link #GROUP_BYTES}); returns how many. */
    private int write(List<Pending> batch) {
        if (failed) {
            batch.forEach(p -> p.durable.completeExceptionally(new IllegalStateException("journal failed earlier")));
            return batch.size();
        }
        int n = 0;
        try {
            if (end >= segmentBytes) {
                cutZeros();
                openSegment(batch.get(0).entry.seq());
            }
            buffer.clear();
            for (; n < batch.size(); n++) {
                Pending p = batch.get(n);
                byte[] record = p.record;
                if (n > 0 && buffer.position() + record.length > GROUP_BYTES) {
                    break; // the rest go in the next commit
                }
                indexRecord(p.entry.seq(), segmentFirstSeq, end + buffer.position());
                buffer.put(record);
            }
            buffer.flip();
            long recordsEnd = end + buffer.remaining();
            if (recordsEnd > fileBytes && preallocateBytes > 0) {
                // past the zeros: this commit grows the file anyway, so it writes the next zeros too, and first,
                // so that a full disk fails it before any of its records is in the file
                long to = (recordsEnd + preallocateBytes + PAGE - 1) / PAGE * PAGE;
                writeZeros(fileBytes, to);
                fileBytes = to;
            }
            for (long at = end; buffer.hasRemaining(); ) {
                at += channel.write(buffer, at);
            }
            fileBytes = Math.max(fileBytes, recordsEnd);
            channel.force(false);
            end = recordsEnd;
        } catch (IOException | RuntimeException e) {
            fail(batch, e);
            return batch.size();
        }
        commits++;
        written += n;
        durableSeq = batch.get(n - 1).entry.seq();
        List<JournalEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(batch.get(i).entry);
        }
        try {
            // before the replies are released: whatever a terminal has seen approved is already queued for
            // the ledger, so a cutover made after that approval includes it
            onDurable.accept(entries);
        } catch (RuntimeException e) {
            log.error("event=host.journal.listener_failed first_seq={} error=\"{}\"", entries.get(0).seq(), e.toString());
        }
        for (int i = 0; i < n; i++) {
            batch.get(i).durable.complete(null);
        }
        if (!waiters.isEmpty()) {
            releaseWaiters();
        }
        return n;
    }

    private void writeZeros(long from, long to) throws IOException {
        ByteBuffer zeros = ZEROS.duplicate();
        for (long at = from; at < to; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            while (zeros.hasRemaining()) {
                at += channel.write(zeros, at);
            }
        }
    }

    private void fail(List<Pending> batch, Exception e) {
        failed = true;
        log.error("event=host.journal.write_failed entries={} first_seq={} dir={} error=\"{}\" advice=\"host answers 96 until"
                + " restarted; check the disk\"", batch.size(), batch.get(0).entry.seq(), dir, e.toString());
        batch.forEach(p -> p.durable.completeExceptionally(e));
        releaseWaiters();
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        queue.add(WAKE);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseLock();
    }
}
