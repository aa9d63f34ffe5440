package org.posnet.common.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.posnet.common.crypto.Redaction;
import org.posnet.common.net.Ipv4;
import org.posnet.common.net.Ipv4Cidr;
import org.posnet.common.yaml.Mark;

/**
 * Checks a parsed fleet file against the rules of the card and carrier world and against what the
 * database already holds. Collects every error (not just the first), each placed at its line and
 * column. Messages name values an operator needs to find the mistake, but never a secret.
 */
public final class FleetValidator {
  private final KnownNames known;

  public FleetValidator(KnownNames known) {
    this.known = known;
  }

  /** All errors of the file, the parser's included, in file order; empty when the file may be written. */
  public List<FleetError> validate(ParsedFleet parsed) {
    Run run = new Run(parsed.fleet());
    run.all();
    Set<String> flagged = new HashSet<>();
    parsed.problems().forEach(p -> flagged.add(p.path()));
    // A value the parser already refused (and read as absent) must not be reported again as missing.
    List<String[]> fresh = new ArrayList<>();
    for (String[] e : run.errors) {
      if (!underFlagged(e[0], flagged)) {
        fresh.add(e);
      }
    }
    Set<String> paths = new LinkedHashSet<>();
    fresh.forEach(e -> paths.add(e[0]));
    Map<String, Mark> marks = parsed.locate(paths);
    List<FleetError> out = new ArrayList<>(parsed.problems());
    fresh.forEach(e -> out.add(new FleetError(marks.get(e[0]), e[0], e[1])));
    out.sort(null); // stable: errors at one position keep their order
    return out;
  }

  private static boolean underFlagged(String path, Set<String> flagged) {
    for (String p = path; p != null; p = SourceLocator.parent(p)) {
      if (flagged.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** One validation pass; errors are (path, message) until positions are looked up at the end. */
  private final class Run {
    final FleetFile fleet;
    final List<String[]> errors = new ArrayList<>();
    final Set<String> fileDomains = new HashSet<>();
    final Set<String> fileMerchants = new HashSet<>();

    Run(FleetFile fleet) {
      this.fleet = fleet;
    }

    void error(String path, String message) {
      errors.add(new String[] {path, message});
    }

    boolean required(String path, Object value, String what) {
      if (value == null || (value instanceof String s && s.isBlank())) {
        error(path, what + " is required");
        return false;
      }
      return true;
    }

    void all() {
      institution();
      domains();
      nas();
      merchants();
      terminals();
      cards();
    }

    void institution() {
      Institution inst = fleet.institution();
      if (inst == null) {
        return;
      }
      if (required("institution.code", inst.code(), "institution code") && !Checks.digits(inst.code(), 8)) {
        error("institution.code", "institution code must be 8 digits, got \"" + inst.code() + "\"");
      }
      required("institution.name", inst.name(), "institution name");
    }

    void domains() {
      Map<String, String> names = new HashMap<>();
      Map<String, Ipv4Cidr> pools = new HashMap<>();
      for (int i = 0; i < fleet.domains().size(); i++) {
        VpdnDomain d = fleet.domains().get(i);
        String at = "vpdn.domains[" + i + "]";
        if (required(at + ".name", d.name(), "domain name")) {
          if (!Checks.domainName(d.name())) {
            error(at + ".name", "domain name must be a DNS-style name like POSBANK.133VPDN.SX, got \"" + d.name() + "\"");
          }
          String earlier = names.putIfAbsent(d.name(), at);
          if (earlier != null) {
            error(at + ".name", "duplicate domain " + d.name() + ", also at " + earlier);
          }
          fileDomains.add(d.name());
        }
        tunnel(at + ".tunnel", d.tunnel());
        if (required(at + ".pool", d.pool(), "pool")) {
          pool(at + ".pool", d, pools);
        }
        addresses(at + ".dns", d.dns(), "DNS server");
      }
      // Pools of domains in the database that this file does not redefine.
      known.domainPools().forEach((name, pool) -> {
        if (!fileDomains.contains(name) && Ipv4Cidr.isValid(pool)) {
          pools.put("domain " + name + " in the database", Ipv4Cidr.parse(pool));
        }
      });
      for (int i = 0; i < fleet.domains().size(); i++) {
        VpdnDomain d = fleet.domains().get(i);
        if (d.pool() == null || !Ipv4Cidr.isValid(d.pool())) {
          continue;
        }
        Ipv4Cidr mine = Ipv4Cidr.parse(d.pool());
        for (Map.Entry<String, Ipv4Cidr> other : pools.entrySet()) {
          String otherAt = other.getKey();
          // Each overlapping pair of file domains is reported once, at the later of the two.
          boolean notEarlier = otherAt.startsWith("vpdn.domains[") && index(otherAt) >= i;
          if (!notEarlier && mine.overlaps(other.getValue())) {
            error("vpdn.domains[" + i + "].pool", "pool " + mine + " overlaps pool " + other.getValue() + " of " + otherAt);
          }
        }
      }
    }

    private int index(String domainPath) {
      return Integer.parseInt(domainPath.substring("vpdn.domains[".length(), domainPath.indexOf(']')));
    }

    void pool(String at, VpdnDomain d, Map<String, Ipv4Cidr> pools) {
      try {
        Ipv4Cidr cidr = Ipv4Cidr.parse(d.pool());
        if (cidr.prefixLength() > 30) {
          error(at, "pool " + cidr + " is too small to assign addresses from (use /30 or larger)");
        }
        pools.put(at.substring(0, at.length() - ".pool".length()), cidr);
      } catch (IllegalArgumentException e) {
        error(at, "pool " + e.getMessage());
      }
    }

    void tunnel(String at, Tunnel t) {
      if (!required(at, t, "tunnel")) {
        return;
      }
      if (t.endpoints().isEmpty()) {
        error(at + ".endpoints", "tunnel needs at least one endpoint (the LNS IPv4 address)");
      }
      addresses(at + ".endpoints", t.endpoints(), "tunnel endpoint");
      required(at + ".password", t.password(), "tunnel password");
      for (int j = 0; j < t.lacs().size(); j++) {
        required(at + ".lacs[" + j + "]", t.lacs().get(j), "LAC host name");
      }
    }

    void addresses(String at, List<String> list, String what) {
      for (int j = 0; j < list.size(); j++) {
        if (!Ipv4.isValid(list.get(j))) {
          error(at + "[" + j + "]", what + " must be an IPv4 address, got \"" + list.get(j) + "\"");
        }
      }
    }

    void nas() {
      Map<String, String> names = new HashMap<>();
      Map<String, String> addresses = new HashMap<>();
      for (int i = 0; i < fleet.nas().size(); i++) {
        NasClient n = fleet.nas().get(i);
        String at = "vpdn.nas[" + i + "]";
        if (required(at + ".name", n.name(), "NAS name")) {
          String earlier = names.putIfAbsent(n.name(), at);
          if (earlier != null) {
            error(at + ".name", "duplicate NAS name " + n.name() + ", also at " + earlier);
          }
        }
        if (required(at + ".address", n.address(), "NAS address")) {
          if (!Ipv4Cidr.isValid(n.address())) {
            error(at + ".address", "NAS address must be an IPv4 address or CIDR, got \"" + n.address() + "\"");
          }
          String earlier = addresses.putIfAbsent(n.address(), at);
          String owner = known.nasAddressOwners().get(n.address());
          if (earlier != null) {
            error(at + ".address", "duplicate NAS address " + n.address() + ", also at " + earlier);
          } else if (owner != null && !owner.equals(n.name())) {
            error(at + ".address", "address " + n.address() + " already belongs to NAS " + owner + " in the database");
          }
        }
        required(at + ".secret", n.secret(), "RADIUS secret");
        required(at + ".role", n.role(), "role (lac or lns)");
      }
    }

    void merchants() {
      Map<String, String> ids = new HashMap<>();
      for (int i = 0; i < fleet.merchants().size(); i++) {
        Merchant m = fleet.merchants().get(i);
        String at = "merchants[" + i + "]";
        if (required(at + ".id", m.id(), "merchant id")) {
          if (!Checks.alnum(m.id(), 15)) {
            error(at + ".id", "merchant id must be 15 letters or digits, got \"" + m.id() + "\"");
          }
          String earlier = ids.putIfAbsent(m.id(), at);
          if (earlier != null) {
            error(at + ".id", "duplicate merchant id " + m.id() + ", also at " + earlier);
          }
          fileMerchants.add(m.id());
        }
        required(at + ".name", m.name(), "merchant name");
        if (required(at + ".mcc", m.mcc(), "mcc") && !Checks.digits(m.mcc(), 4)) {
          error(at + ".mcc", "mcc must be 4 digits, got \"" + m.mcc() + "\"");
        }
        if (m.licence() != null && !Checks.alnum(m.licence(), 18)) {
          error(at + ".licence", "licence must be an 18-character unified social credit code, got \"" + m.licence() + "\"");
        }
        if (m.area() != null && !Checks.digits(m.area(), 6)) {
          error(at + ".area", "area must be a 6-digit GB/T 2260 code, got \"" + m.area() + "\"");
        }
        geo(at + ".geo", m.geo());
        SettlementAccount acct = m.settlementAccount();
        if (acct != null) {
          if (required(at + ".settlementAccount.number", acct.number(), "account number")
              && !Checks.digits(acct.number(), 8, 32)) {
            error(at + ".settlementAccount.number", "account number must be 8-32 digits");
          }
          required(at + ".settlementAccount.holder", acct.holder(), "account holder");
        }
      }
    }

    void geo(String at, Geo g) {
      if (g == null) {
        return;
      }
      if (!Double.isNaN(g.lat()) && (g.lat() < -90 || g.lat() > 90)) {
        error(at + ".lat", "lat must be between -90 and 90, got " + g.lat());
      }
      if (!Double.isNaN(g.lon()) && (g.lon() < -180 || g.lon() > 180)) {
        error(at + ".lon", "lon must be between -180 and 180, got " + g.lon());
      }
      if (g.radiusM() < 1 || g.radiusM() > 100_000) {
        error(at + ".radiusM", "radiusM must be 1-100000 metres, got " + g.radiusM());
      }
    }

    void terminals() {
      Map<String, String> ids = new HashMap<>();
      Map<String, String> imsis = new HashMap<>();
      Map<String, String> users = new HashMap<>();
      for (int i = 0; i < fleet.terminals().size(); i++) {
        Terminal t = fleet.terminals().get(i);
        String at = "terminals[" + i + "]";
        if (required(at + ".id", t.id(), "terminal id")) {
          if (!Checks.alnum(t.id(), 8)) {
            error(at + ".id", "terminal id must be 8 letters or digits, got \"" + t.id() + "\"");
          }
          String earlier = ids.putIfAbsent(t.id(), at);
          if (earlier != null) {
            error(at + ".id", "duplicate terminal id " + t.id() + ", also at " + earlier);
          }
        }
        if (required(at + ".merchant", t.merchant(), "merchant")
            && !fileMerchants.contains(t.merchant()) && !known.merchants().contains(t.merchant())) {
          error(at + ".merchant", "merchant " + t.merchant() + " is not in this file or the database");
        }
        keys(at + ".keys", t.keys());
        if (t.sim() != null) {
          sim(at + ".sim", t, imsis, users);
        }
      }
    }

    void keys(String at, TerminalKeys k) {
      if (!required(at, k, "keys")) {
        return;
      }
      boolean scheme = required(at + ".scheme", k.scheme(), "key scheme (3DES or SM4)");
      if (k.mac() != null) {
        if (!TerminalKeys.MACS.contains(k.mac())) {
          error(at + ".mac", "mac must be " + String.join(", ", TerminalKeys.MACS) + ", got \"" + k.mac() + "\"");
        } else if (k.scheme() == KeyScheme.SM4) {
          error(at + ".mac", "an SM4 terminal always uses the SM4 MAC; mac is for 3DES terminals");
        }
      }
      if (!required(at + ".tmk", k.tmk(), "TMK")) {
        return;
      }
      if (!Checks.hex(k.tmk())) {
        error(at + ".tmk", "TMK must be hex digits (0-9, A-F)");
      } else if (scheme && !k.scheme().fitsTmkLength(k.tmk().length())) {
        error(at + ".tmk", "TMK must be " + k.scheme().tmkLengths() + " hex digits for " + k.scheme().text() + ", got "
            + k.tmk().length());
      }
    }

    void sim(String at, Terminal t, Map<String, String> imsis, Map<String, String> users) {
      Sim s = t.sim();
      if (required(at + ".imsi", s.imsi(), "IMSI")) {
        if (!Checks.digits(s.imsi(), 15)) {
          error(at + ".imsi", "IMSI must be 15 digits, got \"" + s.imsi() + "\"");
        }
        String earlier = imsis.putIfAbsent(s.imsi(), at + ".imsi");
        String owner = known.imsiOwners().get(s.imsi());
        if (earlier != null) {
          error(at + ".imsi", "duplicate IMSI " + s.imsi() + ", also at " + earlier);
        } else if (owner != null && !owner.equals(t.id())) {
          error(at + ".imsi", "IMSI " + s.imsi() + " already belongs to terminal " + owner + " in the database");
        }
      }
      if (required(at + ".msisdn", s.msisdn(), "MSISDN") && !Checks.msisdn(s.msisdn())) {
        error(at + ".msisdn", "MSISDN must be 11-15 digits, got \"" + s.msisdn() + "\"");
      }
      if (required(at + ".user", s.user(), "VPDN user")) {
        user(at + ".user", t, users);
      }
      required(at + ".password", s.password(), "SIM password");
    }

    void user(String at, Terminal t, Map<String, String> users) {
      String user = t.sim().user();
      String domain = t.sim().domain();
      String local = domain == null ? null : user.substring(0, user.length() - domain.length() - 1);
      if (domain == null || !Checks.userLocalPart(local) || !Checks.domainName(domain)) {
        error(at, "user must be name@domain, e.g. t10000001@POSBANK.133VPDN.SX, got \"" + user + "\"");
        return;
      }
      if (!fileDomains.contains(domain) && !known.domains().contains(domain)) {
        error(at, "domain " + domain + " of user " + user + " is not a VPDN domain in this file or the database");
      }
      String earlier = users.putIfAbsent(user, at);
      String owner = known.userOwners().get(user);
      if (earlier != null) {
        error(at, "duplicate user " + user + ", also at " + earlier);
      } else if (owner != null && !owner.equals(t.id())) {
        error(at, "user " + user + " already belongs to terminal " + owner + " in the database");
      }
    }

    void cards() {
      Map<String, String> pans = new HashMap<>();
      for (int i = 0; i < fleet.cards().size(); i++) {
        Card c = fleet.cards().get(i);
        String at = "cards[" + i + "]";
        if (required(at + ".pan", c.pan(), "PAN")) {
          if (!Checks.digits(c.pan(), 13, 19)) {
            error(at + ".pan", "PAN must be 13-19 digits, got " + c.pan().length() + " characters");
          } else if (!Checks.luhn(c.pan())) {
            error(at + ".pan", "PAN " + Redaction.pan(c.pan()) + " fails the Luhn check digit");
          } else {
            String earlier = pans.putIfAbsent(c.pan(), at);
            if (earlier != null) {
              error(at + ".pan", "duplicate PAN " + Redaction.pan(c.pan()) + ", also at " + earlier);
            }
          }
        }
        if (required(at + ".expiry", c.expiry(), "expiry") && !Checks.expiry(c.expiry())) {
          error(at + ".expiry", "expiry must be YYMM with a month of 01-12, got \"" + c.expiry() + "\"");
        }
        if (required(at + ".pin", c.pin(), "PIN") && !Checks.digits(c.pin(), 4, 12)) {
          error(at + ".pin", "PIN must be 4-12 digits");
        }
        required(at + ".kind", c.kind(), "kind (debit or credit)");
        // The parser defaults it to active and reports a bad one itself; null only from a fleet built in code.
        required(at + ".status", c.status(), "status (active, lost, stolen or blocked)");
      }
    }
  }
}
