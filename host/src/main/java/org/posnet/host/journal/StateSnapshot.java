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
        private final long bytes;

        private Written(Path dir, Path tmp, long seq, long bytes) {
            this.dir = dir;
            this.tmp = tmp;
            this.seq = seq;
            this.bytes = bytes;
        }

        /** The journal seq it was taken as of. */
        public long seq() {
            return seq;
        }

        /** The file's size. */
        public long bytes() {
            return bytes;
        }

        /** Syncs the file and moves it over the old snapshot. Needs no lock: it no longer reads the state. */
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
     * The first half of {@link #save}: {@code state} taken and written (not synced) to the temporary file, under the
     * caller's lock; then {@link Written#commit}. One save at a time per directory.
     */
    public static Written write(Path dir, HostState state, JournalEntry last, RecordCipher cipher) throws IOException {
        return take(state, last).write(dir, cipher);
    }

    /**
     * A running host's snapshot, taken under the state's lock: the state frozen ({@link HostState#freeze}), which
     * copies only its small parts, so the lock is held briefly. {@link Taken#write} then writes the temporary file
     * without the lock while the state goes on, and {@link Written#commit} puts it in place.
     */
    public static Taken take(HostState state, JournalEntry last) throws IOException {
        if (last == null || last.seq() != state.lastSeq()) {
            throw new IllegalArgumentException("a snapshot is taken as of the state's last entry");
        }
        return new Taken(state.freeze(), last.seq(), recordCrc(last));
    }

    /** A state {@link #take}n, to be written from any thread. */
    public static final class Taken {
        private final HostState.Frozen state;
        private final long seq;
        private final int entryCrc;

        private Taken(HostState.Frozen state, long seq, int entryCrc) {
            this.state = state;
            this.seq = seq;
            this.entryCrc = entryCrc;
        }

        /** The temporary file in {@code dir}: header, then the state and its CRC32C encrypted. */
        public Written write(Path dir, RecordCipher cipher) throws IOException {
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
                state.writeTo(new DataOutputStream(new CheckedOutputStream(plain, crc)));
                new DataOutputStream(plain).writeInt((int) crc.getValue());
                // through the cipher (counter mode keeps nothing back) to the file; closing would close the channel
                plain.flush();
                return new Written(dir, tmp, seq, channel.size());
            }
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
