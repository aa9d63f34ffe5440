package org.posnet.host.param;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLV of field 62 in parameter download and status upload: tag as 2 ASCII digits, length as 3 ASCII
 * digits (bytes of the value, 0..999), then the value. Pure; the only decode failure is {@link TlvException}.
 */
public final class Tlv {

    /** One item; {@code value} is not copied. */
    public record Item(int tag, byte[] value) {
        public Item {
            if (tag < 0 || tag > 99) {
                throw new IllegalArgumentException("TLV tag must be 0..99, got " + tag);
            }
            if (value.length > 999) {
                throw new IllegalArgumentException("TLV value of tag " + tag + " is longer than 999 bytes");
            }
        }

        public String ascii() {
            return new String(value, StandardCharsets.US_ASCII);
        }

        /** The encoded size: 5 bytes of tag and length plus the value. */
        public int size() {
            return 5 + value.length;
        }
    }

    /** A field 62 that is not a well-formed TLV list. */
    public static final class TlvException extends Exception {
        private final int offset;

        public TlvException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private Tlv() {
    }

    public static Item ascii(int tag, String value) {
        return new Item(tag, value.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] encode(List<Item> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Item i : items) {
            write(out, i);
        }
        return out.toByteArray();
    }

    static void write(ByteArrayOutputStream out, Item i) {
        out.writeBytes(String.format("%02d%03d", i.tag(), i.value().length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(i.value());
    }

    public static List<Item> decode(byte[] bytes, int from) throws TlvException {
        List<Item> items = new ArrayList<>();
        int at = from;
        while (at < bytes.length) {
            if (bytes.length - at < 5) {
                throw new TlvException("truncated TLV header", at);
            }
            int tag = digits(bytes, at, 2);
            int length = digits(bytes, at + 2, 3);
            if (bytes.length - at - 5 < length) {
                throw new TlvException("TLV value of tag " + tag + " runs past the field", at);
            }
            byte[] value = new byte[length];
            System.arraycopy(bytes, at + 5, value, 0, length);
            items.add(new Item(tag, value));
            at += 5 + length;
        }
        return items;
    }

    private static int digits(byte[] b, int at, int n) throws TlvException {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new TlvException("TLV tag/length must be ASCII digits", i);
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
