package org.posnet.host.iso;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link IsoCodec} as it was before it was tuned for speed (TreeMap, streams, one String per step): the
 * plain reading of the rules, kept so {@link IsoCodecDifferentialTest} can hold the fast codec to the same
 * bytes and the same errors. Only public API of the package, so it cannot lean on the fast code.
 */
final class ReferenceIsoCodec {

    private final Dialect dialect;

    ReferenceIsoCodec(Dialect dialect) {
        if (dialect == null) {
            throw new IllegalArgumentException("dialect is required");
        }
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    // ---------------------------------------------------------------- encode

    /** The whole frame: length prefix, TPDU, header, message. */
    public byte[] encode(IsoFrame frame) {
        return frame(frame, encode(frame.message()));
    }

    /**
     * The whole frame with field 64 set to the MAC of its own MAC block, encoding the message once: the
     * MAC block is exactly the encoded message up to its last 8 bytes when 64 is the last field (no
     * secondary bitmap) and an 8-byte binary field, as in every UnionPay-style dialect. Other dialects take
     * the long way. The frame's message must not carry 64 already.
     */
    public byte[] encodeWithMac(IsoFrame frame, IsoCodec.MacFunction mac) throws Exception {
        IsoMessage m = frame.message();
        FieldSpec f64 = dialect.field(64);
        boolean inPlace = f64 != null && f64.type() == FieldType.BINARY && f64.length() == LengthKind.FIXED && f64.max() == 8
                && (m.fields().isEmpty() || new java.util.TreeMap<>(m.fields()).lastKey() < 64);
        if (!inPlace) {
            IsoMessage signed = m.with(64, mac.mac(macBlock(m)));
            return encode(new IsoFrame(frame.tpdu(), frame.header(), signed));
        }
        byte[] message = encode(m.toBuilder().with(64, new byte[8]).build(), false);
        byte[] block = java.util.Arrays.copyOf(message, message.length - 8);
        byte[] code = mac.mac(block);
        if (code.length != 8) {
            throw new IsoEncodeException(64, "a MAC of " + code.length + " bytes, not 8");
        }
        System.arraycopy(code, 0, message, message.length - 8, 8);
        return frame(frame, message);
    }

    /**
     * The message of a frame {@link #encodeWithMac} made, as {@link #encode(IsoMessage)} gives it without
     * field 64 (MAC cut off, bit 64 cleared), or null when this dialect does not allow taking it apart so.
     */
    public byte[] unsignedMessage(byte[] wire) {
        Framing f = dialect.framing();
        FieldSpec f64 = dialect.field(64);
        int at = f.lengthBytes() + f.tpduBytes() + f.headerBytes();
        if (f64 == null || f64.type() != FieldType.BINARY || f64.length() != LengthKind.FIXED || f64.max() != 8
                || wire.length < at + 2 + 8 + 8 || (wire[at + 2] & 0x80) != 0 || (wire[at + 2 + 7] & 0x01) == 0) {
            return null;
        }
        byte[] m = java.util.Arrays.copyOfRange(wire, at, wire.length - 8);
        m[2 + 7] &= (byte) 0xFE;
        return m;
    }

    private byte[] frame(IsoFrame frame, byte[] message) {
        Framing f = dialect.framing();
        int counted = message.length + (f.lengthCountsTpduAndHeader() ? f.tpduBytes() + f.headerBytes() : 0);
        if (counted > f.maxLength()) {
            throw new IsoEncodeException(IsoDecodeException.FRAME, "frame of " + counted + " bytes exceeds " + f.maxLength());
        }
        byte[] out = new byte[f.lengthBytes() + f.tpduBytes() + f.headerBytes() + message.length];
        out[0] = (byte) (counted >> 8);
        out[1] = (byte) counted;
        System.arraycopy(frame.tpdu().toBytes(), 0, out, 2, 5);
        System.arraycopy(pack(frame.header().digits(), Padding.RIGHT_0), 0, out, 7, 6);
        System.arraycopy(message, 0, out, 13, message.length);
        return out;
    }

    /** The message alone: MTI, bitmap(s), fields. */
    public byte[] encode(IsoMessage message) {
        return encode(message, false);
    }

    /**
     * The bytes a MAC is computed over: MTI through field 63, with bit 64 set in the bitmap as it will be
     * in the message that carries the MAC (UnionPay ECB MAC, X9.9, X9.19 all use this block).
     */
    public byte[] macBlock(IsoMessage message) {
        return encode(message.without(64), true);
    }

    private byte[] encode(IsoMessage message, boolean macBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(packDigits(Integer.parseInt(message.mti()), 4));
        java.util.NavigableMap<Integer, Object> fields = new java.util.TreeMap<>(message.fields());
        boolean secondary = !fields.isEmpty() && fields.lastKey() > 64;
        byte[] bitmap = new byte[secondary ? 16 : 8];
        if (secondary) {
            bitmap[0] |= (byte) 0x80;
        }
        for (int n : fields.keySet()) {
            setBit(bitmap, n);
        }
        if (macBlock) {
            setBit(bitmap, 64);
        }
        out.writeBytes(bitmap);
        for (Map.Entry<Integer, Object> e : fields.entrySet()) {
            int n = e.getKey();
            if (macBlock && n > 63) {
                break;
            }
            FieldSpec spec = dialect.field(n);
            if (spec == null) {
                throw new IsoEncodeException(n, "not defined in dialect " + dialect.name());
            }
            encodeField(spec, e.getValue(), out);
        }
        return out.toByteArray();
    }

    private static void setBit(byte[] bitmap, int field) {
        bitmap[(field - 1) >> 3] |= (byte) (0x80 >>> ((field - 1) & 7));
    }

    private static void encodeField(FieldSpec spec, Object value, ByteArrayOutputStream out) {
        int n = spec.number();
        byte[] content;
        int length;
        if (spec.type() == FieldType.BINARY) {
            if (!(value instanceof byte[] b)) {
                throw new IsoEncodeException(n, "is binary; give it a byte[]");
            }
            content = b;
            length = b.length;
        } else {
            if (!(value instanceof String s)) {
                throw new IsoEncodeException(n, "is " + spec.type().code() + "; give it a String");
            }
            length = s.length();
            String bad = invalidCharacters(spec, s);
            if (bad != null) {
                throw new IsoEncodeException(n, bad);
            }
            content = spec.type().packed() ? pack(s, spec.padding()) : s.getBytes(StandardCharsets.US_ASCII);
            if (spec.subfields() != null) {
                try {
                    spec.subfields().split(n, s);
                } catch (IllegalArgumentException e) {
                    throw new IsoEncodeException(n, e.getMessage());
                }
            }
        }
        if (spec.length() == LengthKind.FIXED) {
            if (length != spec.max()) {
                throw new IsoEncodeException(n, "fixed length " + spec.max() + ", got " + length);
            }
        } else {
            if (length > spec.max()) {
                throw new IsoEncodeException(n, "length " + length + " exceeds max " + spec.max());
            }
            writePrefix(spec, length, out);
        }
        out.writeBytes(content);
    }

    private static String invalidCharacters(FieldSpec spec, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = switch (spec.type()) {
                case NUMERIC -> c >= '0' && c <= '9';
                case TRACK -> nibble(c) >= 0;
                case ASCII -> c >= 0x20 && c <= 0x7E;
                case BINARY -> true;
            };
            if (!ok) {
                return "character at position " + i + " is not allowed in a '" + spec.type().code() + "' field";
            }
        }
        return null;
    }

    private static void writePrefix(FieldSpec spec, int length, ByteArrayOutputStream out) {
        int bytes = spec.length().prefixBytes();
        if (spec.prefix() == PrefixEncoding.BCD) {
            out.writeBytes(packDigits(length, bytes * 2));
        } else if (bytes == 1) {
            out.write(length);
        } else {
            out.write(length >> 8);
            out.write(length);
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
        byte[] prefix = in.take(f.lengthBytes(), IsoDecodeException.FRAME, "length prefix");
        int declared = (prefix[0] & 0xFF) << 8 | prefix[1] & 0xFF;
        int expected = declared + (f.lengthCountsTpduAndHeader() ? 0 : f.tpduBytes() + f.headerBytes());
        if (expected != frame.length - f.lengthBytes()) {
            throw new IsoDecodeException(IsoDecodeException.FRAME, 0, "length prefix says " + declared + " but "
                    + (frame.length - f.lengthBytes()) + " bytes follow");
        }
        int tpduAt = in.offset();
        byte[] tpdu = in.take(f.tpduBytes(), IsoDecodeException.FRAME, "TPDU");
        int headerAt = in.offset();
        byte[] header = in.take(f.headerBytes(), IsoDecodeException.FRAME, "header");
        String headerDigits = unpack(header, 12, Padding.RIGHT_0, FieldType.NUMERIC, IsoDecodeException.FRAME, headerAt);
        IsoMessage message = decodeMessage(frame, in.offset(), frame.length);
        return new IsoFrame(Tpdu.fromBytes(tpdu, 0), new MessageHeader(headerDigits), message);
    }

    /** A message alone (MTI onwards), e.g. from a link without TPDU. */
    public IsoMessage decodeMessage(byte[] message) throws IsoDecodeException {
        if (message == null) {
            throw new IsoDecodeException(IsoDecodeException.MTI, 0, "no bytes");
        }
        return decodeMessage(message, 0, message.length);
    }

    private IsoMessage decodeMessage(byte[] data, int from, int to) throws IsoDecodeException {
        Cursor in = new Cursor(data, from, to);
        int mtiAt = in.offset();
        String mti = unpack(in.take(2, IsoDecodeException.MTI, "MTI"), 4, Padding.RIGHT_0, FieldType.NUMERIC,
                IsoDecodeException.MTI, mtiAt);
        byte[] primary = in.take(8, IsoDecodeException.BITMAP, "primary bitmap");
        byte[] bitmap = primary;
        if ((primary[0] & 0x80) != 0) {
            byte[] secondary = in.take(8, IsoDecodeException.BITMAP, "secondary bitmap");
            bitmap = new byte[16];
            System.arraycopy(primary, 0, bitmap, 0, 8);
            System.arraycopy(secondary, 0, bitmap, 8, 8);
        }
        IsoMessage.Builder message = IsoMessage.builder(mti);
        for (int n = 2; n <= bitmap.length * 8; n++) {
            if ((bitmap[(n - 1) >> 3] & (0x80 >>> ((n - 1) & 7))) == 0) {
                continue;
            }
            if (n == 65 && bitmap.length == 16) {
                // bit 65 would announce a tertiary bitmap, which no POS dialect uses
                throw new IsoDecodeException(n, in.offset(), "tertiary bitmap is not supported");
            }
            FieldSpec spec = dialect.field(n);
            if (spec == null) {
                throw new IsoDecodeException(n, in.offset(), "present in the bitmap but not defined in dialect " + dialect.name());
            }
            Object value = decodeField(spec, in);
            if (value instanceof byte[] b) {
                message.with(n, b);
            } else {
                message.with(n, (String) value);
            }
        }
        if (in.remaining() != 0) {
            throw new IsoDecodeException(IsoDecodeException.FRAME, in.offset(), in.remaining()
                    + " bytes after the last field in the bitmap");
        }
        return message.build();
    }

    private static Object decodeField(FieldSpec spec, Cursor in) throws IsoDecodeException {
        int n = spec.number();
        int fieldAt = in.offset();
        int length;
        if (spec.length() == LengthKind.FIXED) {
            length = spec.max();
        } else {
            length = readPrefix(spec, in);
        }
        int contentAt = in.offset();
        return switch (spec.type()) {
            case BINARY -> in.take(length, n, "content");
            case ASCII -> {
                byte[] raw = in.take(length, n, "content");
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] < 0x20 || raw[i] > 0x7E) {
                        throw new IsoDecodeException(n, contentAt + i, "byte " + String.format("%02X", raw[i] & 0xFF)
                                + " is not printable ASCII");
                    }
                }
                yield new String(raw, StandardCharsets.US_ASCII);
            }
            case NUMERIC, TRACK -> {
                byte[] raw = in.take((length + 1) / 2, n, "content");
                String s = unpack(raw, length, spec.padding(), spec.type(), n, contentAt);
                if (spec.subfields() != null) {
                    try {
                        spec.subfields().split(n, s);
                    } catch (IllegalArgumentException e) {
                        throw new IsoDecodeException(n, fieldAt, e.getMessage());
                    }
                }
                yield s;
            }
        };
    }

    private static int readPrefix(FieldSpec spec, Cursor in) throws IsoDecodeException {
        int n = spec.number();
        int at = in.offset();
        byte[] prefix = in.take(spec.length().prefixBytes(), n, "length prefix");
        int length;
        if (spec.prefix() == PrefixEncoding.BCD) {
            String digits = unpack(prefix, prefix.length * 2, Padding.RIGHT_0, FieldType.NUMERIC, n, at);
            length = Integer.parseInt(digits);
        } else {
            length = 0;
            for (byte b : prefix) {
                length = length << 8 | b & 0xFF;
            }
        }
        if (length > spec.max()) {
            throw new IsoDecodeException(n, at, "length " + length + " exceeds max " + spec.max());
        }
        return length;
    }

    /**
     * Unpacks {@code digits} nibbles; the filler nibble of an odd count must be the dialect's, so a
     * misaligned or foreign field is caught instead of read as data.
     */
    private static String unpack(byte[] raw, int digits, Padding padding, FieldType type, int field, int at)
            throws IsoDecodeException {
        boolean odd = (digits & 1) == 1;
        int shift = odd && padding.side() == Padding.Side.LEFT ? 1 : 0;
        if (odd) {
            int filler = padding.side() == Padding.Side.LEFT ? (raw[0] >> 4) & 0xF : raw[raw.length - 1] & 0xF;
            if (filler != padding.nibble()) {
                int fillerAt = padding.side() == Padding.Side.LEFT ? at : at + raw.length - 1;
                throw new IsoDecodeException(field, fillerAt, "padding nibble " + character(filler)
                        + " where " + character(padding.nibble()) + " was expected");
            }
        }
        char[] out = new char[digits];
        for (int i = 0; i < digits; i++) {
            int pos = i + shift;
            int v = (pos & 1) == 0 ? (raw[pos >> 1] >> 4) & 0xF : raw[pos >> 1] & 0xF;
            if (v > 9 && type == FieldType.NUMERIC) {
                throw new IsoDecodeException(field, at + (pos >> 1), "nibble " + character(v) + " is not a BCD digit");
            }
            out[i] = character(v);
        }
        return new String(out);
    }

    /** Bounds-checked reading, so running off the end is a decode error and never an index exception. */
    private static final class Cursor {
        private final byte[] data;
        private final int end;
        private int pos;

        Cursor(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        int offset() {
            return pos;
        }

        int remaining() {
            return end - pos;
        }

        byte[] take(int count, int field, String what) throws IsoDecodeException {
            if (count > end - pos) {
                throw new IsoDecodeException(field, pos, what + " needs " + count + " bytes, " + (end - pos) + " left");
            }
            byte[] out = new byte[count];
            System.arraycopy(data, pos, out, 0, count);
            pos += count;
            return out;
        }
    }

    // ---------------------------------------------------------------- the old Bcd

    private static final char[] NIBBLE = "0123456789ABCDEF".toCharArray();

    /** Nibble value of a character, or -1 when it is not an upper-case hex digit. */
    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static char character(int nibble) {
        return NIBBLE[nibble & 0xF];
    }

    /** Packs already-validated nibble characters, placing the filler per {@code padding}. */
    private static byte[] pack(String s, Padding padding) {
        int n = s.length();
        byte[] out = new byte[(n + 1) / 2];
        boolean odd = (n & 1) == 1;
        int shift = odd && padding.side() == Padding.Side.LEFT ? 1 : 0;
        if (odd) {
            if (padding.side() == Padding.Side.LEFT) {
                out[0] = (byte) (padding.nibble() << 4);
            } else {
                out[out.length - 1] = (byte) padding.nibble();
            }
        }
        for (int i = 0; i < n; i++) {
            int pos = i + shift;
            int v = nibble(s.charAt(i));
            out[pos >> 1] |= (byte) ((pos & 1) == 0 ? v << 4 : v);
        }
        return out;
    }

    /** Packs exactly two digits per byte, for the MTI, header and BCD length prefixes. */
    private static byte[] packDigits(int value, int digits) {
        byte[] out = new byte[(digits + 1) / 2];
        for (int i = out.length - 1; i >= 0; i--) {
            int lo = value % 10;
            value /= 10;
            int hi = value % 10;
            value /= 10;
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
