package org.posnet.aaa.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.Chap;
import org.posnet.aaa.codec.PasswordHiding;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.codec.Tagged;

/**
 * Decides an Access-Request by the role of the client that sent it (DESIGN.md §1 steps 3 and 5):
 * <ul>
 *   <li>{@link NasRole#LAC}, the carrier AAA: a genuine user of a known VPDN domain gets the tagged
 *       tunnel attributes of the domain's LNS endpoints;
 *   <li>{@link NasRole#LNS}, the bank AAA: a genuine, active user gets a framed IP from its domain's pool.
 * </ul>
 * Both check the password (PAP or CHAP) and the SIM binding (IMSI in Calling-Station-Id or 3GPP-IMSI).
 */
public final class AccessPolicy {
  /** Reply-Message for every credential failure; the precise reason goes only to our log. */
  static final String AUTH_FAILED = "authentication failed";

  public record Settings(int sessionTimeout, int interimInterval, String lnsHostName) {}

  private static final RadiusAttribute FRAMED_USER = RadiusAttribute.integer(Attr.SERVICE_TYPE, Attr.SERVICE_TYPE_FRAMED);
  private static final RadiusAttribute PPP = RadiusAttribute.integer(Attr.FRAMED_PROTOCOL, Attr.FRAMED_PROTOCOL_PPP);
  private static final RadiusAttribute HOST_NETMASK = RadiusAttribute.ipv4(Attr.FRAMED_IP_NETMASK, 0xffffffff);

  private final Supplier<Directory> directory;
  private final RadiusAttribute sessionTimeout;
  /** DNS attributes built once per domain object; a reload's new Domain replaces the entry. Lock-free reads. */
  private final java.util.concurrent.ConcurrentHashMap<String, DnsOf> dnsAttributes = new java.util.concurrent.ConcurrentHashMap<>();

  private record DnsOf(Domain domain, List<RadiusAttribute> attributes) {}
  private final RadiusAttribute interimInterval;
  private final IpPools pools;
  private final Settings settings;

  public AccessPolicy(Supplier<Directory> directory, IpPools pools, Settings settings) {
    this.directory = directory;
    this.pools = pools;
    this.settings = settings;
    this.sessionTimeout = RadiusAttribute.integer(Attr.SESSION_TIMEOUT, settings.sessionTimeout());
    this.interimInterval = RadiusAttribute.integer(Attr.ACCT_INTERIM_INTERVAL, settings.interimInterval());
  }

  public Decision decide(Nas nas, RadiusPacket request) {
    String userName = request.text(Attr.USER_NAME);
    if (userName == null || userName.isEmpty()) return new Decision.Reject(AUTH_FAILED, "no User-Name");
    Directory dir = directory.get();
    String domainName = Subscriber.domainOf(userName);
    Domain domain = dir.domain(domainName);
    if (domain == null) return new Decision.Reject("unknown VPDN domain", "domain " + domainName + " is not a VPDN domain of ours");
    Subscriber sub = dir.user(userName);
    if (sub == null) return new Decision.Reject(AUTH_FAILED, "unknown user");
    String credential = checkPassword(request, sub, nas.secret());
    if (credential != null) return new Decision.Reject(AUTH_FAILED, credential);
    String sim = checkSim(request, sub);
    if (sim != null) return new Decision.Reject("SIM not bound to this user", sim);
    if (!sub.active()) return new Decision.Reject("terminal or SIM suspended", "terminal " + sub.terminalId() + " or its SIM is not active");
    return nas.role() == NasRole.LAC ? tunnel(domain, sub, request, nas.secret()) : framed(domain, sub);
  }

  private static String checkPassword(RadiusPacket request, Subscriber sub, SharedSecret secret) {
    RadiusAttribute pap = request.first(Attr.USER_PASSWORD).orElse(null);
    if (pap != null) {
      byte[] clear = PasswordHiding.revealUserPassword(pap.value(), request.authenticator(), secret);
      if (clear == null) return "User-Password of impossible length " + pap.value().length;
      boolean ok = java.security.MessageDigest.isEqual(clear, sub.password());
      java.util.Arrays.fill(clear, (byte) 0);
      return ok ? null : "wrong password (PAP)";
    }
    RadiusAttribute chap = request.first(Attr.CHAP_PASSWORD).orElse(null);
    if (chap != null) {
      byte[] challenge = request.first(Attr.CHAP_CHALLENGE).map(RadiusAttribute::value).orElse(request.authenticator());
      return Chap.verify(chap.value(), sub.password(), challenge) ? null : "wrong password (CHAP)";
    }
    return "neither User-Password nor CHAP-Password";
  }

  /**
   * Calling-Station-Id carries the IMSI (a CDMA PDSN) or the MSISDN (a GGSN); 3GPP-IMSI the IMSI. Any
   * that is present must match the SIM bound to the user.
   */
  private static String checkSim(RadiusPacket request, Subscriber sub) {
    String calling = request.text(Attr.CALLING_STATION_ID);
    if (calling != null && !calling.isEmpty()) {
      long n = digits(calling);
      if (n < 0 || (n != sub.imsi() && !sameMsisdn(n, sub.msisdn()))) return "Calling-Station-Id " + calling + " is neither the IMSI nor the MSISDN bound to the user";
    }
    RadiusAttribute imsi = request.firstVendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI).orElse(null);
    if (imsi != null) {
      long n = digits(imsi.asText());
      if (n != sub.imsi()) return "3GPP-IMSI " + imsi.asText() + " is not the IMSI bound to the user";
    }
    return null;
  }

  private static boolean sameMsisdn(long n, long msisdn) {
    if (msisdn <= 0) return false;
    return n == msisdn || n == 8600000000000L + msisdn; // with the country code 86 in front
  }

  private static long digits(String s) {
    String t = s.startsWith("+") ? s.substring(1) : s;
    if (t.isEmpty() || t.length() > 18) return -1;
    long n = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private Decision tunnel(Domain domain, Subscriber sub, RadiusPacket request, SharedSecret secret) {
    List<RadiusAttribute> out = new ArrayList<>(6 * domain.endpoints().size() + 1);
    out.add(FRAMED_USER);
    // Salts must differ within a packet (RFC 2868 §3.5) and should be unpredictable.
    int salt = ThreadLocalRandom.current().nextInt(0x8000);
    byte[] password = domain.tunnelPassword();
    for (int i = 0; i < domain.endpoints().size() && i < 0x1f; i++) {
      int tag = i + 1;
      out.add(Tagged.integer(Attr.TUNNEL_TYPE, tag, Attr.TUNNEL_TYPE_L2TP));
      out.add(Tagged.integer(Attr.TUNNEL_MEDIUM_TYPE, tag, Attr.TUNNEL_MEDIUM_IPV4));
      out.add(Tagged.text(Attr.TUNNEL_SERVER_ENDPOINT, tag, domain.endpoints().get(i)));
      int s = 0x8000 | ((salt + i) & 0x7fff);
      out.add(RadiusAttribute.of(Attr.TUNNEL_PASSWORD,
          PasswordHiding.hideTunnelPassword(tag, password, new byte[] {(byte) (s >>> 8), (byte) s}, request.authenticator(), secret)));
      out.add(Tagged.integer(Attr.TUNNEL_PREFERENCE, tag, tag));
      out.add(Tagged.text(Attr.TUNNEL_ASSIGNMENT_ID, tag, domain.name()));
      if (settings.lnsHostName() != null && !settings.lnsHostName().isEmpty()) {
        out.add(Tagged.text(Attr.TUNNEL_SERVER_AUTH_ID, tag, settings.lnsHostName()));
      }
    }
    return new Decision.Accept(out, sub, 0);
  }

  private Decision framed(Domain domain, Subscriber sub) {
    IpPool pool = pools.of(domain.name());
    int ip = pool == null ? 0 : pool.offer(Subscriber.key(sub.user()));
    if (ip == 0) return new Decision.Reject("address pool exhausted", "pool " + domain.pool() + " of " + domain.name() + " has no free address");
    List<RadiusAttribute> out = new ArrayList<>(10);
    out.add(FRAMED_USER);
    out.add(PPP);
    out.add(RadiusAttribute.ipv4(Attr.FRAMED_IP_ADDRESS, ip));
    out.add(HOST_NETMASK);
    DnsOf dns = dnsAttributes.get(domain.name());
    if (dns == null || dns.domain() != domain) {
      dns = new DnsOf(domain, domain.dnsAttributes());
      dnsAttributes.put(domain.name(), dns);
    }
    out.addAll(dns.attributes());
    out.add(sessionTimeout);
    out.add(interimInterval);
    // Class comes back in every accounting request: it ties the session to the terminal.
    out.add(RadiusAttribute.of(Attr.CLASS, ("posnet:" + sub.terminalId()).getBytes(StandardCharsets.US_ASCII)));
    return new Decision.Accept(out, sub, ip);
  }
}
