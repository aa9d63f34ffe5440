package org.posnet.host.param;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Field 62 of parameter download (0800/0810, 60.3 = 360), PosNet's layout (docs/host.md): the reply is
 * {@code flag} (ASCII '1' = more parts follow, '0' = last part) followed by TLVs ({@link Tlv}): tag 01 the
 * set's version and tag 02 the part number (both in every part, so a terminal notices a set that changed
 * between parts and starts over), then whole parameter items — an item is never split, and a part holds at
 * most {@code maxBytes}. The request's 62 is absent for part 0, else TLV tag 02 = the part wanted.
 * Pure: no I/O.
 */
public final class ParameterDownload {
    public static final int TAG_VERSION = 1;
    public static final int TAG_PART = 2;
    public static final int TAG_TIMEOUT = 11;
    public static final int TAG_DIAL_RETRIES = 12;
    /** 13, 14, 15: transaction phone numbers 1..3. */
    public static final int TAG_PHONE_1 = 13;
    public static final int TAG_MANAGEMENT_PHONE = 16;
    public static final int TAG_TIP_ALLOWED = 17;
    public static final int TAG_TIP_PERCENT = 18;
    public static final int TAG_MANUAL_ENTRY = 19;
    public static final int TAG_AUTO_SIGN_OFF = 20;
    public static final int TAG_MERCHANT_NAME = 21;
    public static final int TAG_REVERSAL_RETRIES = 22;
    /** 23, 24: host IP endpoints (primary, backup). */
    public static final int TAG_HOST_ADDRESS_1 = 23;
    /** Receipts print 40 bytes of merchant name (20 Chinese characters in GBK). */
    public static final int MERCHANT_NAME_BYTES = 40;
    /** Chinese terminals print GBK. */
    public static final Charset TEXT = Charset.forName("GBK");

    private ParameterDownload() {
    }

    /** The set's parameter items in tag order (without version and part). */
    public static List<Tlv.Item> items(ParameterSet p) {
        List<Tlv.Item> items = new ArrayList<>();
        items.add(Tlv.ascii(TAG_TIMEOUT, String.format("%02d", p.timeoutSeconds())));
        items.add(Tlv.ascii(TAG_DIAL_RETRIES, Integer.toString(p.dialRetries())));
        for (int i = 0; i < p.hostPhones().size(); i++) {
            items.add(Tlv.ascii(TAG_PHONE_1 + i, p.hostPhones().get(i)));
        }
        if (!p.managementPhone().isEmpty()) {
            items.add(Tlv.ascii(TAG_MANAGEMENT_PHONE, p.managementPhone()));
        }
        items.add(Tlv.ascii(TAG_TIP_ALLOWED, p.tipAllowed() ? "1" : "0"));
        items.add(Tlv.ascii(TAG_TIP_PERCENT, String.format("%02d", p.tipPercent())));
        items.add(Tlv.ascii(TAG_MANUAL_ENTRY, p.manualEntryAllowed() ? "1" : "0"));
        items.add(Tlv.ascii(TAG_AUTO_SIGN_OFF, p.autoSignOff() ? "1" : "0"));
        items.add(new Tlv.Item(TAG_MERCHANT_NAME, merchantName(p.merchantName())));
        items.add(Tlv.ascii(TAG_REVERSAL_RETRIES, Integer.toString(p.reversalRetries())));
        for (int i = 0; i < p.hostAddresses().size(); i++) {
            items.add(Tlv.ascii(TAG_HOST_ADDRESS_1 + i, p.hostAddresses().get(i)));
        }
        return items;
    }

    /** The reply 62 of every part; at least one. {@code maxBytes} must leave room for the largest item. */
    public static List<byte[]> parts(ParameterSet p, int maxBytes) {
        List<Tlv.Item> items = items(p);
        List<List<Tlv.Item>> groups = new ArrayList<>();
        List<Tlv.Item> current = new ArrayList<>();
        // flag + version + part (3 digits) headroom: the version's own length varies with its digits
        int overhead = 1 + 5 + Long.toString(p.version()).length() + 5 + 3;
        int used = overhead;
        for (Tlv.Item item : items) {
            if (overhead + item.size() > maxBytes) {
                throw new IllegalArgumentException("part size " + maxBytes + " cannot hold parameter tag " + item.tag());
            }
            if (used + item.size() > maxBytes) {
                groups.add(current);
                current = new ArrayList<>();
                used = overhead;
            }
            current.add(item);
            used += item.size();
        }
        groups.add(current);
        List<byte[]> parts = new ArrayList<>();
        for (int n = 0; n < groups.size(); n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(n + 1 < groups.size() ? '1' : '0');
            Tlv.write(out, Tlv.ascii(TAG_VERSION, Long.toString(p.version())));
            Tlv.write(out, Tlv.ascii(TAG_PART, String.format("%03d", n)));
            groups.get(n).forEach(i -> Tlv.write(out, i));
            parts.add(out.toByteArray());
        }
        return parts;
    }

    /** The part a request asks for: 0 without field 62, else its tag 02. */
    public static int requestedPart(byte[] field62) throws Tlv.TlvException {
        if (field62 == null || field62.length == 0) {
            return 0;
        }
        for (Tlv.Item i : Tlv.decode(field62, 0)) {
            if (i.tag() == TAG_PART) {
                return (int) number(i, 3);
            }
        }
        throw new Tlv.TlvException("no part number (tag 02)", 0);
    }

    /** The version a download-end request (360's end, 60.3 = 361) says the terminal now holds: tag 01. */
    public static long acknowledgedVersion(byte[] field62) throws Tlv.TlvException {
        if (field62 == null) {
            throw new Tlv.TlvException("no field 62", 0);
        }
        for (Tlv.Item i : Tlv.decode(field62, 0)) {
            if (i.tag() == TAG_VERSION) {
                return number(i, 12);
            }
        }
        throw new Tlv.TlvException("no version (tag 01)", 0);
    }

    static long number(Tlv.Item i, int maxDigits) throws Tlv.TlvException {
        String s = i.ascii();
        if (s.isEmpty() || s.length() > maxDigits || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Tlv.TlvException("tag " + i.tag() + " must be 1.." + maxDigits + " digits", 0);
        }
        return Long.parseLong(s);
    }

    /** GBK, cut at a character boundary so a receipt never shows half a character. */
    static byte[] merchantName(String name) {
        CharsetEncoder encoder = TEXT.newEncoder();
        ByteBuffer out = ByteBuffer.allocate(MERCHANT_NAME_BYTES);
        // overflow stops before the character that does not fit; an unmappable one stops there too, so
        // the terminal prints what precedes it rather than a '?'
        encoder.encode(CharBuffer.wrap(name), out, true);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
