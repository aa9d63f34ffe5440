package org.posnet.host.iso;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bank's flavour of ISO 8583: framing and one {@link FieldSpec} per data element, loaded from a
 * dialect file and checked once at load so contradictions fail at start, not on the first sale.
 */
public final class Dialect {

    /** The default UnionPay POS dialect shipped with PosNet (cup-8583.md). */
    public static final String UNIONPAY_POS_RESOURCE = "/iso/cup-pos.yaml";

    private final String name;
    private final String source;
    private final Framing framing;
    private final Map<Integer, FieldSpec> fields;
    /** The same specs indexed by field number (0..128), for lookups without boxing on every field of every message. */
    private final FieldSpec[] byNumber = new FieldSpec[129];

    Dialect(String name, String source, Framing framing, Map<Integer, FieldSpec> fields) {
        this.name = name;
        this.source = source;
        this.framing = framing;
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
        fields.forEach((n, spec) -> byNumber[n] = spec);
    }

    /** The default UnionPay POS dialect from the classpath. */
    public static Dialect unionPayPos() {
        return fromResource(UNIONPAY_POS_RESOURCE);
    }

    public static Dialect fromResource(String resource) {
        try (InputStream in = Dialect.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidDialectException(resource + ": no such dialect resource on the classpath");
            }
            return DialectFile.parse(resource, in.readAllBytes());
        } catch (IOException e) {
            throw new InvalidDialectException(resource + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public static Dialect load(Path file) {
        try {
            return DialectFile.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidDialectException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses dialect-file text; {@code source} names it in error messages. */
    public static Dialect parse(String source, byte[] yaml) {
        return DialectFile.parse(source, yaml);
    }

    public String name() {
        return name;
    }

    /** Where the dialect came from (file or resource), for messages. */
    public String source() {
        return source;
    }

    public Framing framing() {
        return framing;
    }

    /** The field's spec, or null when the dialect does not define it. */
    public FieldSpec field(int number) {
        return number >= 0 && number < byNumber.length ? byNumber[number] : null;
    }

    public Map<Integer, FieldSpec> fields() {
        return fields;
    }

    /** The sub-field layout of a composite field such as 60, or null. */
    public SubfieldLayout subfields(int number) {
        FieldSpec spec = field(number);
        return spec == null ? null : spec.subfields();
    }

    @Override
    public String toString() {
        return "Dialect[" + name + " from " + source + ", " + fields.size() + " fields]";
    }
}
