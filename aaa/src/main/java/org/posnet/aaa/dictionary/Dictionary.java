package org.posnet.aaa.dictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.Tagged;

/**
 * Attribute names and types from dictionary files in FreeRADIUS format: {@code ATTRIBUTE},
 * {@code VALUE}, {@code VENDOR}, {@code BEGIN-VENDOR}/{@code END-VENDOR} and {@code $INCLUDE}. It is
 * used to print packets by name and to read attributes named in configuration; the hot path uses the
 * numbers in {@link org.posnet.aaa.codec.Attr}.
 */
public final class Dictionary {
  private final Map<Long, AttributeDef> byNumber;
  private final Map<String, AttributeDef> byName;
  private final Map<String, Integer> vendors;

  private Dictionary(Map<Long, AttributeDef> byNumber, Map<String, AttributeDef> byName, Map<String, Integer> vendors) {
    this.byNumber = Map.copyOf(byNumber);
    this.byName = Map.copyOf(byName);
    this.vendors = Map.copyOf(vendors);
  }

  /** The dictionaries PosNet ships (RFC 2865/2866/2868/2869/5176, 3GPP, 3GPP2), plus extra files. */
  public static Dictionary standard(Path... extra) throws DictionaryException {
    Builder b = new Builder();
    b.load("dictionary", name -> Dictionary.class.getResourceAsStream("/dictionary/" + name));
    for (Path p : extra) {
      Path dir = p.toAbsolutePath().getParent();
      b.load(p.getFileName().toString(), name -> {
        try {
          return Files.newInputStream(dir.resolve(name));
        } catch (IOException e) {
          return null;
        }
      });
    }
    return b.build();
  }

  public Optional<AttributeDef> attribute(int vendor, int type) {
    return Optional.ofNullable(byNumber.get(key(vendor, type)));
  }

  public Optional<AttributeDef> attribute(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<Integer> vendor(String name) {
    return Optional.ofNullable(vendors.get(name.toLowerCase(Locale.ROOT)));
  }

  public int size() {
    return byNumber.size();
  }

  /** {@code Name = value} as FreeRADIUS prints it; secrets print as stars. */
  public String format(RadiusAttribute a) {
    AttributeDef def = byNumber.get(key(a.vendor(), a.type()));
    if (def == null) return a.toString();
    if (def.secret()) return def.name() + " = ***";
    return def.name() + " = " + formatValue(def, a);
  }

  private static String formatValue(AttributeDef def, RadiusAttribute a) {
    byte[] v = a.value();
    String tag = "";
    if (def.hasTag() && v.length > 0 && (v[0] & 0xff) <= 0x1f && (v[0] != 0 || def.dataType() == AttributeType.INTEGER)) {
      tag = ":" + (v[0] & 0xff);
    }
    switch (def.dataType()) {
      case INTEGER: {
        long n = def.hasTag() ? Tagged.integerOf(a) : a.asInt();
        if (n < 0) return "0x" + HexFormat.of().formatHex(v);
        String named = def.values().get(n);
        return (named != null ? named : Long.toString(n)) + tag;
      }
      case IPADDR:
        if (v.length != 4) return "0x" + HexFormat.of().formatHex(v);
        return (v[0] & 0xff) + "." + (v[1] & 0xff) + "." + (v[2] & 0xff) + "." + (v[3] & 0xff);
      case DATE:
        return v.length == 4 ? Instant.ofEpochSecond(a.asInt()).toString() : "0x" + HexFormat.of().formatHex(v);
      case STRING: {
        String s = def.hasTag() ? Tagged.textOf(a) : a.asText();
        for (int i = 0; i < s.length(); i++) {
          if (Character.isISOControl(s.charAt(i))) return "0x" + HexFormat.of().formatHex(v);
        }
        return '"' + s + '"' + tag;
      }
      default:
        return "0x" + HexFormat.of().formatHex(v);
    }
  }

  private static long key(int vendor, int type) {
    return ((long) vendor << 16) | type;
  }

  private static final class Builder {
    private final Map<Long, AttributeDef> byNumber = new HashMap<>();
    private final Map<String, AttributeDef> byName = new HashMap<>();
    private final Map<String, Integer> vendors = new HashMap<>();
    private final Map<String, Map<Long, String>> pendingValues = new LinkedHashMap<>();
    private int depth;

    void load(String name, Function<String, InputStream> opener) throws DictionaryException {
      if (++depth > 8) throw new DictionaryException(name + ": $INCLUDE nested too deep");
      InputStream in = opener.apply(name);
      if (in == null) throw new DictionaryException("dictionary file not found: " + name);
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8); BufferedReader br = new BufferedReader(r)) {
        String line;
        int lineNo = 0;
        int vendor = 0;
        while ((line = br.readLine()) != null) {
          lineNo++;
          int hash = line.indexOf('#');
          if (hash >= 0) line = line.substring(0, hash);
          String[] w = line.trim().split("\\s+");
          if (w.length == 0 || w[0].isEmpty()) continue;
          String where = name + ":" + lineNo + ": ";
          switch (w[0].toUpperCase(Locale.ROOT)) {
            case "$INCLUDE" -> {
              need(w, 2, where);
              load(w[1], opener);
            }
            case "VENDOR" -> {
              need(w, 3, where);
              vendors.put(w[1].toLowerCase(Locale.ROOT), number(w[2], where));
            }
            case "BEGIN-VENDOR" -> {
              need(w, 2, where);
              Integer id = vendors.get(w[1].toLowerCase(Locale.ROOT));
              if (id == null) throw new DictionaryException(where + "BEGIN-VENDOR of unknown vendor " + w[1]);
              vendor = id;
            }
            case "END-VENDOR" -> vendor = 0;
            case "ATTRIBUTE" -> attribute(w, vendor, where);
            case "VALUE" -> {
              need(w, 4, where);
              pendingValues.computeIfAbsent(w[1].toLowerCase(Locale.ROOT), k -> new HashMap<>()).put((long) number(w[3], where), w[2]);
            }
            default -> { /* FreeRADIUS keywords PosNet does not need (FLAGS, PROTOCOL…) are skipped. */ }
          }
        }
      } catch (IOException e) {
        throw new DictionaryException(name + ": " + e.getMessage());
      }
      depth--;
    }

    private void attribute(String[] w, int vendor, String where) throws DictionaryException {
      need(w, 4, where);
      AttributeType type = AttributeType.parse(w[3]);
      if (type == null) throw new DictionaryException(where + "unknown data type '" + w[3] + "' for " + w[1]);
      int number = number(w[2], where);
      if (number < 0 || number > 255) throw new DictionaryException(where + "attribute number " + number + " outside 0..255 for " + w[1]);
      boolean tag = false;
      int encrypt = 0;
      if (w.length > 4) {
        for (String flag : w[4].split(",")) {
          if (flag.equals("has_tag")) tag = true;
          else if (flag.startsWith("encrypt=")) encrypt = number(flag.substring(8), where);
        }
      }
      AttributeDef def = new AttributeDef(w[1], vendor, number, type, tag, encrypt, Map.of());
      byNumber.put(key(vendor, number), def);
      byName.put(w[1].toLowerCase(Locale.ROOT), def);
    }

    Dictionary build() {
      for (Map.Entry<String, Map<Long, String>> e : pendingValues.entrySet()) {
        AttributeDef def = byName.get(e.getKey());
        if (def == null) continue; // FreeRADIUS also tolerates VALUEs of attributes defined elsewhere
        AttributeDef withValues = new AttributeDef(def.name(), def.vendor(), def.type(), def.dataType(), def.hasTag(), def.encrypt(), e.getValue());
        byNumber.put(key(def.vendor(), def.type()), withValues);
        byName.put(e.getKey(), withValues);
      }
      return new Dictionary(byNumber, byName, vendors);
    }

    private static void need(String[] w, int n, String where) throws DictionaryException {
      if (w.length < n) throw new DictionaryException(where + w[0] + " needs " + (n - 1) + " words");
    }

    private static int number(String s, String where) throws DictionaryException {
      try {
        return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new DictionaryException(where + "not a number: " + s);
      }
    }
  }
}
