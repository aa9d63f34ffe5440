package org.posnet.host.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.crypto.SealException;

/**
 * Keeps the journal's records unreadable at rest (card numbers, replies): AES-256 in counter mode under the
 * journal's own data key, the keystream of an entry's record being AES(seq ‖ block number) — unique, since a
 * journal gives each seq once and each journal has its own key. The key is random, made when the journal is,
 * and kept beside it in {@value #FILE} sealed under the master key (LMK), so the journal directory alone
 * discloses nothing and is unreadable without the LMK; back the two up together with the journal.
 * No integrity: the records' CRC finds damage, as before; this is about disclosure.
 */
public final class RecordCipher {
    public static final String FILE = "journal.key";
    private static final int KEY_BYTES = 32;
    private static final int BLOCK = 16;

    private final SecretKeySpec key;
    /** Made by this start (there was no key file): encrypted records found now were written under another key. */
    private final boolean fresh;
    /** One ECB cipher per thread: the counter blocks go through it in one call, without a re-init per record. */
    private final ThreadLocal<Cipher> ecb;
    private final ThreadLocal<byte[][]> scratch = ThreadLocal.withInitial(() -> new byte[][] {new byte[1024], new byte[1024]});

    RecordCipher(byte[] keyBytes) {
        this(keyBytes, false);
    }

    private RecordCipher(byte[] keyBytes, boolean fresh) {
        this.fresh = fresh;
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a journal key is " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
        this.ecb = ThreadLocal.withInitial(this::newCipher);
    }

    /**
     * The key of the journal in {@code dir}: read from its {@value #FILE}, or made and written there (synced) for
     * a journal that has none yet.
     *
     * @throws IllegalStateException when the file is damaged or was sealed under another master key
     */
    public static RecordCipher openOrCreate(Path dir, MasterKey lmk) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file);
            if (fresh) {
                create(dir, file, lmk);
            }
            byte[] bytes = lmk.openBytes(Files.readString(file, StandardCharsets.US_ASCII).trim());
            try {
                return new RecordCipher(bytes, fresh);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("host journal key " + file + ": " + e.getMessage(), e);
        } catch (SealException | IllegalArgumentException e) {
            throw new IllegalStateException("host journal key " + file + " cannot be opened (" + e.getMessage() + "): the journal"
                    + " was written under another master key, or the file is damaged; restore it with the journal from the backup", e);
        }
    }

    /**
     * Writes a new key whole and synced under a name of its own, then links it in as {@value #FILE} only if there is
     * none yet: a second process starting on the same new journal (which its lock then refuses) never replaces the
     * key the first one writes under.
     */
    private static void create(Path dir, Path file, MasterKey lmk) throws IOException {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        Path tmp = Files.createTempFile(dir, FILE, ".tmp");
        try {
            Files.writeString(tmp, lmk.seal(fresh) + "\n", StandardCharsets.US_ASCII);
            try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (java.nio.file.FileAlreadyExistsException someoneElse) {
                return; // theirs is the key
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file); // no replacing either (without REPLACE_EXISTING)
            }
            try (var d = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // a file system that cannot sync a directory: a lost link only loses a key no record was written under
            }
        } catch (java.nio.file.FileAlreadyExistsException someoneElse) {
            // the move found one: theirs is the key
        } finally {
            Files.deleteIfExists(tmp);
            Arrays.fill(fresh, (byte) 0);
        }
    }

    /** True when this start made the key: the directory had none, so any encrypted record in it was not written under it. */
    boolean fresh() {
        return fresh;
    }

    /** XORs {@code bytes[from, from + length)} with entry {@code seq}'s keystream: encrypts, and decrypts again. */
    void apply(long seq, byte[] bytes, int from, int length) {
        int blocks = (length + BLOCK - 1) / BLOCK;
        byte[][] s = scratch.get();
        if (s[0].length < blocks * BLOCK) {
            s[0] = new byte[blocks * BLOCK];
            s[1] = new byte[blocks * BLOCK];
        }
        byte[] counters = s[0];
        byte[] stream = s[1];
        for (int b = 0; b < blocks; b++) {
            int at = b * BLOCK;
            putLong(counters, at, seq);
            putLong(counters, at + 8, b);
        }
        try {
            ecb.get().update(counters, 0, blocks * BLOCK, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable in this JVM", e);
        }
        for (int i = 0; i < length; i++) {
            bytes[from + i] ^= stream[i];
        }
    }

    /** Bytes of the random IV a stream ({@link #encrypting}) starts from. */
    static final int IV_BYTES = 16;

    /** Writes to {@code out} encrypted: AES-CTR from {@code iv} (random, stored in clear by the caller). */
    java.io.OutputStream encrypting(java.io.OutputStream out, byte[] iv) {
        return new javax.crypto.CipherOutputStream(out, ctr(Cipher.ENCRYPT_MODE, iv));
    }

    /** Reads from {@code in} what {@link #encrypting} wrote with {@code iv}. */
    java.io.InputStream decrypting(java.io.InputStream in, byte[] iv) {
        return new javax.crypto.CipherInputStream(in, ctr(Cipher.DECRYPT_MODE, iv));
    }

    private Cipher ctr(int mode, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, key, new javax.crypto.spec.IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable in this JVM", e);
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private Cipher newCipher() {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable in this JVM", e);
        }
    }

    /** For tests: a cipher under a fresh random key. */
    static RecordCipher random() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return new RecordCipher(k);
    }
}
