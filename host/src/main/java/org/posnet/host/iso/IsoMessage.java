package org.posnet.host.iso;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * One ISO 8583 message: an MTI and data elements 2..128, each a {@code String} (n, z, ans) or a
 * {@code byte[]} (b). Immutable; {@link #with} returns a copy. Byte arrays are copied in and out, so a
 * caller cannot change a message after the fact.
 *
 * <p>{@link #toString()} is the masked dump for logs: PAN first 6 and last 4, track data masked, PIN
 * block, IC data and key data reduced to their length. Masking is decided here, by field number, so no
 * caller can forget it.
 */
public final class IsoMessage {

    private static final Object[] NONE = new Object[0];

    private final String mti;
    /** Which fields are present: bit {@code n - 1} of {@code low} for fields 1..64, of {@code high} for 65..128. */
    private final long low;
    private final long high;
    /**
     * The values of the present fields in ascending field order, so the value of field n sits at the count
     * of present fields below n. May be longer than that count (a builder's array handed over, not copied)
     * and is never written once a message holds it.
     */
    private final Object[] values;
    /**
     * For a decoded message, exactly what {@link IsoCodec#encode(IsoMessage)} gives for it under
     * {@link #encodedBy}: the bytes it was decoded from, kept so the MAC block of a request is a copy rather
     * than a second encoding. Null for a message built or changed here. Never handed out uncopied.
     */
    private final byte[] encoding;
    private final Dialect encodedBy;

    /** For the codec and the builder: the caller hands over {@code values} and never writes it again. */
    IsoMessage(String mti, long low, long high, Object[] values) {
        this(mti, low, high, values, null, null);
    }

    /** A decoded message, with its own copy of the bytes that encode it under {@code dialect}. */
    IsoMessage(String mti, long low, long high, Object[] values, byte[] encoding, Dialect dialect) {
        this.mti = mti;
        this.low = low;
        this.high = high;
        this.values = values;
        this.encoding = encoding;
        this.encodedBy = dialect;
    }

    public static Builder builder(String mti) {
        return new Builder(mti);
    }

    public String mti() {
        return mti;
    }

    public boolean has(int field) {
        return present(low, high, field);
    }

    /** Present field numbers in ascending order. */
    public Set<Integer> fieldNumbers() {
        return new FieldNumbers(low, high);
    }

    /** The value as a String, or null when absent. Binary fields are refused so a PIN block is never stringified by accident. */
    public String string(int field) {
        Object v = get(field);
        if (v instanceof byte[]) {
            throw new IllegalStateException("field " + field + " is binary; use bytes(" + field + ")");
        }
        return (String) v;
    }

    /** A copy of a binary field's value, or null when absent. */
    public byte[] bytes(int field) {
        Object v = get(field);
        if (v instanceof String) {
            throw new IllegalStateException("field " + field + " is not binary; use string(" + field + ")");
        }
        return v == null ? null : ((byte[]) v).clone();
    }

    /** The raw value (String or a copy of the byte[]), or null. */
    public Object value(int field) {
        Object v = get(field);
        return v instanceof byte[] b ? b.clone() : v;
    }

    /** The value itself, binary ones not copied: for the codec in this package, which only reads it. */
    Object get(int field) {
        return present(low, high, field) ? values[index(low, high, field)] : null;
    }

    /** Presence bits of fields 1..64 (bit n - 1), for the codec. */
    long low() {
        return low;
    }

    /** Presence bits of fields 65..128 (bit n - 65), for the codec. */
    long high() {
        return high;
    }

    /** Values in ascending field order, binary ones not copied: for the codec, which only reads them. */
    Object[] values() {
        return values;
    }

    /** The message's encoding under {@code dialect} when known (not a copy: the codec only reads it), or null. */
    byte[] encoding(Dialect dialect) {
        return dialect == encodedBy ? encoding : null;
    }

    /** Number of fields present. */
    int count() {
        return Long.bitCount(low) + Long.bitCount(high);
    }

    /** Fields as a map; binary values are copies. */
    public Map<Integer, Object> fields() {
        TreeMap<Integer, Object> copy = new TreeMap<>();
        int i = 0;
        for (int n = next(low, high, 0); n > 0; n = next(low, high, n)) {
            Object v = values[i++];
            copy.put(n, v instanceof byte[] b ? b.clone() : v);
        }
        return Collections.unmodifiableMap(copy);
    }

    public IsoMessage with(int field, String value) {
        return toBuilder().with(field, value).build();
    }

    public IsoMessage with(int field, byte[] value) {
        return toBuilder().with(field, value).build();
    }

    public IsoMessage without(int field) {
        return toBuilder().without(field).build();
    }

    /** The same fields under another MTI, e.g. the 0210 answering a 0200. */
    public IsoMessage withMti(String newMti) {
        Builder.checkMti(newMti);
        return new IsoMessage(newMti, low, high, values);
    }

    public Builder toBuilder() {
        Builder b = new Builder(mti);
        b.low = low;
        b.high = high;
        b.values = values;
        b.size = count();
        b.shared = true;
        return b;
    }

    static boolean present(long low, long high, int field) {
        if (field < 1 || field > 128) {
            return false;
        }
        return field <= 64 ? (low >>> (field - 1) & 1) != 0 : (high >>> (field - 65) & 1) != 0;
    }

    /** Where field {@code field} (1..128) is or would go in the values: the count of present fields below it. */
    static int index(long low, long high, int field) {
        return field <= 64 ? Long.bitCount(low & ((1L << (field - 1)) - 1))
                : Long.bitCount(low) + Long.bitCount(high & ((1L << (field - 65)) - 1));
    }

    /** The first present field above {@code after} (0 for the first), or 0 when there is none. */
    static int next(long low, long high, int after) {
        if (after < 64) {
            long rest = low & (-1L << after);
            if (rest != 0) {
                return Long.numberOfTrailingZeros(rest) + 1;
            }
            after = 64;
        }
        if (after >= 128) {
            return 0;
        }
        long rest = high & (-1L << (after - 64));
        return rest == 0 ? 0 : Long.numberOfTrailingZeros(rest) + 65;
    }

    /** The masked dump; same as {@link #toString()}. */
    public String toMaskedString() {
        StringBuilder sb = new StringBuilder(mti).append(" {");
        int i = 0;
        for (int n = next(low, high, 0); n > 0; n = next(low, high, n)) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(n).append('=').append(masked(n, values[i++]));
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return toMaskedString();
    }

    private static String masked(int field, Object value) {
        switch (field) {
            case 2:
                return maskPan((String) value);
            case 35:
            case 36:
                return maskTrack(String.valueOf(value));
            case 52:
            case 55:
            case 62:
                return "[len " + length(value) + "]";
            default:
                return value instanceof byte[] b ? HexFormat.of().withUpperCase().formatHex(b) : (String) value;
        }
    }

    private static int length(Object value) {
        return value instanceof byte[] b ? b.length : ((String) value).length();
    }

    /** First 6 and last 4 digits; shorter numbers are hidden entirely. */
    static String maskPan(String pan) {
        if (pan == null || pan.length() < 13) {
            return "[pan len " + (pan == null ? 0 : pan.length()) + "]";
        }
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    /** The account part masked like a PAN; everything after the separator hidden (expiry, service code, CVV). */
    static String maskTrack(String track) {
        int sep = track.indexOf('D');
        if (sep < 0) {
            return "[track len " + track.length() + "]";
        }
        return maskPan(track.substring(0, sep)) + "D[" + (track.length() - sep - 1) + " hidden]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IsoMessage other) || !mti.equals(other.mti) || low != other.low || high != other.high) {
            return false;
        }
        for (int i = count() - 1; i >= 0; i--) {
            Object a = values[i];
            Object b = other.values[i];
            boolean same = a instanceof byte[] x ? b instanceof byte[] y && Arrays.equals(x, y) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = mti.hashCode();
        int i = 0;
        for (int n = next(low, high, 0); n > 0; n = next(low, high, n)) {
            Object v = values[i++];
            h = 31 * h + n * 17 + (v instanceof byte[] b ? Arrays.hashCode(b) : v.hashCode());
        }
        return h;
    }

    /**
     * A set of field numbers as presence bits, for {@link Builder#withFieldsOf}: callers pass the same
     * constant {@code Set.of(...)} for every reply, so the last one is remembered by identity. Only the
     * JDK's immutable sets qualify; any other set could change between calls and is asked each time.
     */
    private static final class FieldMask {
        private static final Class<?> SET_N = Set.of(1, 2, 3).getClass();
        private static final Class<?> SET_12 = Set.of(1).getClass();
        /** Final fields only, so a thread reading it through this plain field sees it whole. */
        private static FieldMask last;

        private final Set<?> set;
        private final long low;
        private final long high;

        private FieldMask(Set<?> set, long low, long high) {
            this.set = set;
            this.low = low;
            this.high = high;
        }

        /** The mask of {@code set}, or null when it is not known to be immutable. */
        static FieldMask of(Set<?> set) {
            FieldMask m = last;
            if (m != null && m.set == set) {
                return m;
            }
            if (set.getClass() != SET_N && set.getClass() != SET_12) {
                return null;
            }
            long low = 0;
            long high = 0;
            for (Object o : set) {
                if (o instanceof Integer n && n >= 1 && n <= 128) {
                    if (n <= 64) {
                        low |= 1L << (n - 1);
                    } else {
                        high |= 1L << (n - 65);
                    }
                }
            }
            m = new FieldMask(set, low, high);
            last = m;
            return m;
        }
    }

    /** The present field numbers, ascending: a read-only view of the presence bits. */
    private static final class FieldNumbers extends AbstractSet<Integer> {
        private final long low;
        private final long high;

        FieldNumbers(long low, long high) {
            this.low = low;
            this.high = high;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Integer n && present(low, high, n);
        }

        @Override
        public int size() {
            return Long.bitCount(low) + Long.bitCount(high);
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int next = IsoMessage.next(low, high, 0);

                @Override
                public boolean hasNext() {
                    return next > 0;
                }

                @Override
                public Integer next() {
                    if (next == 0) {
                        throw new NoSuchElementException();
                    }
                    int n = next;
                    next = IsoMessage.next(low, high, n);
                    return n;
                }
            };
        }
    }

    /** Collects fields, then {@link #build()}. */
    public static final class Builder {
        private final String mti;
        private long low;
        private long high;
        /** Values of the present fields in ascending field order; {@code size} of them are in use. */
        private Object[] values = NONE;
        private int size;
        /** Set by {@link #build()}: the array now belongs to a message, so the next change copies it first. */
        private boolean shared;

        private Builder(String mti) {
            checkMti(mti);
            this.mti = mti;
        }

        static void checkMti(String mti) {
            if (mti == null || mti.length() != 4 || !Bcd.allDigits(mti)) {
                throw new IllegalArgumentException("MTI must be 4 decimal digits");
            }
        }

        public Builder with(int field, String value) {
            check(field, value);
            put(field, value);
            return this;
        }

        public Builder with(int field, byte[] value) {
            check(field, value);
            put(field, value.clone());
            return this;
        }

        public Builder without(int field) {
            if (!present(low, high, field)) {
                return this;
            }
            int i = index(low, high, field);
            own(0);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            values[--size] = null;
            if (field <= 64) {
                low &= ~(1L << (field - 1));
            } else {
                high &= ~(1L << (field - 65));
            }
            return this;
        }

        /**
         * Every field of {@code m} but those in {@code except}, sharing its values: they are immutable inside
         * a message (binary ones are never handed out uncopied), so no copy is needed.
         */
        public Builder withFieldsOf(IsoMessage m, java.util.Set<Integer> except) {
            FieldMask mask = FieldMask.of(except);
            Object[] from = m.values;
            int i = 0;
            if (size == 0) {
                // the usual case, a reply starting from its request: append in order, with room for the host's fields
                long low = 0;
                long high = 0;
                Object[] to = new Object[m.count() + 8];
                int j = 0;
                for (int n = next(m.low, m.high, 0); n > 0; n = next(m.low, m.high, n)) {
                    Object v = from[i++];
                    if (mask != null ? !present(mask.low, mask.high, n) : !except.contains(n)) {
                        to[j++] = v;
                        if (n <= 64) {
                            low |= 1L << (n - 1);
                        } else {
                            high |= 1L << (n - 65);
                        }
                    }
                }
                this.low = low;
                this.high = high;
                this.values = to;
                this.size = j;
                this.shared = false;
                return this;
            }
            for (int n = next(m.low, m.high, 0); n > 0; n = next(m.low, m.high, n)) {
                Object v = from[i++];
                if (mask != null ? !present(mask.low, mask.high, n) : !except.contains(n)) {
                    put(n, v);
                }
            }
            return this;
        }

        public IsoMessage build() {
            shared = true;
            return new IsoMessage(mti, low, high, values);
        }

        private void put(int field, Object value) {
            int i = index(low, high, field);
            if (present(low, high, field)) {
                own(0);
                values[i] = value;
                return;
            }
            own(1);
            System.arraycopy(values, i, values, i + 1, size - i);
            values[i] = value;
            size++;
            if (field <= 64) {
                low |= 1L << (field - 1);
            } else {
                high |= 1L << (field - 65);
            }
        }

        /** Makes the array this builder's own with room for {@code more} values. */
        private void own(int more) {
            if (shared || size + more > values.length) {
                values = Arrays.copyOf(values, shared ? size + Math.max(more, 4) : Math.max(8, size * 2));
                shared = false;
            }
        }

        private static void check(int field, Object value) {
            if (field < 2 || field > 128) {
                throw new IllegalArgumentException("field " + field + ": data elements are 2..128 (1 is the bitmap)");
            }
            if (value == null) {
                throw new IllegalArgumentException("field " + field + ": null value; use without(" + field + ")");
            }
        }
    }
}
