package org.posnet.host.iso;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
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

    private final String mti;
    private final NavigableMap<Integer, Object> fields;

    private IsoMessage(String mti, NavigableMap<Integer, Object> fields) {
        this.mti = mti;
        this.fields = fields;
    }

    public static Builder builder(String mti) {
        return new Builder(mti);
    }

    public String mti() {
        return mti;
    }

    public boolean has(int field) {
        return fields.containsKey(field);
    }

    /** Present field numbers in ascending order. */
    public Set<Integer> fieldNumbers() {
        return Collections.unmodifiableSet(fields.navigableKeySet());
    }

    /** The value as a String, or null when absent. Binary fields are refused so a PIN block is never stringified by accident. */
    public String string(int field) {
        Object v = fields.get(field);
        if (v instanceof byte[]) {
            throw new IllegalStateException("field " + field + " is binary; use bytes(" + field + ")");
        }
        return (String) v;
    }

    /** A copy of a binary field's value, or null when absent. */
    public byte[] bytes(int field) {
        Object v = fields.get(field);
        if (v instanceof String) {
            throw new IllegalStateException("field " + field + " is not binary; use string(" + field + ")");
        }
        return v == null ? null : ((byte[]) v).clone();
    }

    /** The raw value (String or a copy of the byte[]), or null. */
    public Object value(int field) {
        Object v = fields.get(field);
        return v instanceof byte[] b ? b.clone() : v;
    }

    /** The fields themselves, for the codec in this package: read only, binary values not copied. */
    NavigableMap<Integer, Object> raw() {
        return fields;
    }

    /** Fields as a map; binary values are copies. */
    public Map<Integer, Object> fields() {
        TreeMap<Integer, Object> copy = new TreeMap<>();
        fields.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? b.clone() : v));
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
        Builder b = new Builder(newMti);
        b.fields.putAll(fields);
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(mti);
        b.fields.putAll(fields);
        return b;
    }


    /** The masked dump; same as {@link #toString()}. */
    public String toMaskedString() {
        StringBuilder sb = new StringBuilder(mti).append(" {");
        boolean first = true;
        for (Map.Entry<Integer, Object> e : fields.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(masked(e.getKey(), e.getValue()));
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
        if (!(o instanceof IsoMessage other) || !mti.equals(other.mti) || !fields.keySet().equals(other.fields.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, Object> e : fields.entrySet()) {
            Object a = e.getValue();
            Object b = other.fields.get(e.getKey());
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
        for (Map.Entry<Integer, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            h = 31 * h + e.getKey() * 17 + (v instanceof byte[] b ? Arrays.hashCode(b) : v.hashCode());
        }
        return h;
    }

    /** Collects fields, then {@link #build()}. */
    public static final class Builder {
        private final String mti;
        private TreeMap<Integer, Object> fields = new TreeMap<>();
        /** Set by {@link #build()}: the map now belongs to a message, so the next change copies it first. */
        private boolean shared;

        private Builder(String mti) {
            if (mti == null || mti.length() != 4 || !Bcd.allDigits(mti)) {
                throw new IllegalArgumentException("MTI must be 4 decimal digits");
            }
            this.mti = mti;
        }

        public Builder with(int field, String value) {
            check(field, value);
            own().put(field, value);
            return this;
        }

        public Builder with(int field, byte[] value) {
            check(field, value);
            own().put(field, value.clone());
            return this;
        }

        public Builder without(int field) {
            own().remove(field);
            return this;
        }

        /**
         * Every field of {@code m} but those in {@code except}, sharing its values: they are immutable inside
         * a message (binary ones are never handed out uncopied), so no copy is needed.
         */
        public Builder withFieldsOf(IsoMessage m, java.util.Set<Integer> except) {
            TreeMap<Integer, Object> f = own();
            m.fields.forEach((n, v) -> {
                if (!except.contains(n)) {
                    f.put(n, v);
                }
            });
            return this;
        }

        public IsoMessage build() {
            shared = true;
            return new IsoMessage(mti, Collections.unmodifiableNavigableMap(fields));
        }

        private TreeMap<Integer, Object> own() {
            if (shared) {
                fields = new TreeMap<>(fields);
                shared = false;
            }
            return fields;
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
