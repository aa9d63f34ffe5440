package org.posnet.host.iso;

/**
 * One data element as the dialect file describes it.
 *
 * @param max       digits for n/z, characters for ans, bytes for b; the exact size when {@code FIXED}
 * @param prefix    null for fixed fields
 * @param padding   null for ans/b fields
 * @param subfields null unless the field is composite (60)
 */
public record FieldSpec(int number, String name, FieldType type, LengthKind length, int max,
                        PrefixEncoding prefix, Padding padding, SubfieldLayout subfields) {

    @Override
    public String toString() {
        return "field " + number + " (" + name + ", " + type.code() + (length == LengthKind.FIXED ? "" : "..") + max
                + (length == LengthKind.FIXED ? "" : " " + length) + ")";
    }
}
