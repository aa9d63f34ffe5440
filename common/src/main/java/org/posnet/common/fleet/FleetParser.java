package org.posnet.common.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.posnet.common.money.Money;
import org.posnet.common.yaml.MappingReader;
import org.posnet.common.yaml.Mark;
import org.posnet.common.yaml.YamlNode;
import org.posnet.common.yaml.YamlProblem;
import org.posnet.common.yaml.YamlSyntaxException;
import org.posnet.common.yaml.YamlTree;

/**
 * Reads a fleet file into a {@link ParsedFleet}, reporting shape and type errors (unknown keys,
 * lists where a value belongs, bad enum values, bad amounts) with their positions and carrying on,
 * so one run shows every error. The big lists (merchants, terminals, cards) are read one item at a
 * time, so a million-terminal file never exists as one tree.
 */
public final class FleetParser {
  static final List<String> TOP_KEYS = List.of("institution", "vpdn", "merchants", "terminals", "cards", "zoneKeys");

  private final String source;
  private final List<FleetError> problems = new ArrayList<>();
  private final Consumer<YamlProblem> sink = this::report;

  private FleetParser(String source) {
    this.source = source;
  }

  /** Parses a file; its name (not its directory) names it in errors. */
  public static ParsedFleet parse(Path file) throws IOException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Supplier<Reader> text = () -> {
      try {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try (Reader reader = text.get()) {
      return new FleetParser(name).read(reader, text);
    }
  }

  /** Parses YAML text; {@code source} names it in errors, e.g. {@code fleet.yaml}. */
  public static ParsedFleet parse(String source, String yaml) {
    try {
      return new FleetParser(source).read(new StringReader(yaml), () -> new StringReader(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  private ParsedFleet read(Reader reader, Supplier<Reader> text) throws IOException {
    Institution institution = null;
    List<VpdnDomain> domains = new ArrayList<>();
    List<NasClient> nas = new ArrayList<>();
    List<Merchant> merchants = new ArrayList<>();
    List<Terminal> terminals = new ArrayList<>();
    List<Card> cards = new ArrayList<>();
    List<ZoneKey> zoneKeys = new ArrayList<>();
    try (JsonParser p = YamlTree.parser(reader)) {
      JsonToken first = p.nextToken();
      if (first != null && first != JsonToken.START_OBJECT) {
        problems.add(new FleetError(YamlTree.mark(p, source), "", "expected a mapping with keys " + String.join(", ", TOP_KEYS)));
        first = null;
      }
      Set<String> seen = new HashSet<>();
      while (first != null && p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Mark keyMark = YamlTree.mark(p, source);
        p.nextToken();
        if (!seen.add(key)) {
          problems.add(new FleetError(keyMark, key, "duplicate key"));
          p.skipChildren();
          continue;
        }
        switch (key) {
          case "institution" -> institution = institution(MappingReader.of(YamlTree.readNode(p, source), key, sink));
          case "vpdn" -> vpdn(MappingReader.of(YamlTree.readNode(p, source), key, sink), domains, nas);
          case "merchants" -> eachItem(p, key, item -> merchants.add(merchant(item)));
          case "terminals" -> eachItem(p, key, item -> terminals.add(terminal(item)));
          case "cards" -> eachItem(p, key, item -> cards.add(card(item)));
          case "zoneKeys" -> eachItem(p, key, item -> zoneKeys.add(zoneKey(item)));
          default -> {
            problems.add(new FleetError(keyMark, key, "unknown key (known: " + String.join(", ", TOP_KEYS) + ")"));
            p.skipChildren();
          }
        }
      }
    } catch (JsonProcessingException e) {
      YamlSyntaxException s = YamlTree.syntaxError(source, e);
      problems.add(new FleetError(s.mark(), "", s.reason()));
    } catch (YamlSyntaxException e) {
      problems.add(new FleetError(e.mark(), "", e.reason()));
    }
    FleetFile fleet = new FleetFile(institution, domains, nas, merchants, terminals, cards, zoneKeys);
    return new ParsedFleet(fleet, source, problems, text);
  }

  /** Streams a top-level list, converting one item's tree at a time. */
  private void eachItem(JsonParser p, String key, Consumer<MappingReader> convert) throws IOException, YamlSyntaxException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getText().isEmpty())) {
      return; // "terminals:" with nothing after it
    }
    if (t != JsonToken.START_ARRAY) {
      problems.add(new FleetError(YamlTree.mark(p, source), key, "expected a list"));
      p.skipChildren();
      return;
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      convert.accept(MappingReader.of(YamlTree.readNode(p, source), key + "[" + i++ + "]", sink));
    }
  }

  private ZoneKey zoneKey(MappingReader r) {
    r.rejectUnknown(List.of("name", "scheme", "key", "checkValue"));
    String name = r.text("name");
    if (name != null && (name.isEmpty() || name.length() > 32)) {
      r.invalid("name", "a zone key name is 1..32 characters");
    }
    String scheme = r.text("scheme");
    int hex = ZoneKey.hexLength(scheme);
    if (scheme != null && hex < 0) {
      r.invalid("scheme", "scheme must be one of " + String.join(", ", ZoneKey.SCHEMES) + ", got \"" + scheme + "\"");
    }
    String key = r.text("key");
    if (key != null && hex > 0 && (key.length() != hex || !key.matches("[0-9A-Fa-f]+"))) {
      r.invalid("key", "a " + scheme + " key is " + hex + " hex digits"); // the value itself is never echoed
    }
    String kcv = r.text("checkValue");
    if (kcv != null && !kcv.matches("[0-9A-Fa-f]{6}")) {
      r.invalid("checkValue", "the check value is 6 hex digits from the key ceremony");
    }
    for (String required : List.of("name", "scheme", "key", "checkValue")) {
      if (!r.has(required)) {
        r.invalid(required, "required");
      }
    }
    return new ZoneKey(name, scheme, key, kcv);
  }

  private Institution institution(MappingReader r) {
    r.rejectUnknown(List.of("code", "name"));
    return r.present() ? new Institution(r.text("code"), r.text("name")) : null;
  }

  private void vpdn(MappingReader r, List<VpdnDomain> domains, List<NasClient> nas) {
    r.rejectUnknown(List.of("domains", "nas"));
    List<YamlNode> items = r.items("domains");
    for (int i = 0; i < items.size(); i++) {
      domains.add(domain(MappingReader.of(items.get(i), r.pathOf("domains") + "[" + i + "]", sink)));
    }
    items = r.items("nas");
    for (int i = 0; i < items.size(); i++) {
      nas.add(nasClient(MappingReader.of(items.get(i), r.pathOf("nas") + "[" + i + "]", sink)));
    }
  }

  private VpdnDomain domain(MappingReader r) {
    r.rejectUnknown(List.of("name", "tunnel", "pool", "dns"));
    MappingReader t = r.mapping("tunnel");
    t.rejectUnknown(List.of("endpoints", "password", "lacs"));
    Tunnel tunnel = t.present() ? new Tunnel(t.texts("endpoints"), t.text("password"), t.texts("lacs", List.of())) : null;
    return new VpdnDomain(r.text("name"), tunnel, r.text("pool"), r.texts("dns", List.of()));
  }

  private NasClient nasClient(MappingReader r) {
    r.rejectUnknown(List.of("name", "address", "secret", "role"));
    String role = r.text("role");
    NasRole parsed = NasRole.parse(role);
    if (role != null && parsed == null) {
      r.invalid("role", "role must be lac or lns, got \"" + role + "\"");
    }
    return new NasClient(r.text("name"), r.text("address"), r.text("secret"), parsed);
  }

  private Merchant merchant(MappingReader r) {
    r.rejectUnknown(List.of("id", "name", "mcc", "licence", "legalPerson", "address", "area", "geo", "settlementAccount"));
    MappingReader g = r.mapping("geo");
    g.rejectUnknown(List.of("lat", "lon", "radiusM"));
    Geo geo = g.present() ? new Geo(decimal(g, "lat"), decimal(g, "lon"), g.integer("radiusM", Geo.DEFAULT_RADIUS_M)) : null;
    MappingReader s = r.mapping("settlementAccount");
    s.rejectUnknown(List.of("number", "holder"));
    SettlementAccount account = s.present() ? new SettlementAccount(s.text("number"), s.text("holder")) : null;
    return new Merchant(r.text("id"), r.text("name"), r.text("mcc"), r.text("licence"), r.text("legalPerson"),
        r.text("address"), r.text("area"), geo, account);
  }

  private Terminal terminal(MappingReader r) {
    r.rejectUnknown(List.of("id", "merchant", "serial", "model", "keys", "sim", "status"));
    MappingReader k = r.mapping("keys");
    k.rejectUnknown(List.of("scheme", "tmk", "mac"));
    TerminalKeys keys = null;
    if (k.present()) {
      String scheme = k.text("scheme");
      KeyScheme parsed = KeyScheme.parse(scheme);
      if (scheme != null && parsed == null) {
        k.invalid("scheme", "scheme must be 3DES or SM4, got \"" + scheme + "\"");
      }
      keys = new TerminalKeys(parsed, k.text("tmk"), k.text("mac", null));
    }
    MappingReader s = r.mapping("sim");
    s.rejectUnknown(List.of("imsi", "msisdn", "user", "password", "status"));
    Sim sim = s.present() ? new Sim(s.text("imsi"), s.text("msisdn"), s.text("user"), s.text("password"), status(s)) : null;
    return new Terminal(r.text("id"), r.text("merchant"), r.text("serial"), r.text("model"), keys, sim, status(r));
  }

  private Card card(MappingReader r) {
    r.rejectUnknown(List.of("pan", "expiry", "pin", "balance", "kind", "status"));
    String balance = r.text("balance", "0");
    long fen = 0;
    try {
      fen = Money.parseMinor(balance);
    } catch (IllegalArgumentException | ArithmeticException e) {
      r.invalid("balance", "balance must be a decimal amount with at most 2 places, like 5000.00, got \"" + balance + "\"");
    }
    String kind = r.text("kind");
    CardKind parsed = CardKind.parse(kind);
    if (kind != null && parsed == null) {
      r.invalid("kind", "kind must be debit or credit, got \"" + kind + "\"");
    }
    String statusText = r.text("status", "active");
    CardStatus status = CardStatus.parse(statusText);
    if (status == null) {
      r.invalid("status", "status must be active, lost, stolen or blocked, got \"" + statusText + "\"");
    }
    return new Card(r.text("pan"), r.text("expiry"), r.text("pin"), fen, parsed, status);
  }

  private Status status(MappingReader r) {
    String text = r.text("status", "active");
    Status s = Status.parse(text);
    if (s == null) {
      r.invalid("status", "status must be active, suspended or disabled, got \"" + text + "\"");
    }
    return s;
  }

  private double decimal(MappingReader r, String key) {
    String text = r.text(key);
    if (text == null) {
      r.invalid(key, key + " is required");
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      r.invalid(key, key + " must be a number, got \"" + text + "\"");
      return Double.NaN;
    }
  }

  private void report(YamlProblem p) {
    String message = p.kind() == YamlProblem.Kind.UNKNOWN_KEY ? "unknown key (" + p.message() + ")" : p.message();
    problems.add(new FleetError(p.mark(), p.path(), message));
  }
}
