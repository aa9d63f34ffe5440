package org.posnet.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.posnet.common.yaml.MappingReader;
import org.posnet.common.yaml.Mark;
import org.posnet.common.yaml.YamlNode;
import org.posnet.common.yaml.YamlProblem;
import org.posnet.common.yaml.YamlSyntaxException;
import org.posnet.common.yaml.YamlTree;

/** Turns posnet.yaml plus environment overrides into a {@link PosnetConfig}; the schema lives here. */
final class ConfigReader {
  static final String DEFAULT_DATA = "./data";

  /** Top-level keys, then the keys of each section, in the order the docs list them. */
  static final List<String> TOP_KEYS = List.of("data", "database", "bind", "servers", "radius", "l2tp", "host", "http");
  static final Map<String, List<String>> SECTION_KEYS = Map.of(
      "database", List.of("url", "user", "password"),
      "radius", List.of("authPort", "acctPort", "coaPort", "requireMessageAuthenticator", "sessionTimeout",
          "interimInterval", "sessionExpiryIntervals", "dictionaries", "servers", "threads"),
      "l2tp", List.of("port", "hostName", "tun"),
      "host", List.of("port", "links", "issuer", "tls", "windows", "snapshots", "mdr"),
      "http", List.of("port"));
  /** Keys whose environment value is a comma-separated list. */
  private static final Set<String> LIST_KEYS = Set.of("servers", "radius.dictionaries", "radius.servers");

  private ConfigReader() {}

  static PosnetConfig read(Path file, Map<String, String> env) {
    if (file == null) {
      return read("defaults", "", env);
    }
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    try {
      return read(source, Files.readString(file, StandardCharsets.UTF_8), env);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such config file (omit --config to use the built-in defaults)");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
    }
  }

  static PosnetConfig read(String source, String yaml, Map<String, String> env) {
    YamlNode root;
    try {
      root = YamlTree.parse(source, yaml);
    } catch (YamlSyntaxException e) {
      throw new ConfigException(e.mark().toLine() + ": " + e.reason());
    }
    List<YamlProblem> problems = new ArrayList<>();
    if (root instanceof YamlNode.Mapping m) {
      root = withEnvironment(m, env, problems);
    }
    PosnetConfig config = convert(MappingReader.of(root, "", problems::add), problems::add);
    if (!problems.isEmpty()) {
      throw new ConfigException(render(problems));
    }
    return config;
  }

  private static PosnetConfig convert(MappingReader top, java.util.function.Consumer<YamlProblem> sink) {
    top.rejectUnknown(TOP_KEYS);
    String data = top.text("data", DEFAULT_DATA);
    MappingReader db = top.mapping("database");
    db.rejectUnknown(SECTION_KEYS.get("database"));
    String url = db.text("url", null);
    if (url == null) {
      url = "jdbc:h2:file:" + h2Path(data) + "/posnet";
    } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      db.invalid("url", "expected a jdbc:h2: or jdbc:postgresql: url");
    }
    String bind = top.text("bind", "127.0.0.1");
    if (bind.isBlank()) {
      top.invalid("bind", "expected an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
    }
    List<String> servers = top.texts("servers", List.of("aaa", "lns", "host", "tms", "risk", "supervision", "console"));
    for (String s : servers) {
      if (!PosnetConfig.SERVER_NAMES.contains(s)) {
        top.invalid("servers", "unknown server '" + s + "' (known: " + String.join(", ", PosnetConfig.SERVER_NAMES) + ")");
      }
    }
    return new PosnetConfig(
        Path.of(data),
        new PosnetConfig.DatabaseConfig(url, db.text("user", ""), db.text("password", "")),
        bind,
        servers.stream().distinct().toList(),
        radius(top.mapping("radius")),
        l2tp(top.mapping("l2tp")),
        host(section(top, "host"), bind, sink),
        new PosnetConfig.HttpConfig(port(section(top, "http"), "port", 8080)));
  }

  private static final List<String> LINK_KEYS = List.of("name", "bins", "host", "port", "timeout", "zpk", "zoneMak",
      "acquirerInstitution", "retryInitial", "retryMax", "dialect", "tls");
  private static final List<String> ISSUER_KEYS = List.of("bind", "port", "zpk", "zoneMak", "dialect", "tls");
  private static final List<String> TLS_KEYS = List.of("certificate", "privateKey", "clientCa");
  private static final List<String> LINK_TLS_KEYS = List.of("ca", "certificate", "privateKey");

  private static PosnetConfig.HostConfig host(MappingReader r, String bind, java.util.function.Consumer<YamlProblem> sink) {
    List<PosnetConfig.HostLink> links = new ArrayList<>();
    List<YamlNode> items = r.items("links");
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      MappingReader l = MappingReader.of(items.get(i), r.pathOf("links") + "[" + i + "]", sink);
      l.rejectUnknown(LINK_KEYS);
      String name = required(l, "name");
      if (name != null && (name.length() > 32 || !names.add(name))) {
        l.invalid("name", "expected a unique link name of at most 32 characters, got \"" + name + "\"");
      }
      List<String> bins = l.texts("bins", List.of());
      if (bins.isEmpty()) {
        l.invalid("bins", "expected at least one card number prefix (digits)");
      }
      for (String bin : bins) {
        if (!bin.matches("[0-9]{1,19}")) {
          l.invalid("bins", "expected card number prefixes (digits), got \"" + bin + "\"");
        }
      }
      String peer = required(l, "host");
      int port = port(l, "port", 0);
      if (l.has("port") && port == 0) {
        l.invalid("port", "expected the issuer's link port (1-65535)");
      } else if (!l.has("port")) {
        l.invalid("port", "required: the issuer's link port");
      }
      String zpk = required(l, "zpk");
      String institution = required(l, "acquirerInstitution");
      if (institution != null && !institution.matches("[0-9]{1,11}")) {
        l.invalid("acquirerInstitution", "expected 1-11 digits (field 32), got \"" + institution + "\"");
      }
      java.time.Duration retryInitial = duration(l, "retryInitial", java.time.Duration.ofSeconds(1));
      java.time.Duration retryMax = duration(l, "retryMax", java.time.Duration.ofSeconds(60));
      if (retryMax.compareTo(retryInitial) < 0) {
        l.invalid("retryMax", "expected at least retryInitial (" + retryInitial + ")");
      }
      links.add(new PosnetConfig.HostLink(name, bins, peer, port, duration(l, "timeout", java.time.Duration.ofSeconds(5)), zpk,
          l.text("zoneMak", null), institution, retryInitial, retryMax, l.text("dialect", null), linkTls(l.mapping("tls"))));
    }
    PosnetConfig.HostIssuer issuer = null;
    MappingReader is = r.mapping("issuer");
    if (is.present()) {
      is.rejectUnknown(ISSUER_KEYS);
      issuer = new PosnetConfig.HostIssuer(is.text("bind", bind), port(is, "port", 5900), required(is, "zpk"),
          is.text("zoneMak", null), is.text("dialect", null), serverTls(is.mapping("tls")));
    }
    return new PosnetConfig.HostConfig(port(r, "port", 5800), links, issuer, serverTls(r.mapping("tls")), windows(r.mapping("windows")),
        snapshots(r.mapping("snapshots")), mdr(r.mapping("mdr")));
  }

  /** {@code host.mdr}: {@code default} and 4-digit MCCs, each 0-10000 basis points; absent: null (PosNet's table). */
  private static PosnetConfig.HostMdr mdr(MappingReader m) {
    if (!m.present()) {
      return null;
    }
    int defaultBps = 60;
    Map<String, Integer> byMcc = new java.util.LinkedHashMap<>();
    for (String key : m.keys()) {
      if (!key.equals("default") && !key.matches("[0-9]{4}")) {
        m.invalid(key, "expected default or a 4-digit MCC");
        continue;
      }
      Integer bps = m.integer(key);
      if (bps == null) {
        continue; // reported
      }
      if (bps < 0 || bps > 10_000) {
        m.invalid(key, "expected basis points from 0 to 10000 (60 = 0.60 %), got " + bps);
      } else if (key.equals("default")) {
        defaultBps = bps;
      } else {
        byMcc.put(key, bps);
      }
    }
    return new PosnetConfig.HostMdr(defaultBps, byMcc);
  }

  private static final List<String> SNAPSHOT_KEYS = List.of("afterEntries", "quietFrom", "quietTo");

  /** {@code host.snapshots}: entries 0 (only at a clean stop) or more, the quiet window as HH:MM. */
  private static PosnetConfig.HostSnapshots snapshots(MappingReader s) {
    PosnetConfig.HostSnapshots d = PosnetConfig.HostSnapshots.defaults();
    if (!s.present()) {
      return d;
    }
    s.rejectUnknown(SNAPSHOT_KEYS);
    int after = s.integer("afterEntries", d.afterEntries());
    if (after < 0) {
      s.invalid("afterEntries", "expected 0 (only at a clean stop) or more journal entries, got " + after);
      after = d.afterEntries();
    }
    return new PosnetConfig.HostSnapshots(after, timeOfDay(s, "quietFrom", d.quietFrom()), timeOfDay(s, "quietTo", d.quietTo()));
  }

  private static java.time.LocalTime timeOfDay(MappingReader r, String key, java.time.LocalTime absent) {
    String text = r.text(key, null);
    if (text == null) {
      return absent;
    }
    if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      r.invalid(key, "expected a time of day as HH:MM, got \"" + text + "\"");
      return absent;
    }
    return java.time.LocalTime.parse(text);
  }

  private static final List<String> WINDOW_KEYS = List.of("refundDays", "preAuthHoldDays", "retentionDays");

  /** {@code host.windows}: whole days, 1-3650; the retention at least a day longer than the other two. */
  private static PosnetConfig.HostWindows windows(MappingReader w) {
    PosnetConfig.HostWindows d = PosnetConfig.HostWindows.defaults();
    if (!w.present()) {
      return d;
    }
    w.rejectUnknown(WINDOW_KEYS);
    int refund = days(w, "refundDays", d.refundDays());
    int hold = days(w, "preAuthHoldDays", d.preAuthHoldDays());
    int retention = days(w, "retentionDays", Math.max(d.retentionDays(), Math.max(refund, hold) + 10));
    if (retention <= Math.max(refund, hold)) {
      w.invalid("retentionDays", "expected more than refundDays and preAuthHoldDays (" + Math.max(refund, hold)
          + "): an original a refund or completion may name must still be in memory, got " + retention);
    }
    return new PosnetConfig.HostWindows(refund, hold, retention);
  }

  private static int days(MappingReader r, String key, int absent) {
    int v = r.integer(key, absent);
    if (v < 1 || v > 3650) {
      r.invalid(key, "expected whole days from 1 to 3650, got " + v);
      return absent;
    }
    return v;
  }

  /** {@code host.tls} and {@code host.issuer.tls}: null when absent. */
  private static PosnetConfig.HostTls serverTls(MappingReader t) {
    if (!t.present()) {
      return null;
    }
    t.rejectUnknown(TLS_KEYS);
    // the files themselves are read when the host starts, so the error names the file as it is then
    return new PosnetConfig.HostTls(required(t, "certificate"), required(t, "privateKey"), optional(t, "clientCa"));
  }

  /** {@code host.links[].tls}: {@code ca} required, {@code certificate} and {@code privateKey} both or neither. */
  private static PosnetConfig.LinkTls linkTls(MappingReader t) {
    if (!t.present()) {
      return null;
    }
    t.rejectUnknown(LINK_TLS_KEYS);
    String ca = required(t, "ca");
    String certificate = optional(t, "certificate");
    String privateKey = optional(t, "privateKey");
    if (certificate != null && privateKey == null && !t.has("privateKey")) {
      t.invalid("privateKey", "required with certificate (our client certificate's key)");
    } else if (privateKey != null && certificate == null && !t.has("certificate")) {
      t.invalid("certificate", "required with privateKey (our client certificate)");
    }
    return new PosnetConfig.LinkTls(ca, certificate, privateKey);
  }

  private static String optional(MappingReader r, String key) {
    String v = r.text(key, null);
    if (v != null && v.isBlank()) {
      r.invalid(key, "expected a file name, or leave the key out");
      return null;
    }
    return v;
  }

  private static String required(MappingReader r, String key) {
    String v = r.text(key, null);
    if (v == null || v.isBlank()) {
      r.invalid(key, "required");
      return null;
    }
    return v;
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, or a number of seconds. */
  private static java.time.Duration duration(MappingReader r, String key, java.time.Duration absent) {
    String v = r.text(key, null);
    if (v == null) {
      return absent;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)?").matcher(v.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      r.invalid(key, "expected a positive duration such as 500ms, 5s or 2m, got \"" + v + "\"");
      return absent;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      default -> java.time.Duration.ofSeconds(n);
    };
  }

  private static MappingReader section(MappingReader top, String name) {
    MappingReader r = top.mapping(name);
    r.rejectUnknown(SECTION_KEYS.get(name));
    return r;
  }

  private static PosnetConfig.RadiusConfig radius(MappingReader r) {
    r.rejectUnknown(SECTION_KEYS.get("radius"));
    List<String> upstream = r.texts("servers", List.of());
    for (String s : upstream) {
      if (!isHostPort(s)) {
        r.invalid("servers", "expected host:port with a port of 1-65535, got \"" + s + "\"");
      }
    }
    return new PosnetConfig.RadiusConfig(
        port(r, "authPort", 1812),
        port(r, "acctPort", 1813),
        port(r, "coaPort", 3799),
        r.bool("requireMessageAuthenticator", true),
        positive(r, "sessionTimeout", 86400),
        positive(r, "interimInterval", 300),
        positive(r, "sessionExpiryIntervals", 3),
        r.texts("dictionaries", List.of()),
        upstream,
        nonNegative(r, "threads", 0));
  }

  private static PosnetConfig.L2tpConfig l2tp(MappingReader r) {
    r.rejectUnknown(SECTION_KEYS.get("l2tp"));
    String hostName = r.text("hostName", "bank-lns");
    if (hostName.isBlank()) {
      r.invalid("hostName", "expected the L2TP host name this LNS announces");
    }
    return new PosnetConfig.L2tpConfig(port(r, "port", 1701), hostName, r.text("tun", "posnet0").trim());
  }

  private static int port(MappingReader r, String key, int absent) {
    int port = r.integer(key, absent);
    if (port < 0 || port > 65535) {
      r.invalid(key, "expected a port of 0-65535 (0 picks a free one), got " + port);
    }
    return port;
  }

  private static int nonNegative(MappingReader r, String key, int absent) {
    int v = r.integer(key, absent);
    if (v < 0) {
      r.invalid(key, "expected 0 or more, got " + v);
    }
    return v;
  }

  private static int positive(MappingReader r, String key, int absent) {
    int value = r.integer(key, absent);
    if (value < 1) {
      r.invalid(key, "expected a whole number of at least 1, got " + value);
    }
    return value;
  }

  static boolean isHostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return false;
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      return port >= 1 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** H2 refuses implicitly relative paths ("data/posnet"), so a relative data dir gets "./". */
  private static String h2Path(String data) {
    String d = data.endsWith("/") ? data.substring(0, data.length() - 1) : data;
    if (d.isEmpty()) {
      return ".";
    }
    return Path.of(d).isAbsolute() || d.startsWith(".") || d.startsWith("~") ? d : "./" + d;
  }

  /**
   * Lays {@code POSNET_<SECTION>_<KEY>} (and {@code POSNET_DATA}, {@code POSNET_BIND},
   * {@code POSNET_SERVERS}) over the file's tree, so env values pass the same checks as file values
   * and errors name the variable. Variables of unknown sections (POSNET_TEST_PG_URL) are not ours.
   */
  private static YamlNode.Mapping withEnvironment(YamlNode.Mapping root, Map<String, String> env, List<YamlProblem> problems) {
    Map<String, YamlNode.Entry> top = new LinkedHashMap<>(root.entries());
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("POSNET_")) {
        continue;
      }
      String rest = name.substring("POSNET_".length());
      Mark mark = Mark.of(name);
      String topKey = matchKey(TOP_KEYS, rest);
      if (topKey != null && !SECTION_KEYS.containsKey(topKey)) {
        top.put(topKey, new YamlNode.Entry(topKey, mark, envValue(topKey, e.getValue(), mark)));
        continue;
      }
      int underscore = rest.indexOf('_');
      String section = underscore < 0 ? null : matchKey(List.copyOf(SECTION_KEYS.keySet()), rest.substring(0, underscore));
      if (section == null) {
        continue;
      }
      List<String> keys = SECTION_KEYS.get(section);
      String key = matchKey(keys, rest.substring(underscore + 1));
      if (key == null) {
        problems.add(new YamlProblem(mark, section, YamlProblem.Kind.INVALID, "unknown environment variable " + name
            + " (known: " + String.join(", ", keys.stream().map(k -> "POSNET_" + section.toUpperCase() + "_" + k.toUpperCase()).toList()) + ")"));
        continue;
      }
      Map<String, YamlNode.Entry> inner = new LinkedHashMap<>();
      YamlNode.Entry existing = top.get(section);
      if (existing != null && existing.value() instanceof YamlNode.Mapping m) {
        inner.putAll(m.entries());
      }
      inner.put(key, new YamlNode.Entry(key, mark, envValue(section + "." + key, e.getValue(), mark)));
      Mark sectionMark = existing == null ? mark : existing.value().mark();
      top.put(section, new YamlNode.Entry(section, existing == null ? mark : existing.keyMark(),
          new YamlNode.Mapping(inner, sectionMark)));
    }
    return new YamlNode.Mapping(top, root.mark());
  }

  private static String matchKey(List<String> keys, String upper) {
    for (String k : keys) {
      if (k.toUpperCase().equals(upper)) {
        return k;
      }
    }
    return null;
  }

  private static YamlNode envValue(String path, String value, Mark mark) {
    if (!LIST_KEYS.contains(path)) {
      return new YamlNode.Scalar(value, YamlNode.ScalarType.STRING, mark);
    }
    List<YamlNode> items = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        items.add(new YamlNode.Scalar(part.trim(), YamlNode.ScalarType.STRING, mark));
      }
    }
    return new YamlNode.Sequence(items, mark);
  }

  private static String render(List<YamlProblem> problems) {
    problems.sort(java.util.Comparator.comparingInt((YamlProblem q) -> q.mark().line()).thenComparingInt(q -> q.mark().column()));
    YamlProblem p = problems.get(0);
    String first = p.kind() == YamlProblem.Kind.UNKNOWN_KEY
        ? p.mark().toLine() + ": unknown key '" + p.path() + "' (" + p.message() + ")"
        : p.mark().toLine() + ": " + (p.message().startsWith("unknown environment") ? "" : p.path() + ": ") + p.message();
    int more = problems.size() - 1;
    return more == 0 ? first : first + " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")";
  }
}
