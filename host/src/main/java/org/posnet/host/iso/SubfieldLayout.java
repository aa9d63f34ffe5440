package org.posnet.host.iso;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a composite field, kept by the dialect so a bank's 60.4/60.5 are configuration. The
 * message stores the field as one string; this splits it and joins it back.
 */
public final class SubfieldLayout {

    private final List<SubfieldSpec> parts;

    SubfieldLayout(List<SubfieldSpec> parts) {
        this.parts = List.copyOf(parts);
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
        List<String> out = new ArrayList<>(parts.size());
        int at = 0;
        for (SubfieldSpec part : parts) {
            int left = value.length() - at;
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
                out.add(value.substring(at));
                at = value.length();
                break;
            }
            if (left < part.length()) {
                throw new IllegalArgumentException(field + "." + part.number() + " (" + part.name() + ") is cut short: "
                        + left + " of " + part.length() + " characters");
            }
            out.add(value.substring(at, at + part.length()));
            at += part.length();
        }
        if (at != value.length()) {
            throw new IllegalArgumentException("field " + field + " has " + (value.length() - at)
                    + " characters after its last sub-field");
        }
        return List.copyOf(out);
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
