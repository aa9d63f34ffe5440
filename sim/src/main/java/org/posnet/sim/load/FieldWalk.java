package org.posnet.sim.load;

import java.util.List;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.FieldSpec;
import org.posnet.host.iso.FieldType;
import org.posnet.host.iso.Framing;
import org.posnet.host.iso.IsoCodec;
import org.posnet.host.iso.LengthKind;
import org.posnet.host.iso.Padding;
import org.posnet.host.iso.PrefixEncoding;
import org.posnet.host.iso.SubfieldLayout;
import org.posnet.host.iso.SubfieldSpec;

/**
 * Where each field of a frame lies, found by walking the bitmap with the dialect's fields 2..64, and
 * each field checked as strictly as {@link IsoCodec#decode} checks it (BCD digits, filler nibbles,
 * printable ASCII, length limits, sub-field layout, nothing left over), without building an
 * {@code IsoMessage}: the load generator checks tens of thousands of replies a second, and decoding each
 * into a map cost more than the sale. A frame it does not vouch for (a secondary bitmap, a field the
 * dialect lacks, anything malformed) makes {@link #walk} return false, and the caller leaves it to the
 * decoder. Immutable, so one instance serves every thread.
 */
final class FieldWalk {
    static final int ABSENT = -1;

    private final FieldSpec[] specs = new FieldSpec[65];
    /** Per field with a sub-field layout: lengths, optional and variable flags; null elsewhere. */
    private final int[][] partLengths = new int[65][];
    private final boolean[][] partOptional = new boolean[65][];
    private final boolean[][] partVariable = new boolean[65][];
    private final int headerAt;
    private final int messageAt;

    FieldWalk(Dialect dialect) {
        Framing f = dialect.framing();
        if (f.lengthBytes() != 2 || !f.lengthCountsTpduAndHeader()) {
            throw new IllegalArgumentException("the load generator frames by a 2-byte prefix counting TPDU and header");
        }
        headerAt = f.lengthBytes() + f.tpduBytes();
        messageAt = headerAt + f.headerBytes();
        for (int n = 2; n <= 64; n++) {
            FieldSpec s = dialect.field(n);
            specs[n] = s;
            SubfieldLayout layout = s == null ? null : s.subfields();
            if (layout != null) {
                List<SubfieldSpec> parts = layout.parts();
                partLengths[n] = new int[parts.size()];
                partOptional[n] = new boolean[parts.size()];
                partVariable[n] = new boolean[parts.size()];
                for (int i = 0; i < parts.size(); i++) {
                    partLengths[n][i] = parts.get(i).length();
                    partOptional[n][i] = parts.get(i).optional();
                    partVariable[n][i] = parts.get(i).variable();
                }
            }
        }
    }

    /** Offset of the MTI in a frame (after length prefix, TPDU and header). */
    int messageAt() {
        return messageAt;
    }

    /** Bytes a fixed-length field takes on the wire, or -1 when the dialect has it variable or not at all. */
    int fixedBytes(int n) {
        FieldSpec s = specs[n];
        if (s == null || s.length() != LengthKind.FIXED) {
            return -1;
        }
        return s.type().packed() ? (s.max() + 1) / 2 : s.max();
    }

    FieldType type(int n) {
        return specs[n] == null ? null : specs[n].type();
    }

    /**
     * Walks the frame in {@code b[from, to)} (length prefix included): {@code at[n]} becomes the offset of
     * field n's content (after its length prefix), or {@link #ABSENT}. False when the frame is malformed or
     * outside what this walk handles; {@code at} is then undefined.
     */
    boolean walk(byte[] b, int from, int to, int[] at) {
        int p = from + messageAt;
        if (to - p < 2 + 8) {
            return false;
        }
        for (int i = from + headerAt; i < p + 2; i++) { // header and MTI: BCD digits only
            if (!digits(b[i])) {
                return false;
            }
        }
        int bitmapAt = p + 2;
        if ((b[bitmapAt] & 0x80) != 0) {
            return false; // secondary bitmap: the decoder's business
        }
        p = bitmapAt + 8;
        for (int n = 2; n <= 64; n++) {
            if ((b[bitmapAt + ((n - 1) >> 3)] & (0x80 >>> ((n - 1) & 7))) == 0) {
                at[n] = ABSENT;
                continue;
            }
            FieldSpec s = specs[n];
            if (s == null) {
                return false;
            }
            int length;
            if (s.length() == LengthKind.FIXED) {
                length = s.max();
            } else {
                int prefix = s.length().prefixBytes();
                if (to - p < prefix) {
                    return false;
                }
                length = 0;
                for (int i = p; i < p + prefix; i++) {
                    int v = b[i] & 0xFF;
                    if (s.prefix() == PrefixEncoding.BCD) {
                        if (!digits(b[i])) {
                            return false;
                        }
                        length = length * 100 + (v >> 4) * 10 + (v & 0xF);
                    } else {
                        length = length << 8 | v;
                    }
                }
                if (length > s.max()) {
                    return false;
                }
                p += prefix;
            }
            int bytes = s.type().packed() ? (length + 1) / 2 : length;
            if (to - p < bytes || !contentValid(n, s, b, p, length, bytes)) {
                return false;
            }
            at[n] = p;
            p += bytes;
        }
        return p == to;
    }

    private boolean contentValid(int n, FieldSpec s, byte[] b, int p, int length, int bytes) {
        switch (s.type()) {
            case BINARY:
                return true;
            case ASCII:
                for (int i = p; i < p + bytes; i++) {
                    if (b[i] < 0x20 || b[i] > 0x7E) {
                        return false;
                    }
                }
                return true;
            default:
                break;
        }
        Padding pad = s.padding();
        boolean odd = (length & 1) == 1;
        int shift = odd && pad.side() == Padding.Side.LEFT ? 1 : 0;
        if (odd) {
            int filler = pad.side() == Padding.Side.LEFT ? (b[p] >> 4) & 0xF : b[p + bytes - 1] & 0xF;
            if (filler != pad.nibble()) {
                return false;
            }
        }
        if (s.type() == FieldType.NUMERIC) {
            for (int i = 0; i < length; i++) {
                int pos = i + shift;
                int v = (pos & 1) == 0 ? (b[p + (pos >> 1)] >> 4) & 0xF : b[p + (pos >> 1)] & 0xF;
                if (v > 9) {
                    return false;
                }
            }
        }
        return partLengths[n] == null || subfieldsFit(n, length);
    }

    /** {@link SubfieldLayout#split}'s rules on a value of {@code length} characters, without splitting it. */
    private boolean subfieldsFit(int n, int length) {
        int[] lengths = partLengths[n];
        int at = 0;
        for (int i = 0; i < lengths.length; i++) {
            int left = length - at;
            if (left == 0) {
                if (!partOptional[n][i]) {
                    return false;
                }
                break;
            }
            if (partVariable[n][i]) {
                if (left > lengths[i]) {
                    return false;
                }
                at = length;
                break;
            }
            if (left < lengths[i]) {
                return false;
            }
            at += lengths[i];
        }
        return at == length;
    }

    private static boolean digits(byte v) {
        return (v & 0xF0) <= 0x90 && (v & 0x0F) <= 0x09;
    }
}
