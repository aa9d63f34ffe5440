package org.posnet.host.iso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML dialect format (see host/README.md) into a {@link Dialect}. The tree is walked by hand
 * rather than bound by reflection so that every complaint can name the file and the field, and unknown
 * keys (typos) are refused instead of ignored.
 */
final class DialectFile {

    private static final Set<String> TOP_KEYS = Set.of("name", "framing", "defaultPad", "fields");
    private static final Set<String> FRAMING_KEYS = Set.of("lengthPrefix", "lengthCounts", "tpdu", "header");
    private static final Set<String> FIELD_KEYS = Set.of("number", "name", "type", "length", "max", "prefix", "pad", "subfields");
    private static final Set<String> SUBFIELD_KEYS = Set.of("number", "name", "length", "optional", "variable");

    private final String source;

    private DialectFile(String source) {
        this.source = source;
    }

    static Dialect parse(String source, byte[] yaml) {
        return new DialectFile(source).parse(yaml);
    }

    private Dialect parse(byte[] yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw fail("not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail("expected a mapping with name, framing and fields");
        }
        onlyKeys(root, TOP_KEYS, "the top level");
        String name = text(root, "name", "the top level", true);
        Framing framing = framing(root.get("framing"));
        Padding defaultPad = Padding.RIGHT_0;
        if (root.has("defaultPad")) {
            defaultPad = Padding.parse(root.get("defaultPad").asText());
            if (defaultPad == null) {
                throw fail("defaultPad '" + root.get("defaultPad").asText() + "' is not one of right-0, right-F, left-0, left-F");
            }
        }
        JsonNode list = root.get("fields");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw fail("'fields' must be a non-empty list");
        }
        Map<Integer, FieldSpec> fields = new LinkedHashMap<>();
        for (JsonNode node : list) {
            FieldSpec spec = field(node, defaultPad);
            if (fields.putIfAbsent(spec.number(), spec) != null) {
                throw fail("field " + spec.number() + ": defined twice");
            }
        }
        return new Dialect(name, source, framing, fields);
    }

    private Framing framing(JsonNode node) {
        if (node == null) {
            return Framing.UNIONPAY;
        }
        if (!node.isObject()) {
            throw fail("'framing' must be a mapping");
        }
        onlyKeys(node, FRAMING_KEYS, "framing");
        int lengthBytes = integer(node, "lengthPrefix", "framing", 2);
        if (lengthBytes != 2) {
            throw fail("framing: lengthPrefix " + lengthBytes + " is not supported (2-byte binary only)");
        }
        String counts = node.has("lengthCounts") ? node.get("lengthCounts").asText() : "all";
        boolean countsAll = switch (counts) {
            case "all" -> true;
            case "message" -> false;
            default -> throw fail("framing: lengthCounts '" + counts + "' must be 'all' (TPDU+header+message) or 'message'");
        };
        int tpdu = integer(node, "tpdu", "framing", 5);
        if (tpdu != 5) {
            throw fail("framing: tpdu " + tpdu + " is not supported (5 bytes)");
        }
        int header = integer(node, "header", "framing", 6);
        if (header != 6) {
            throw fail("framing: header " + header + " is not supported (6 BCD bytes)");
        }
        return new Framing(lengthBytes, countsAll, tpdu, header);
    }

    private FieldSpec field(JsonNode node, Padding defaultPad) {
        if (!node.isObject() || !node.has("number")) {
            throw fail("every entry of 'fields' needs a number: " + node);
        }
        int number = node.get("number").asInt(-1);
        String where = "field " + node.get("number").asText();
        if (!node.get("number").canConvertToInt() || number < 2 || number > 128) {
            throw fail(where + ": number must be 2..128 (1 is the bitmap)");
        }
        onlyKeys(node, FIELD_KEYS, where);
        String name = text(node, "name", where, true);
        where = "field " + number + " (" + name + ")";
        String typeCode = text(node, "type", where, true);
        FieldType type = FieldType.fromCode(typeCode);
        if (type == null) {
            throw fail(where + ": type '" + typeCode + "' must be n, z, ans or b");
        }
        String lengthText = text(node, "length", where, true);
        LengthKind length;
        try {
            length = LengthKind.valueOf(lengthText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(where + ": length '" + lengthText + "' must be fixed, llvar or lllvar");
        }
        if (!node.has("max") || !node.get("max").canConvertToInt()) {
            throw fail(where + ": max is required (a whole number)");
        }
        int max = node.get("max").asInt();
        if (max <= 0) {
            throw fail(where + ": max must be positive, was " + max);
        }
        PrefixEncoding prefix = null;
        if (length == LengthKind.FIXED) {
            if (node.has("prefix")) {
                throw fail(where + ": a fixed field has no length prefix");
            }
        } else {
            String p = node.has("prefix") ? node.get("prefix").asText() : "bcd";
            try {
                prefix = PrefixEncoding.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw fail(where + ": prefix '" + p + "' must be bcd or binary");
            }
            if (max > length.limit(prefix)) {
                throw fail(where + ": max " + max + " does not fit a " + length + " " + prefix + " prefix (limit "
                        + length.limit(prefix) + ")");
            }
        }
        Padding padding = null;
        if (node.has("pad")) {
            if (!type.packed()) {
                throw fail(where + ": padding applies only to BCD fields (n, z), not '" + type.code() + "'");
            }
            padding = Padding.parse(node.get("pad").asText());
            if (padding == null) {
                throw fail(where + ": pad '" + node.get("pad").asText() + "' is not one of right-0, right-F, left-0, left-F");
            }
        } else if (type.packed()) {
            padding = defaultPad;
        }
        if (type == FieldType.NUMERIC && padding.nibble() == 0xF && length == LengthKind.FIXED && max % 2 == 0) {
            // harmless but a sign the author meant another field
            throw fail(where + ": pad F on an even fixed numeric field can never apply");
        }
        SubfieldLayout subfields = null;
        if (node.has("subfields")) {
            subfields = subfields(node.get("subfields"), where, type, max);
        }
        return new FieldSpec(number, name, type, length, max, prefix, padding, subfields);
    }

    private SubfieldLayout subfields(JsonNode list, String where, FieldType type, int max) {
        if (type == FieldType.BINARY) {
            throw fail(where + ": a binary field cannot have sub-fields");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw fail(where + ": 'subfields' must be a non-empty list");
        }
        List<SubfieldSpec> parts = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int fixedTotal = 0;
        boolean optionalSeen = false;
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode node = it.next();
            if (!node.isObject() || !node.has("number") || !node.get("number").canConvertToInt()) {
                throw fail(where + ": every sub-field needs a number");
            }
            int number = node.get("number").asInt();
            String subWhere = where + " sub-field " + number;
            onlyKeys(node, SUBFIELD_KEYS, subWhere);
            if (!seen.add(number)) {
                throw fail(subWhere + ": defined twice");
            }
            String name = text(node, "name", subWhere, true);
            int length = integer(node, "length", subWhere, 0);
            if (length <= 0) {
                throw fail(subWhere + ": length must be positive");
            }
            boolean optional = node.has("optional") && node.get("optional").asBoolean();
            boolean variable = node.has("variable") && node.get("variable").asBoolean();
            if (optionalSeen && !optional) {
                throw fail(subWhere + ": a required sub-field cannot follow an optional one");
            }
            if (!parts.isEmpty() && parts.get(parts.size() - 1).variable()) {
                throw fail(subWhere + ": nothing can follow a variable sub-field");
            }
            optionalSeen |= optional;
            if (!variable) {
                fixedTotal += length;
            }
            parts.add(new SubfieldSpec(number, name, length, optional, variable));
        }
        if (fixedTotal > max) {
            throw fail(where + ": sub-fields add up to " + fixedTotal + ", more than max " + max);
        }
        return new SubfieldLayout(parts);
    }

    private void onlyKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(where + ": unknown key '" + key + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private String text(JsonNode node, String key, String where, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw fail(where + ": '" + key + "' is required");
            }
            return null;
        }
        return v.asText();
    }

    private int integer(JsonNode node, String key, String where, int dflt) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.canConvertToInt()) {
            throw fail(where + ": '" + key + "' must be a whole number, was '" + v.asText() + "'");
        }
        return v.asInt();
    }

    private InvalidDialectException fail(String what) {
        return new InvalidDialectException("dialect " + source + ": " + what);
    }
}
