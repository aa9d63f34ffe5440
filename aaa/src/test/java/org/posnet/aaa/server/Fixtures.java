package org.posnet.aaa.server;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.aaa.accounting.Accounting;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.accounting.MemorySessionStore;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.PasswordHiding;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusCodec;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.RadiusSigner;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.policy.AccessPolicy;
import org.posnet.aaa.policy.Cidr;
import org.posnet.aaa.policy.Directory;
import org.posnet.aaa.policy.Domain;
import org.posnet.aaa.policy.IpPools;
import org.posnet.aaa.policy.Nas;
import org.posnet.aaa.policy.NasRole;
import org.posnet.aaa.policy.NasTable;
import org.posnet.aaa.policy.Subscriber;
import org.posnet.common.time.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A small AAA world for tests: one domain, two users, a LAC and an LNS client, memory storage. */
public final class Fixtures {
  public static final String DOMAIN = "POSBANK.133VPDN.SX";
  public static final String USER = "t10000001@" + DOMAIN;
  public static final String PASSWORD = "s3cret";
  public static final String IMSI = "460031234500001";
  public static final SharedSecret LAC_SECRET = SharedSecret.of("lac-secret");
  public static final SharedSecret LNS_SECRET = SharedSecret.of("lns-secret");
  public static final int LAC_ADDR = Cidr.parseAddress("127.0.0.1");
  public static final int LNS_ADDR = Cidr.parseAddress("127.0.0.2");

  public final FakeTicker ticker = new FakeTicker();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final MemorySessionStore store = new MemorySessionStore();
  public final List<SessionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  public final IpPools pools = new IpPools(ticker, Duration.ofSeconds(60));
  public final Directory directory;
  public final Accounting accounting;
  public final RadiusServer server;

  public Fixtures(boolean requireMessageAuthenticator) {
    Domain domain = new Domain(DOMAIN, List.of("127.0.0.1", "127.0.0.9"), "tunnel-secret".getBytes(StandardCharsets.UTF_8), List.of("PDSN-HZ-01"),
        Cidr.parse("10.64.0.0/16"), List.of(Cidr.parseAddress("10.0.0.53")));
    directory = Directory.builder(2).domain(domain)
        .user(new Subscriber(USER, PASSWORD.getBytes(StandardCharsets.UTF_8), Long.parseLong(IMSI), 13300000001L, "10000001", true))
        .user(new Subscriber("t10000002@" + DOMAIN, PASSWORD.getBytes(StandardCharsets.UTF_8), 460031234500002L, 13300000002L, "10000002", false))
        .build();
    pools.reconcile(directory.domains());
    NasTable nas = new NasTable(List.of(
        new Nas("lac1", new Cidr(LAC_ADDR, 32), LAC_SECRET, NasRole.LAC),
        new Nas("lns1", new Cidr(LNS_ADDR, 32), LNS_SECRET, NasRole.LNS)));
    accounting = new Accounting(store, () -> directory, pools, Clock.systemUTC(), Duration.ofSeconds(900), events::add);
    AccessPolicy policy = new AccessPolicy(() -> directory, pools, new AccessPolicy.Settings(86400, 300, "bank-lns"));
    server = new RadiusServer(() -> nas, policy, accounting, new RadiusServer.Settings(requireMessageAuthenticator, 8, dictionary()), ticker, meters);
  }

  private static org.posnet.aaa.dictionary.Dictionary dictionary() {
    try {
      return org.posnet.aaa.dictionary.Dictionary.standard();
    } catch (org.posnet.aaa.dictionary.DictionaryException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a signed request as a NAS would. PAP password hidden when given; M-A added when asked. */
  public static byte[] request(int code, int id, SharedSecret secret, List<RadiusAttribute> attrs, String pap, boolean messageAuthenticator) {
    byte[] ra = RadiusCode.hasComputedRequestAuthenticator(code) ? new byte[16] : RadiusSigner.randomAuthenticator();
    List<RadiusAttribute> all = new ArrayList<>();
    if (messageAuthenticator) all.add(RadiusAttribute.of(Attr.MESSAGE_AUTHENTICATOR, new byte[16]));
    if (pap != null) all.add(RadiusAttribute.of(Attr.USER_PASSWORD, PasswordHiding.hideUserPassword(pap.getBytes(StandardCharsets.UTF_8), ra, secret)));
    all.addAll(attrs);
    byte[] out = RadiusCodec.encode(new RadiusPacket(code, id, ra, all));
    if (RadiusCode.hasComputedRequestAuthenticator(code)) RadiusSigner.signComputedRequest(out, secret);
    else RadiusSigner.signAccessRequest(out, secret);
    return out;
  }
}
