package org.posnet.host.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.posnet.host.auth.JournalEntry;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.TxnType;

/**
 * The journal's record format, pure (bytes ↔ {@link JournalEntry}). A record is
 * {@code [length u32][CRC32C of body u32][body]}; the body is a version byte then the entry's fields in
 * declaration order: longs and ints big-endian, the instant as epoch second + nano, enums by name, strings
 * as a u16 byte length (0xFFFF = null) and UTF-8. Enum names rather than ordinals, so reordering an enum
 * never changes what an old journal means. Version 1 ends with the detail; version 2 adds the issuer and the
 * acquirer strings after it and is written only for an entry that has one of them (an off-us card's, a remote
 * acquirer's), so a journal of the host's own terminals and cards stays byte for byte what it was and
 * readable by hosts that read version 1 only. Version 3 is version 2 with everything after the seq encrypted
 * ({@link RecordCipher}: the host writes only these); the CRC covers the body as stored, so damage and torn
 * tails are found without the key.
 */
public final class JournalRecords {
    /** Bytes before the body: length and CRC. */
    public static final int HEADER = 8;
    /** Where a record's seq starts: after the header and the body's version byte (read without parsing the body). */
    static final int SEQ_AT = HEADER + 1;
    /** Largest body accepted on read; a longer length is corruption, not an entry. */
    public static final int MAX_BODY = 64 * 1024;
    /** Largest whole record. */
    public static final int MAX_RECORD = HEADER + MAX_BODY;
    private static final byte VERSION_1 = 1;
    private static final byte VERSION_2 = 2;
    private static final byte VERSION_3 = 3;
    /** Where the encrypted part of a version 3 body starts: after the version byte and the seq. */
    private static final int SEALED_FROM = 1 + 8;
    private static final int NULL = 0xFFFF;

    private JournalRecords() {
    }

    /** Per thread, to encode into before the record is copied out at its size (kept only while small). */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));

    /**
     * One whole record.
     *
     * @throws IllegalArgumentException when the entry does not fit a record (a string over 65,534 bytes, or a
     *                                  body over {@link #MAX_BODY})
     */
    public static byte[] encode(JournalEntry e) {
        return encode(e, null);
    }

    /** One whole record, version 3 (encrypted) with a {@code cipher}, else version 1 or 2 (clear). */
    public static byte[] encode(JournalEntry e, RecordCipher cipher) {
        int size = maxSize(e);
        ByteBuffer b = SCRATCH.get();
        if (b.capacity() < size) {
            b = ByteBuffer.allocate(size);
            if (size <= 4 * MAX_RECORD) {
                SCRATCH.set(b);
            }
        }
        b.clear();
        write(e, b, cipher);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Appends one whole record at the buffer's position; the buffer must have room (see {@link #maxSize}). */
    public static void write(JournalEntry e, ByteBuffer out) {
        write(e, out, null);
    }

    private static void write(JournalEntry e, ByteBuffer out, RecordCipher cipher) {
        int start = out.position();
        out.position(start + HEADER);
        boolean v2 = cipher != null || e.issuer() != null || e.acquirer() != null;
        out.put(cipher != null ? VERSION_3 : v2 ? VERSION_2 : VERSION_1);
        out.putLong(e.seq());
        out.putLong(e.at().getEpochSecond());
        out.putInt(e.at().getNano());
        string(out, e.type().name());
        string(out, e.reason().name());
        string(out, e.responseCode());
        string(out, e.terminal());
        string(out, e.merchant());
        string(out, e.mti());
        string(out, e.batch());
        string(out, e.trace());
        string(out, e.pan());
        out.putLong(e.amountFen());
        string(out, e.rrn());
        string(out, e.authCode());
        out.putLong(e.originalSeq());
        out.putInt(e.pinTries());
        string(out, e.fingerprint());
        string(out, e.detail());
        if (v2) {
            string(out, e.issuer());
            string(out, e.acquirer());
        }
        int end = out.position();
        int bodyLength = end - start - HEADER;
        if (bodyLength > MAX_BODY) {
            // written, it would read back as corruption and stop the next start; refused, it fails the journal now
            out.position(start);
            throw new IllegalArgumentException("a journal record of " + bodyLength + " bytes is over " + MAX_BODY + " (seq "
                    + e.seq() + ")");
        }
        if (cipher != null) {
            if (!out.hasArray()) {
                throw new IllegalArgumentException("an encrypted record must be written into a heap buffer");
            }
            int sealed = out.arrayOffset() + start + HEADER + SEALED_FROM;
            cipher.apply(e.seq(), out.array(), sealed, bodyLength - SEALED_FROM);
        }
        CRC32C crc = new CRC32C();
        if (out.hasArray()) {
            crc.update(out.array(), out.arrayOffset() + start + HEADER, bodyLength);
        } else {
            crc.update(out.duplicate().position(start + HEADER).limit(end));
        }
        out.putInt(start, bodyLength);
        out.putInt(start + 4, (int) crc.getValue());
    }

    /** An upper bound of the record's size, to size buffers (strings at 3 bytes a char). */
    public static int maxSize(JournalEntry e) {
        return HEADER + 1 + 8 + 8 + 4 + 8 + 8 + 4 + 13 * 2
                + 3 * (e.type().name().length() + e.reason().name().length() + len(e.responseCode()) + len(e.terminal())
                + len(e.merchant()) + len(e.mti()) + len(e.batch()) + len(e.trace()) + len(e.pan()) + len(e.rrn())
                + len(e.authCode()) + len(e.fingerprint()) + len(e.detail()) + len(e.issuer()) + len(e.acquirer()));
    }

    /**
     * Reads the body of one record (after its header was checked by the caller).
     *
     * @throws IllegalArgumentException when the body does not parse as an entry
     */
    public static JournalEntry read(ByteBuffer body) {
        return read(body, null);
    }

    /**
     * Reads the body of one record, decrypting a version 3 one with {@code cipher}.
     *
     * @throws IllegalArgumentException when the body does not parse as an entry, or is encrypted and there is no cipher
     */
    public static JournalEntry read(ByteBuffer body, RecordCipher cipher) {
        try {
            byte version = body.get();
            if (version < VERSION_1 || version > VERSION_3) {
                throw new IllegalArgumentException("record version " + version + " is not " + VERSION_1 + ", " + VERSION_2 + " or "
                        + VERSION_3);
            }
            long seq = body.getLong();
            if (version == VERSION_3) {
                if (cipher == null) {
                    throw new IllegalArgumentException("record " + seq + " is encrypted, and this journal was opened without its key");
                }
                byte[] clear = new byte[body.remaining()];
                body.get(clear);
                cipher.apply(seq, clear, 0, clear.length);
                body = ByteBuffer.wrap(clear);
                version = VERSION_2;
            }
            Instant at = Instant.ofEpochSecond(body.getLong(), body.getInt());
            TxnType type = TxnType.valueOf(string(body));
            Reason reason = Reason.valueOf(string(body));
            JournalEntry e = new JournalEntry(seq, at, type, reason, string(body), string(body), string(body), string(body),
                    string(body), string(body), string(body), body.getLong(), string(body), string(body), body.getLong(),
                    body.getInt(), string(body), string(body), version == VERSION_2 ? string(body) : null,
                    version == VERSION_2 ? string(body) : null);
            if (body.hasRemaining()) {
                throw new IllegalArgumentException(body.remaining() + " bytes after the entry");
            }
            return e;
        } catch (BufferUnderflowException | NullPointerException e) {
            throw new IllegalArgumentException("record ends inside an entry");
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("record holds an impossible time: " + e.getMessage());
        }
    }

    /** The CRC32C the header must carry for this body. */
    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }

    private static void string(ByteBuffer out, String s) {
        if (s == null) {
            out.putShort((short) NULL);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= NULL) {
            throw new IllegalArgumentException("a journal field of " + b.length + " bytes is too long");
        }
        out.putShort((short) b.length);
        out.put(b);
    }

    private static String string(ByteBuffer in) {
        int n = in.getShort() & 0xFFFF;
        if (n == NULL) {
            return null;
        }
        if (n > in.remaining()) {
            throw new IllegalArgumentException("a string of " + n + " bytes runs past the record");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
