package org.posnet.host.param;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a terminal reported in a status upload (状态上送, 0820 60.3 = 362): field 62 as TLVs ({@link Tlv}) of
 * printable ASCII. Known tags (docs/host.md): 01 parameter version, 31 application version, 32 serial number,
 * 33 printer (0 ready, 1 out of paper, 2 fault), 34 battery percent, 35 signal (CSQ 0..31, 99 unknown),
 * 36 cell (base station) identity. Other tags are kept as {@code tNN}.
 *
 * @param items name → value, in the order received ({@code parameterVersion}, {@code appVersion},
 *              {@code serial}, {@code printer}, {@code battery}, {@code signal}, {@code cell}, or {@code tNN})
 */
public record StatusReport(String terminal, String merchant, Instant at, Map<String, String> items) {
    static final Map<Integer, String> NAMES = Map.of(1, "parameterVersion", 31, "appVersion", 32, "serial", 33, "printer",
            34, "battery", 35, "signal", 36, "cell");
    private static final Map<String, Integer> NUMERIC_MAX_DIGITS = Map.of("parameterVersion", 12, "battery", 3, "signal", 2,
            "printer", 1);

    public StatusReport {
        items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    /** Field 62 of a 0820/362 → a report; a malformed or non-printable one is a {@link Tlv.TlvException}. */
    public static StatusReport parse(String terminal, String merchant, Instant at, byte[] field62) throws Tlv.TlvException {
        if (field62 == null || field62.length == 0) {
            throw new Tlv.TlvException("status upload without field 62", 0);
        }
        List<Tlv.Item> list = Tlv.decode(field62, 0);
        Map<String, String> items = new LinkedHashMap<>();
        for (Tlv.Item i : list) {
            for (byte b : i.value()) {
                // stored as text and published: ';' and '=' would break the stored item list
                if (b < 0x20 || b > 0x7E || b == ';' || b == '=') {
                    throw new Tlv.TlvException("status tag " + i.tag() + " is not printable ASCII", 0);
                }
            }
            String name = NAMES.getOrDefault(i.tag(), String.format("t%02d", i.tag()));
            Integer digits = NUMERIC_MAX_DIGITS.get(name);
            if (digits != null) {
                ParameterDownload.number(i, digits);
            }
            if (items.put(name, new String(i.value(), StandardCharsets.US_ASCII)) != null) {
                throw new Tlv.TlvException("status tag " + i.tag() + " given twice", 0);
            }
        }
        return new StatusReport(terminal, merchant, at, items);
    }

    /** The parameter version the terminal says it holds, or null when it did not say. */
    public Long parameterVersion() {
        String v = items.get("parameterVersion");
        return v == null ? null : Long.valueOf(v);
    }

    /** Items as stored: {@code name=value;name=value}. */
    public String encoded() {
        StringBuilder sb = new StringBuilder();
        items.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    static Map<String, String> decodeItems(String stored) {
        Map<String, String> m = new LinkedHashMap<>();
        if (stored != null && !stored.isEmpty()) {
            for (String pair : stored.split(";")) {
                int eq = pair.indexOf('=');
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return m;
    }
}
