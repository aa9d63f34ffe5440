package org.posnet.host.journal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.LongFunction;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.posnet.host.auth.HostState;
import org.posnet.host.auth.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's state as of one journal entry, in one file beside the journal, so a start reads the journal only
 * from there instead of from its beginning. Written when the host stops cleanly; a start after a crash uses the
 * last one and replays everything after it. Never the record: a snapshot that cannot be used (damaged, of
 * another version or policy, ahead of the journal, or naming an entry the journal does not have) is logged and
 * ignored, and the start replays the whole journal as it always did.
 *
 * <p>File: {@code "PNSS"}, format version, the seq it is as of, the CRC32C of that entry's journal record (so a
 * snapshot never goes with another journal), a random 16-byte IV, then — encrypted under the journal's key
 * ({@link RecordCipher}, AES-CTR from that IV), since the state holds card numbers — {@link HostState#writeTo}
 * and a CRC32C of it.
 */
public final class StateSnapshot {
    private static final Logger log = LoggerFactory.getLogger(StateSnapshot.class);
    public static final String FILE = "host-state.snapshot";
    private static final int MAGIC = 0x504E5353; // "PNSS"
    private static final int VERSION = 2;

    /** A state read back, as of {@code seq}. */
    public record Loaded(HostState state, long seq) {
    }

    private StateSnapshot() {
    }

    /**
     * Writes {@code state} (as of {@code last}, its last entry, which must be durable) to {@code dir}: to a temporary
     * file first, synced, then moved over the old snapshot, so a crash leaves the old one or the new one whole.
     */
    public static void save(Path dir, HostState state, JournalEntry last, RecordCipher cipher) throws IOException {
        write(dir, state, last, cipher).commit();
    }

    /** A snapshot written to its temporary file, not yet synced nor in place. */
    public static final class Written {
        private final Path dir;
        private final Path tmp;
        private final long seq;

        private Written(Path dir, Path tmp, long seq) {
            this.dir = dir;
            this.tmp = tmp;
            this.seq = seq;
        }

        /** The journal seq it was taken as of. */
        public long seq() {
            return seq;
        }

        /**
         * Syncs the file and moves it over the old snapshot. Needs no lock: it no longer reads the state, and the
         * slow part of a save (the sync) is here, so a running host holds its state only while it is copied out.
         */
        public void commit() throws IOException {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself
            } catch (IOException e) {
                // some file systems cannot sync a directory: the old snapshot, if the rename is lost, is still a valid one
            }
        }
    }

    /**
     * The first half of {@link #save}: {@code state} written (not synced) to the temporary file. The caller holds the
     * state's lock for this half only, then {@link Written#commit}s; one save at a time per directory.
     */
    public static Written write(Path dir, HostState state, JournalEntry last, RecordCipher cipher) throws IOException {
        checkLast(state, last);
        return writeFile(dir, last.seq(), recordCrc(last), cipher, plain -> state.writeTo(new DataOutputStream(plain)));
    }

    /**
     * A running host's snapshot, taken under the state's lock: the state's bytes copied to memory when they come to
     * no more than {@code memoryBytes} (a fraction of a second per million entries less than writing them), else
     * written to the temporary file there and then, as {@link #write} does. Either way {@link Taken#write}, called
     * after the lock is released, finishes the temporary file; then {@link Written#commit}.
     */
    public static Taken take(Path dir, HostState state, JournalEntry last, RecordCipher cipher, long memoryBytes)
            throws IOException {
        return take(dir, state, last, cipher, memoryBytes, Chunks.CHUNK);
    }

    /** {@link #take} copying to memory in arrays of {@code chunkBytes} (tests: many small ones). */
    static Taken take(Path dir, HostState state, JournalEntry last, RecordCipher cipher, long memoryBytes, int chunkBytes)
            throws IOException {
        checkLast(state, last);
        long seq = last.seq();
        int entryCrc = recordCrc(last);
        if (memoryBytes > 0) {
            Chunks copy = new Chunks(memoryBytes, chunkBytes);
            try {
                state.writeTo(new DataOutputStream(copy));
                return new Taken(true, copy.size, () -> writeFile(dir, seq, entryCrc, cipher, copy::writeTo));
            } catch (Chunks.Full full) {
                // past the budget: dropped, and written to the file below while the lock is still held
            }
        }
        CountingOutputStream counted = new CountingOutputStream();
        Written written = writeFile(dir, seq, entryCrc, cipher, plain -> {
            counted.out = plain;
            state.writeTo(new DataOutputStream(counted));
        });
        return new Taken(false, counted.size, () -> written);
    }

    /** What {@link #take} took: the state's bytes in memory, or already in the temporary file. */
    public static final class Taken {
        private final boolean inMemory;
        private final long bytes;
        private final WriteStep rest;

        private Taken(boolean inMemory, long bytes, WriteStep rest) {
            this.inMemory = inMemory;
            this.bytes = bytes;
            this.rest = rest;
        }

        /** True when the state was copied to memory, so the lock was held only for that copy. */
        public boolean inMemory() {
            return inMemory;
        }

        /** The state's bytes (before encryption). */
        public long bytes() {
            return bytes;
        }

        /** Writes the temporary file (from memory), or nothing more when it is written already. */
        public Written write() throws IOException {
            return rest.write();
        }
    }

    private interface WriteStep {
        Written write() throws IOException;
    }

    private interface Body {
        void writeTo(OutputStream plain) throws IOException;
    }

    private static void checkLast(HostState state, JournalEntry last) {
        if (last == null || last.seq() != state.lastSeq()) {
            throw new IllegalArgumentException("a snapshot is taken as of the state's last entry");
        }
    }

    /** The temporary file: header, then {@code body} and its CRC32C encrypted. */
    private static Written writeFile(Path dir, long seq, int entryCrc, RecordCipher cipher, Body body) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
            BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
            DataOutputStream header = new DataOutputStream(buffered);
            header.writeInt(MAGIC);
            header.writeInt(VERSION);
            header.writeLong(seq);
            header.writeInt(entryCrc);
            byte[] iv = new byte[RecordCipher.IV_BYTES];
            new java.security.SecureRandom().nextBytes(iv);
            header.write(iv);
            // buffered before the cipher too: the state's many small writes would each be a cipher call
            BufferedOutputStream plain = new BufferedOutputStream(cipher.encrypting(buffered, iv), 1 << 16);
            body.writeTo(new CheckedOutputStream(plain, crc));
            new DataOutputStream(plain).writeInt((int) crc.getValue());
            // through the cipher (counter mode keeps nothing back) to the file; closing would close the channel
            plain.flush();
        }
        return new Written(dir, tmp, seq);
    }

    /** Bytes kept in memory in large arrays, up to a limit (past it {@link Full} is thrown and they are dropped). */
    private static final class Chunks extends OutputStream {
        /**
         * One G1 region less an array's header: a humongous object, which a young collection never copies (the copy
         * lives while it is encrypted and written, through a collection or two), and which wastes no region.
         */
        private static final int CHUNK = regionBytes() - 64;

        private static int regionBytes() {
            try {
                long region = Long.parseLong(java.lang.management.ManagementFactory
                        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("G1HeapRegionSize").getValue());
                if (region >= 1 << 20 && region <= 1 << 29) {
                    return (int) region;
                }
            } catch (RuntimeException e) {
                // not HotSpot: 1 MiB
            }
            return 1 << 20;
        }

        /** Thrown when the bytes would pass the limit. */
        static final class Full extends IOException {
            Full() {
                super("past the limit");
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this; // a signal, caught right away: no stack to record
            }
        }

        private final long limit;
        private final int chunk;
        private final java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        private byte[] current;
        private int used;
        long size;

        Chunks(long limit, int chunk) {
            this.limit = limit;
            this.chunk = chunk;
            this.used = chunk;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == chunk) {
                next();
            }
            current[used++] = (byte) b;
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == chunk) {
                    next();
                }
                int n = Math.min(len, chunk - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
                size += n;
            }
        }

        private void next() throws Full {
            if ((long) (chunks.size() + 1) * chunk > limit) {
                chunks.clear();
                current = null;
                throw new Full();
            }
            current = new byte[chunk];
            chunks.add(current);
            used = 0;
        }

        void writeTo(OutputStream out) throws IOException {
            for (int i = 0; i < chunks.size(); i++) {
                out.write(chunks.get(i), 0, i == chunks.size() - 1 ? used : chunk);
            }
        }
    }

    /** Counts what passes to {@code out}. */
    private static final class CountingOutputStream extends OutputStream {
        OutputStream out;
        long size;

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            size += len;
        }
    }

    /**
     * The snapshot in {@code dir} if it can be used with this journal and policy, else null (the reason logged).
     *
     * @param journalLastSeq the journal's last durable seq
     * @param journalRead    reads a durable entry of the journal by seq (null when it has none)
     */
    public static Loaded load(Path dir, Duration hold, Duration retention, long journalLastSeq, LongFunction<JournalEntry> journalRead,
            RecordCipher cipher) {
        Path file = dir.resolve(FILE);
        try (InputStream raw = Files.newInputStream(file)) {
            CRC32C crc = new CRC32C();
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            DataInputStream header = new DataInputStream(buffered);
            if (header.readInt() != MAGIC) {
                return ignored(file, "not a state snapshot");
            }
            int version = header.readInt();
            if (version != VERSION) {
                return ignored(file, "snapshot format " + version + ", this host reads " + VERSION);
            }
            long seq = header.readLong();
            int entryCrc = header.readInt();
            // whether it goes with this journal, before reading a state that may be gigabytes
            if (seq > journalLastSeq) {
                return ignored(file, "it is as of seq " + seq + ", past the journal's last entry " + journalLastSeq
                        + " (a journal restored from an older copy?)");
            }
            JournalEntry there = journalRead.apply(seq);
            if (there == null || recordCrc(there) != entryCrc) {
                return ignored(file, "the journal's entry " + seq + " is not the one it was taken after (another journal?)");
            }
            byte[] iv = new byte[RecordCipher.IV_BYTES];
            header.readFully(iv);
            InputStream sealed = new BufferedInputStream(cipher.decrypting(buffered, iv), 1 << 16);
            DataInputStream in = new DataInputStream(new CheckedInputStream(sealed, crc));
            HostState state;
            try {
                state = HostState.readFrom(in, hold, retention);
            } catch (IllegalArgumentException e) {
                return ignored(file, e.getMessage());
            }
            int expected = (int) crc.getValue();
            if (new DataInputStream(sealed).readInt() != expected || sealed.read() != -1) {
                return ignored(file, "its checksum does not match (damaged)");
            }
            if (state.lastSeq() != seq) {
                return ignored(file, "it says seq " + seq + " but holds a state as of " + state.lastSeq());
            }
            return new Loaded(state, seq);
        } catch (NoSuchFileException e) {
            return null;
        } catch (EOFException e) {
            return ignored(file, "it is cut short");
        } catch (IOException | RuntimeException e) {
            return ignored(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Loaded ignored(Path file, String why) {
        log.warn("event=host.state_snapshot_ignored file={} reason=\"{}\" action=\"replaying the whole journal\"", file, why);
        return null;
    }

    private static int recordCrc(JournalEntry e) {
        CRC32C crc = new CRC32C();
        crc.update(JournalRecords.encode(e));
        return (int) crc.getValue();
    }
}
