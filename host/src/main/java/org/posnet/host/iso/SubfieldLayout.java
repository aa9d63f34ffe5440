package org.posnet.host.iso;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a composite field, kept by the dialect so a bank's 60.4/60.5 are configuration. The
 * message stores the field as one string; this splits it and joins it back.
 */
public final class SubfieldLayout {

    private final List<SubfieldSpec> parts;
    /** The same parts as an array, so the per-message check walks them without an iterator. */
    private final SubfieldSpec[] array;

    SubfieldLayout(List<SubfieldSpec> parts) {
        this.parts = List.copyOf(parts);
        this.array = this.parts.toArray(new SubfieldSpec[0]);
    }

    public List<SubfieldSpec> parts() {
        return parts;
    }

    /**
     * Splits a field value into its present sub-fields (absent optional ones are left out).
     *
     * @throws IllegalArgumentException naming the sub-field when the value does not fit the layout
     */
    public List<String> split(int field, String value) {
        check(field, value.length());
        List<String> out = new ArrayList<>(array.length);
        int at = 0;
        for (SubfieldSpec part : array) {
            if (at == value.length()) {
                break;
            }
            int end = part.variable() ? value.length() : at + part.length();
            out.add(value.substring(at, end));
            at = end;
        }
        return List.copyOf(out);
    }

    /**
     * Whether a value of {@code length} characters fits the layout (whether it does depends on nothing
     * else); the codec's check on every message, allocating only when it fails.
     *
     * @throws IllegalArgumentException naming the sub-field when it does not
     */
    void check(int field, int length) {
        int at = 0;
        for (SubfieldSpec part : array) {
            int left = length - at;
            if (left == 0) {
                if (!part.optional()) {
                    throw new IllegalArgumentException(field + "." + part.number() + " (" + part.name() + ") is missing");
                }
                break;
            }
            if (part.variable()) {
                if (left > part.length()) {
                    throw new IllegalArgumentException(field + "." + part.number() + " (" + part.name() + ") has " + left
                            + " characters, max " + part.length());
                }
                at = length;
                break;
            }
            if (left < part.length()) {
                throw new IllegalArgumentException(field + "." + part.number() + " (" + part.name() + ") is cut short: "
                        + left + " of " + part.length() + " characters");
            }
            at += part.length();
        }
        if (at != length) {
            throw new IllegalArgumentException("field " + field + " has " + (length - at)
                    + " characters after its last sub-field");
        }
    }

    /** One sub-field by its number, or null when absent. */
    public String get(int field, String value, int subfield) {
        List<String> present = split(field, value);
        for (int i = 0; i < present.size(); i++) {
            if (parts.get(i).number() == subfield) {
                return present.get(i);
            }
        }
        return null;
    }

    /** Joins sub-field values in order and checks the result against the layout. */
    public String join(int field, String... values) {
        String joined = String.join("", values);
        split(field, joined);
        return joined;
    }
}
