package org.posnet.sim.terminal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter set a terminal downloaded (0800 60.3 = 360 parts, docs/host.md), as the terminal keeps it:
 * tag → value. Parsing is the terminal's own (tag n2, length n3, value) — not the host's code — so the
 * simulator checks the host's layout rather than sharing its bugs.
 */
public record TerminalParameters(long version, Map<Integer, byte[]> values) {
    private static final Charset GBK = Charset.forName("GBK");

    public TerminalParameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Transaction timeout in seconds (tag 11), or 0 when not sent. */
    public int timeoutSeconds() {
        return number(11);
    }

    /** Redials (tag 12). */
    public int dialRetries() {
        return number(12);
    }

    /** Receipt merchant name (tag 21, GBK). */
    public String merchantName() {
        byte[] v = values.get(21);
        return v == null ? "" : new String(v, GBK);
    }

    /** Host endpoints ip:port (tags 23, 24). */
    public List<String> hostAddresses() {
        return java.util.stream.Stream.of(23, 24).filter(values::containsKey).map(this::text).toList();
    }

    public String text(int tag) {
        byte[] v = values.get(tag);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }

    private int number(int tag) {
        String s = text(tag);
        return s == null ? 0 : Integer.parseInt(s);
    }

    /** TLVs of a field 62 from {@code from}; a malformed one is a protocol error. */
    static Map<Integer, byte[]> tlv(byte[] b, int from) throws TerminalProtocolException {
        Map<Integer, byte[]> m = new LinkedHashMap<>();
        int at = from;
        try {
            while (at < b.length) {
                int tag = Integer.parseInt(new String(b, at, 2, StandardCharsets.US_ASCII));
                int len = Integer.parseInt(new String(b, at + 2, 3, StandardCharsets.US_ASCII));
                if (at + 5 + len > b.length) {
                    throw new TerminalProtocolException("field 62 TLV runs past the field at offset " + at);
                }
                byte[] v = new byte[len];
                System.arraycopy(b, at + 5, v, 0, len);
                m.put(tag, v);
                at += 5 + len;
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new TerminalProtocolException("field 62 is not a TLV list at offset " + at);
        }
        return m;
    }

    static byte[] item(int tag, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(String.format("%02d%03d", tag, v.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(v);
        return out.toByteArray();
    }
}
