package org.posnet.host.iso;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes ↔ {@link IsoFrame}/{@link IsoMessage} for one {@link Dialect}. Pure and thread-safe: no I/O,
 * no clock, no state beyond the dialect (and caches of immutable values, see {@link #lastHeader}).
 *
 * <p>Decoding is strict: lengths over the dialect's maximum, bad BCD, wrong padding nibbles, bytes
 * left over, fields the dialect does not define — each becomes one {@link IsoDecodeException} naming
 * the field and offset. Encoding checks the same rules and throws {@link IsoEncodeException}.
 *
 * <p>It runs for every message of every terminal, so it works on the message's arrays directly: encoding
 * checks and writes each field in one pass into a per-thread buffer and copies the result out once;
 * decoding reads the input in place and makes one String or byte[] per field.
 */
public final class IsoCodec {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);
    /** MTI strings by value, made once each: a link only ever sees a handful. */
    private static final String[] MTIS = new String[10_000];

    private final Dialect dialect;
    /** The dialect's field specs by number, 0..128. */
    private final FieldSpec[] specs = new FieldSpec[129];
    /** The header of the last frame decoded: terminals of a fleet send the same one, so it is usually reused. */
    private MessageHeader lastHeader;

    public IsoCodec(Dialect dialect) {
        if (dialect == null) {
            throw new IllegalArgumentException("dialect is required");
        }
        this.dialect = dialect;
        for (int n = 0; n < specs.length; n++) {
            specs[n] = dialect.field(n);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    // ---------------------------------------------------------------- encode

    /** The whole frame: length prefix, TPDU, header, message. */
    public byte[] encode(IsoFrame frame) {
        int head = headBytes();
        byte[] known = frame.message().encoding(dialect);
        if (known != null) {
            byte[] out = new byte[head + known.length];
            System.arraycopy(known, 0, out, head, known.length);
            writeHead(frame, out, known.length);
            return out;
        }
        Buffer buffer = BUFFER.get();
        int end = write(frame.message(), false, buffer, head);
        byte[] out = buffer.copy(0, end);
        writeHead(frame, out, end - head);
        return out;
    }

    /** Computes a MAC over a MAC block (see {@link #macBlock}); the HSM's MAC command. */
    public interface MacFunction {
        byte[] mac(byte[] macBlock) throws Exception;
    }

    /**
     * The whole frame with field 64 set to the MAC of its own MAC block, encoding the message once: the
     * MAC block is exactly the encoded message up to its last 8 bytes when 64 is the last field (no
     * secondary bitmap) and an 8-byte binary field, as in every UnionPay-style dialect. Other dialects take
     * the long way. The frame's message must not carry 64 already.
     */
    public byte[] encodeWithMac(IsoFrame frame, MacFunction mac) throws Exception {
        IsoMessage m = frame.message();
        boolean inPlace = macAtTheEnd() && m.high() == 0 && m.low() >>> 63 == 0;
        if (!inPlace) {
            IsoMessage signed = m.with(64, mac.mac(macBlock(m)));
            return encode(new IsoFrame(frame.tpdu(), frame.header(), signed));
        }
        // no field from 64 on: the MAC block is the message with bit 64 set, and the 8 MAC bytes follow it
        Buffer buffer = BUFFER.get();
        int head = headBytes();
        int end = write(m, true, buffer, head);
        buffer.room(end, 8);
        // the buffer is done with before the MAC function runs, which may encode on this thread too
        byte[] out = buffer.copy(0, end + 8);
        byte[] code = mac.mac(Arrays.copyOfRange(out, head, end));
        if (code.length != 8) {
            throw new IsoEncodeException(64, "a MAC of " + code.length + " bytes, not 8");
        }
        System.arraycopy(code, 0, out, end, 8);
        writeHead(frame, out, end - head + 8);
        return out;
    }

    /**
     * The message of a frame {@link #encodeWithMac} made, as {@link #encode(IsoMessage)} gives it without
     * field 64 (MAC cut off, bit 64 cleared), or null when this dialect does not allow taking it apart so.
     */
    public byte[] unsignedMessage(byte[] wire) {
        int at = headBytes();
        if (!macAtTheEnd() || wire.length < at + 2 + 8 + 8 || (wire[at + 2] & 0x80) != 0 || (wire[at + 2 + 7] & 0x01) == 0) {
            return null;
        }
        byte[] m = Arrays.copyOfRange(wire, at, wire.length - 8);
        m[2 + 7] &= (byte) 0xFE;
        return m;
    }

    /** Whether field 64 is 8 fixed bytes, so that as the last field it is the last 8 bytes of a message. */
    private boolean macAtTheEnd() {
        FieldSpec f64 = specs[64];
        return f64 != null && f64.type() == FieldType.BINARY && f64.length() == LengthKind.FIXED && f64.max() == 8;
    }

    private int headBytes() {
        Framing f = dialect.framing();
        return f.lengthBytes() + f.tpduBytes() + f.headerBytes();
    }

    /** Length prefix, TPDU and header in front of a message of {@code length} bytes already in place. */
    private void writeHead(IsoFrame frame, byte[] out, int length) {
        Framing f = dialect.framing();
        int counted = length + (f.lengthCountsTpduAndHeader() ? f.tpduBytes() + f.headerBytes() : 0);
        if (counted > f.maxLength()) {
            throw new IsoEncodeException(IsoDecodeException.FRAME, "frame of " + counted + " bytes exceeds " + f.maxLength());
        }
        out[0] = (byte) (counted >> 8);
        out[1] = (byte) counted;
        Tpdu t = frame.tpdu();
        out[2] = (byte) t.id();
        out[3] = (byte) (t.destination() >> 8);
        out[4] = (byte) t.destination();
        out[5] = (byte) (t.source() >> 8);
        out[6] = (byte) t.source();
        String header = frame.header().digits();
        for (int i = 0; i < 12; i += 2) {
            out[7 + i / 2] = (byte) ((header.charAt(i) - '0') << 4 | header.charAt(i + 1) - '0');
        }
    }

    /** The message alone: MTI, bitmap(s), fields. */
    public byte[] encode(IsoMessage message) {
        byte[] known = message.encoding(dialect);
        if (known != null) {
            return known.clone();
        }
        Buffer buffer = BUFFER.get();
        return buffer.copy(0, write(message, false, buffer, 0));
    }

    /**
     * The bytes a MAC is computed over: MTI through field 63, with bit 64 set in the bitmap as it will be
     * in the message that carries the MAC (UnionPay ECB MAC, X9.9, X9.19 all use this block).
     */
    public byte[] macBlock(IsoMessage message) {
        byte[] known = message.encoding(dialect);
        if (known != null && message.high() == 0) {
            // a decoded request: its own bytes, less the MAC when 64 is the fixed 8 bytes at the end
            if (!message.has(64)) {
                byte[] block = known.clone();
                block[2 + 7] |= 0x01;
                return block;
            }
            if (macAtTheEnd()) {
                return Arrays.copyOf(known, known.length - 8);
            }
        }
        Buffer buffer = BUFFER.get();
        return buffer.copy(0, write(message, true, buffer, 0));
    }

    /**
     * Writes the message into the buffer from {@code at}, checking every field against the dialect in field
     * order as it goes; returns where it ended. For a MAC block ({@code macBlock}) bit 64 is set and only
     * the fields below 64 are written.
     */
    private int write(IsoMessage m, boolean macBlock, Buffer buffer, int at) {
        long low = m.low();
        long high = m.high();
        byte[] out = buffer.room(at, 18);
        String mti = m.mti();
        out[at] = (byte) ((mti.charAt(0) - '0') << 4 | mti.charAt(1) - '0');
        out[at + 1] = (byte) ((mti.charAt(2) - '0') << 4 | mti.charAt(3) - '0');
        // bit n - 1 of the words is field n; on the wire field 1 is the top bit of the first byte
        long primary = low | (high != 0 ? 1L : 0L) | (macBlock ? 1L << 63 : 0L);
        writeLong(out, at + 2, Long.reverse(primary));
        int pos = at + 10;
        if (high != 0) {
            writeLong(out, pos, Long.reverse(high));
            pos += 8;
        }
        Object[] values = m.values();
        int i = 0;
        for (long bits = low; bits != 0; bits &= bits - 1, i++) {
            int n = Long.numberOfTrailingZeros(bits) + 1;
            if (macBlock && n > 63) {
                return pos;
            }
            pos = writeField(spec(n), values[i], buffer, pos);
        }
        if (macBlock) {
            return pos;
        }
        for (long bits = high; bits != 0; bits &= bits - 1, i++) {
            pos = writeField(spec(Long.numberOfTrailingZeros(bits) + 65), values[i], buffer, pos);
        }
        return pos;
    }

    private FieldSpec spec(int n) {
        FieldSpec spec = specs[n];
        if (spec == null) {
            throw new IsoEncodeException(n, "not defined in dialect " + dialect.name());
        }
        return spec;
    }

    private static void writeLong(byte[] out, int at, long v) {
        for (int k = 7; k >= 0; k--) {
            out[at + k] = (byte) v;
            v >>>= 8;
        }
    }

    /**
     * Checks one field and writes it at {@code pos}; returns the position after it. The checks run in the
     * order the messages promise: value type, characters, sub-fields, length. The content is written as the
     * characters are checked, after room for the prefix, which is filled in once the length passed.
     */
    private static int writeField(FieldSpec spec, Object value, Buffer buffer, int pos) {
        int n = spec.number();
        int prefix = spec.length().prefixBytes();
        int at = pos + prefix;
        int length;
        int end;
        if (spec.type() == FieldType.BINARY) {
            if (!(value instanceof byte[] b)) {
                throw new IsoEncodeException(n, "is binary; give it a byte[]");
            }
            length = b.length;
            byte[] out = buffer.room(at, length);
            System.arraycopy(b, 0, out, at, length);
            end = at + length;
        } else {
            if (!(value instanceof String s)) {
                throw new IsoEncodeException(n, "is " + spec.type().code() + "; give it a String");
            }
            length = s.length();
            byte[] out = buffer.room(at, length);
            end = switch (spec.type()) {
                case NUMERIC -> packDigits(s, spec.padding(), out, at);
                case TRACK -> packNibbles(s, spec.padding(), out, at);
                default -> copyAscii(s, out, at);
            };
            if (end < 0) {
                throw new IsoEncodeException(n, "character at position " + (-end - 1) + " is not allowed in a '"
                        + spec.type().code() + "' field");
            }
            if (spec.subfields() != null) {
                try {
                    spec.subfields().check(n, length);
                } catch (IllegalArgumentException e) {
                    throw new IsoEncodeException(n, e.getMessage());
                }
            }
        }
        if (prefix == 0) {
            if (length != spec.max()) {
                throw new IsoEncodeException(n, "fixed length " + spec.max() + ", got " + length);
            }
            return end;
        }
        if (length > spec.max()) {
            throw new IsoEncodeException(n, "length " + length + " exceeds max " + spec.max());
        }
        writePrefix(spec.prefix(), prefix, length, buffer.bytes, pos);
        return end;
    }

    /** Packs decimal digits two to a byte; returns the end, or -1 - i when character i is not a digit. */
    private static int packDigits(String s, Padding padding, byte[] out, int pos) {
        int n = s.length();
        int i = 0;
        if ((n & 1) == 1 && padding.side() == Padding.Side.LEFT) {
            int d = s.charAt(0) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            out[pos++] = (byte) (padding.nibble() << 4 | d);
            i = 1;
        }
        for (; i + 1 < n; i += 2) {
            int hi = s.charAt(i) - '0';
            int lo = s.charAt(i + 1) - '0';
            if ((hi | lo | 9 - hi | 9 - lo) < 0) {
                return -1 - (hi < 0 || hi > 9 ? i : i + 1);
            }
            out[pos++] = (byte) (hi << 4 | lo);
        }
        if (i < n) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1 - i;
            }
            out[pos++] = (byte) (d << 4 | padding.nibble());
        }
        return pos;
    }

    /** Packs hex nibble characters (track data: digits, the D separator, ciphertext); like {@link #packDigits}. */
    private static int packNibbles(String s, Padding padding, byte[] out, int pos) {
        int n = s.length();
        int i = 0;
        if ((n & 1) == 1 && padding.side() == Padding.Side.LEFT) {
            int d = Bcd.nibble(s.charAt(0));
            if (d < 0) {
                return -1;
            }
            out[pos++] = (byte) (padding.nibble() << 4 | d);
            i = 1;
        }
        for (; i + 1 < n; i += 2) {
            int hi = Bcd.nibble(s.charAt(i));
            int lo = Bcd.nibble(s.charAt(i + 1));
            if ((hi | lo) < 0) {
                return -1 - (hi < 0 ? i : i + 1);
            }
            out[pos++] = (byte) (hi << 4 | lo);
        }
        if (i < n) {
            int d = Bcd.nibble(s.charAt(i));
            if (d < 0) {
                return -1 - i;
            }
            out[pos++] = (byte) (d << 4 | padding.nibble());
        }
        return pos;
    }

    /** Copies printable ASCII; returns the end, or -1 - i when character i is not printable ASCII. */
    private static int copyAscii(String s, byte[] out, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return -1 - i;
            }
            out[pos + i] = (byte) c;
        }
        return pos + n;
    }

    private static void writePrefix(PrefixEncoding encoding, int bytes, int length, byte[] out, int pos) {
        if (encoding == PrefixEncoding.BCD) {
            for (int k = bytes - 1; k >= 0; k--) {
                int lo = length % 10;
                length /= 10;
                out[pos + k] = (byte) ((length % 10) << 4 | lo);
                length /= 10;
            }
        } else if (bytes == 1) {
            out[pos] = (byte) length;
        } else {
            out[pos] = (byte) (length >> 8);
            out[pos + 1] = (byte) length;
        }
    }

    /**
     * A thread's encoding buffer: a message is written here once, checked as it goes, then copied out at
     * its exact size, instead of being measured first or grown in a stream. Decoding unpacks digits here
     * before they become a String.
     */
    private static final class Buffer {
        /** Bigger than any POS message; a larger one gets a larger array for that message only. */
        private static final int SIZE = 2048;

        byte[] bytes = new byte[SIZE];

        /** The array, with room for {@code count} more bytes from {@code pos}. */
        byte[] room(int pos, int count) {
            if (count > bytes.length - pos) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + count));
            }
            return bytes;
        }

        /** A copy of bytes {@code from..to}, as the result of an encode; a grown array is dropped afterwards. */
        byte[] copy(int from, int to) {
            byte[] out = Arrays.copyOfRange(bytes, from, to);
            if (bytes.length > SIZE) {
                bytes = new byte[SIZE];
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- decode

    /** A whole frame, exactly: the length prefix must match the bytes given. */
    public IsoFrame decode(byte[] frame) throws IsoDecodeException {
        if (frame == null) {
            throw new IsoDecodeException(IsoDecodeException.FRAME, 0, "no bytes");
        }
        Framing f = dialect.framing();
        Cursor in = new Cursor(frame, 0, frame.length);
        in.need(f.lengthBytes(), IsoDecodeException.FRAME, "length prefix");
        int declared = (frame[0] & 0xFF) << 8 | frame[1] & 0xFF;
        int expected = declared + (f.lengthCountsTpduAndHeader() ? 0 : f.tpduBytes() + f.headerBytes());
        if (expected != frame.length - f.lengthBytes()) {
            throw new IsoDecodeException(IsoDecodeException.FRAME, 0, "length prefix says " + declared + " but "
                    + (frame.length - f.lengthBytes()) + " bytes follow");
        }
        in.pos += f.lengthBytes();
        int tpduAt = in.pos;
        in.need(f.tpduBytes(), IsoDecodeException.FRAME, "TPDU");
        in.pos += f.tpduBytes();
        int headerAt = in.pos;
        in.need(f.headerBytes(), IsoDecodeException.FRAME, "header");
        in.pos += f.headerBytes();
        MessageHeader header = header(frame, headerAt);
        IsoMessage message = decodeMessage(in);
        return new IsoFrame(Tpdu.fromBytes(frame, tpduAt), header, message);
    }

    /** The 12-digit header at {@code at}; the last one decoded again when the digits are the same. */
    private MessageHeader header(byte[] data, int at) throws IsoDecodeException {
        for (int k = 0; k < 6; k++) {
            int b = data[at + k];
            if ((b >> 4 & 0xF) > 9) {
                throw notBcd(IsoDecodeException.FRAME, at + k, b >> 4);
            }
            if ((b & 0xF) > 9) {
                throw notBcd(IsoDecodeException.FRAME, at + k, b);
            }
        }
        MessageHeader last = lastHeader;
        if (last != null && sameDigits(last.digits(), data, at)) {
            return last;
        }
        byte[] digits = new byte[12];
        for (int k = 0; k < 6; k++) {
            digits[2 * k] = (byte) ('0' + (data[at + k] >> 4 & 0xF));
            digits[2 * k + 1] = (byte) ('0' + (data[at + k] & 0xF));
        }
        MessageHeader header = new MessageHeader(new String(digits, StandardCharsets.ISO_8859_1));
        lastHeader = header; // a record of final fields: safe to hand to another thread through this plain field
        return header;
    }

    private static boolean sameDigits(String digits, byte[] data, int at) {
        for (int k = 0; k < 6; k++) {
            if (digits.charAt(2 * k) != '0' + (data[at + k] >> 4 & 0xF)
                    || digits.charAt(2 * k + 1) != '0' + (data[at + k] & 0xF)) {
                return false;
            }
        }
        return true;
    }

    /** A message alone (MTI onwards), e.g. from a link without TPDU. */
    public IsoMessage decodeMessage(byte[] message) throws IsoDecodeException {
        if (message == null) {
            throw new IsoDecodeException(IsoDecodeException.MTI, 0, "no bytes");
        }
        return decodeMessage(new Cursor(message, 0, message.length));
    }

    private IsoMessage decodeMessage(Cursor in) throws IsoDecodeException {
        byte[] data = in.data;
        int from = in.pos;
        in.need(2, IsoDecodeException.MTI, "MTI");
        String mti = mti(data, in.pos);
        in.pos += 2;
        in.need(8, IsoDecodeException.BITMAP, "primary bitmap");
        long low = Long.reverse(readLong(data, in.pos));
        in.pos += 8;
        long high = 0;
        boolean secondary = (low & 1) != 0;
        if (secondary) {
            in.need(8, IsoDecodeException.BITMAP, "secondary bitmap");
            high = Long.reverse(readLong(data, in.pos));
            in.pos += 8;
            low &= ~1L; // field 1 is the bitmap itself, never a value
        }
        Object[] values = new Object[Long.bitCount(low) + Long.bitCount(high)];
        int i = 0;
        for (long bits = low; bits != 0; bits &= bits - 1) {
            values[i++] = decodeField(Long.numberOfTrailingZeros(bits) + 1, in);
        }
        if ((high & 1) != 0) {
            // bit 65 would announce a tertiary bitmap, which no POS dialect uses
            throw new IsoDecodeException(65, in.pos, "tertiary bitmap is not supported");
        }
        for (long bits = high; bits != 0; bits &= bits - 1) {
            values[i++] = decodeField(Long.numberOfTrailingZeros(bits) + 65, in);
        }
        if (in.remaining() != 0) {
            throw new IsoDecodeException(IsoDecodeException.FRAME, in.pos, in.remaining()
                    + " bytes after the last field in the bitmap");
        }
        if (secondary && high == 0) {
            // an empty secondary bitmap: encoding leaves it out, so these bytes are not the message's encoding
            return new IsoMessage(mti, low, high, values);
        }
        return new IsoMessage(mti, low, high, values, Arrays.copyOfRange(data, from, in.pos), dialect);
    }

    private static long readLong(byte[] data, int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = v << 8 | data[at + k] & 0xFF;
        }
        return v;
    }

    private static String mti(byte[] data, int at) throws IsoDecodeException {
        int value = 0;
        for (int k = 0; k < 2; k++) {
            int b = data[at + k];
            int hi = b >> 4 & 0xF;
            int lo = b & 0xF;
            if (hi > 9) {
                throw notBcd(IsoDecodeException.MTI, at + k, hi);
            }
            if (lo > 9) {
                throw notBcd(IsoDecodeException.MTI, at + k, lo);
            }
            value = value * 100 + hi * 10 + lo;
        }
        String mti = MTIS[value];
        if (mti == null) {
            mti = new String(new char[] {(char) ('0' + value / 1000), (char) ('0' + value / 100 % 10),
                (char) ('0' + value / 10 % 10), (char) ('0' + value % 10)});
            MTIS[value] = mti; // Strings are immutable: a thread that misses this just makes its own
        }
        return mti;
    }

    private Object decodeField(int n, Cursor in) throws IsoDecodeException {
        FieldSpec spec = specs[n];
        if (spec == null) {
            throw new IsoDecodeException(n, in.pos, "present in the bitmap but not defined in dialect " + dialect.name());
        }
        byte[] data = in.data;
        int fieldAt = in.pos;
        int length = spec.length() == LengthKind.FIXED ? spec.max() : readPrefix(spec, in);
        int at = in.pos;
        switch (spec.type()) {
            case BINARY -> {
                in.need(length, n, "content");
                in.pos += length;
                return Arrays.copyOfRange(data, at, at + length);
            }
            case ASCII -> {
                in.need(length, n, "content");
                for (int i = 0; i < length; i++) {
                    byte b = data[at + i];
                    if (b < 0x20 || b > 0x7E) {
                        throw new IsoDecodeException(n, at + i, "byte " + String.format("%02X", b & 0xFF)
                                + " is not printable ASCII");
                    }
                }
                in.pos += length;
                return new String(data, at, length, StandardCharsets.ISO_8859_1);
            }
            default -> {
                int bytes = (length + 1) / 2;
                in.need(bytes, n, "content");
                String s = unpack(in, length, spec.padding(), spec.type() == FieldType.NUMERIC, n);
                in.pos += bytes;
                if (spec.subfields() != null) {
                    try {
                        spec.subfields().check(n, length);
                    } catch (IllegalArgumentException e) {
                        throw new IsoDecodeException(n, fieldAt, e.getMessage());
                    }
                }
                return s;
            }
        }
    }

    private static int readPrefix(FieldSpec spec, Cursor in) throws IsoDecodeException {
        int n = spec.number();
        int at = in.pos;
        int bytes = spec.length().prefixBytes();
        in.need(bytes, n, "length prefix");
        byte[] data = in.data;
        int length = 0;
        if (spec.prefix() == PrefixEncoding.BCD) {
            for (int k = 0; k < bytes; k++) {
                int b = data[at + k];
                int hi = b >> 4 & 0xF;
                int lo = b & 0xF;
                if (hi > 9) {
                    throw notBcd(n, at + k, hi);
                }
                if (lo > 9) {
                    throw notBcd(n, at + k, lo);
                }
                length = length * 100 + hi * 10 + lo;
            }
        } else {
            for (int k = 0; k < bytes; k++) {
                length = length << 8 | data[at + k] & 0xFF;
            }
        }
        in.pos += bytes;
        if (length > spec.max()) {
            throw new IsoDecodeException(n, at, "length " + length + " exceeds max " + spec.max());
        }
        return length;
    }

    /**
     * Unpacks {@code digits} nibbles at the cursor; the filler nibble of an odd count must be the dialect's,
     * so a misaligned or foreign field is caught instead of read as data.
     */
    private static String unpack(Cursor in, int digits, Padding padding, boolean numeric, int field)
            throws IsoDecodeException {
        byte[] data = in.data;
        int at = in.pos;
        boolean odd = (digits & 1) == 1;
        boolean left = odd && padding.side() == Padding.Side.LEFT;
        if (odd) {
            int fillerAt = left ? at : at + digits / 2;
            int filler = left ? data[fillerAt] >> 4 & 0xF : data[fillerAt] & 0xF;
            if (filler != padding.nibble()) {
                throw new IsoDecodeException(field, fillerAt, "padding nibble " + Bcd.character(filler)
                        + " where " + Bcd.character(padding.nibble()) + " was expected");
            }
        }
        byte[] out = in.scratch(digits);
        // byte by byte; v + 6 carries into bit 4 exactly when nibble v is not a decimal digit
        int bad = 0;
        int i = 0;
        int p = at;
        if (left) {
            int v = data[p++] & 0xF;
            bad |= v + 6;
            out[i++] = HEX[v];
        }
        for (; i + 1 < digits; i += 2) {
            int b = data[p++];
            int hi = b >> 4 & 0xF;
            int lo = b & 0xF;
            bad |= (hi + 6) | (lo + 6);
            out[i] = HEX[hi];
            out[i + 1] = HEX[lo];
        }
        if (i < digits) {
            int v = data[p] >> 4 & 0xF;
            bad |= v + 6;
            out[i] = HEX[v];
        }
        if (numeric && (bad & 0x10) != 0) {
            // find the first such nibble, position q counting the left filler as 0
            int shift = left ? 1 : 0;
            for (int d = 0; d < digits; d++) {
                int q = d + shift;
                int v = (q & 1) == 0 ? data[at + (q >> 1)] >> 4 & 0xF : data[at + (q >> 1)] & 0xF;
                if (v > 9) {
                    throw notBcd(field, at + (q >> 1), v);
                }
            }
        }
        return new String(out, 0, digits, StandardCharsets.ISO_8859_1);
    }

    private static IsoDecodeException notBcd(int field, int at, int nibble) {
        return new IsoDecodeException(field, at, "nibble " + Bcd.character(nibble) + " is not a BCD digit");
    }

    /** Bounds-checked reading, so running off the end is a decode error and never an index exception. */
    private static final class Cursor {
        private final byte[] data;
        private final int end;
        private int pos;
        private byte[] scratch;

        Cursor(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        int remaining() {
            return end - pos;
        }

        /** Fails unless {@code count} bytes are left from the current position. */
        void need(int count, int field, String what) throws IsoDecodeException {
            if (count > end - pos) {
                throw new IsoDecodeException(field, pos, what + " needs " + count + " bytes, " + (end - pos) + " left");
            }
        }

        /** Room for {@code digits} characters: the thread's buffer, which encoding is not using meanwhile. */
        byte[] scratch(int digits) {
            if (scratch == null) {
                scratch = BUFFER.get().bytes;
            }
            return digits <= scratch.length ? scratch : new byte[digits];
        }
    }
}
