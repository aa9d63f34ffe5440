package org.posnet.vpdn.lab;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.posnet.aaa.accounting.Accounting;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.accounting.MemorySessionStore;
import org.posnet.aaa.client.RadiusClient;
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
import org.posnet.aaa.server.RadiusServer;
import org.posnet.aaa.transport.RadiusUdpServer;
import org.posnet.common.time.FakeTicker;

/**
 * A real AAA on loopback in both roles, after aaa's test Fixtures: one VPDN domain whose LNS
 * endpoint is set once the LNS listens, one terminal's SIM, the carrier LAC known as 127.0.0.1 and
 * the LNS as 127.0.0.2. Accounting events are kept for tests to await.
 */
public final class AaaWorld implements AutoCloseable {
  public static final String DOMAIN = "POSBANK.133VPDN.SX";
  public static final String USER = "t10000001@" + DOMAIN;
  public static final String PASSWORD = "s3cret";
  public static final String IMSI = "460031234500001";
  public static final String USER2 = "t10000002@" + DOMAIN;
  public static final String IMSI2 = "460031234500002";
  public static final String TUNNEL_SECRET = "tunnel-secret";
  public static final String LAC_HOST = "PDSN-HZ-01";
  /** The clients' secrets in clear, for tshark's RADIUS authenticator check. */
  public static final String LAC_SECRET_TEXT = "lac-secret";
  public static final String LNS_SECRET_TEXT = "lns-secret";
  public static final SharedSecret LAC_SECRET = SharedSecret.of(LAC_SECRET_TEXT);
  public static final SharedSecret LNS_SECRET = SharedSecret.of(LNS_SECRET_TEXT);
  public static final String LAC_NAS = "127.0.0.1";
  public static final String LNS_NAS = "127.0.0.2";

  public final List<SessionEvent> events = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final IpPools pools = new IpPools(new FakeTicker(), Duration.ofSeconds(60));
  private final MemorySessionStore store = new MemorySessionStore();
  private final Accounting accounting;
  private final RadiusUdpServer udp;
  private volatile Directory directory;

  private record Waiter(Predicate<SessionEvent> test, CompletableFuture<SessionEvent> done) {}

  public AaaWorld() throws InterruptedException {
    endpoints(List.of("127.0.0.3"));
    NasTable nas = new NasTable(List.of(
        new Nas("lac1", new Cidr(Cidr.parseAddress(LAC_NAS), 32), LAC_SECRET, NasRole.LAC),
        new Nas("lns1", new Cidr(Cidr.parseAddress(LNS_NAS), 32), LNS_SECRET, NasRole.LNS)));
    accounting = new Accounting(store, () -> directory, pools, Clock.systemUTC(), Duration.ofSeconds(900), this::event);
    AccessPolicy policy = new AccessPolicy(() -> directory, pools, new AccessPolicy.Settings(86400, 300, "bank-lns"));
    RadiusServer server = new RadiusServer(() -> nas, policy, accounting, new RadiusServer.Settings(true, 8, dictionary()),
        new FakeTicker(), new SimpleMeterRegistry());
    udp = new RadiusUdpServer(server, new RadiusUdpServer.Options("127.0.0.1", 0, 0, 1, 1 << 20));
  }

  private static org.posnet.aaa.dictionary.Dictionary dictionary() {
    try {
      return org.posnet.aaa.dictionary.Dictionary.standard();
    } catch (org.posnet.aaa.dictionary.DictionaryException e) {
      throw new IllegalStateException("the shipped RADIUS dictionary does not load", e);
    }
  }

  /** Where the carrier AAA sends LACs for the domain ("a.b.c.d" or "a.b.c.d:port"), best first. */
  public void endpoints(List<String> lns) {
    Domain domain = new Domain(DOMAIN, lns, TUNNEL_SECRET.getBytes(StandardCharsets.UTF_8), List.of(LAC_HOST),
        Cidr.parse("10.64.0.0/16"), List.of(Cidr.parseAddress("10.0.0.53")));
    directory = Directory.builder(2).domain(domain)
        .user(new Subscriber(USER, PASSWORD.getBytes(StandardCharsets.UTF_8), Long.parseLong(IMSI), 13300000001L,
            "10000001", true))
        .user(new Subscriber(USER2, PASSWORD.getBytes(StandardCharsets.UTF_8), Long.parseLong(IMSI2), 13300000002L,
            "10000002", true))
        .build();
    pools.reconcile(directory.domains());
  }

  public InetSocketAddress auth() {
    return new InetSocketAddress("127.0.0.1", udp.authPort());
  }

  public InetSocketAddress acct() {
    return new InetSocketAddress("127.0.0.1", udp.acctPort());
  }

  /** A client as the LNS (source 127.0.0.2) to the auth or accounting port. */
  public RadiusClient lnsClient(InetSocketAddress to) throws InterruptedException {
    return new RadiusClient(List.of(new RadiusClient.Server(to, LNS_SECRET)),
        new RadiusClient.Options(Duration.ofMillis(500), 2, LNS_NAS));
  }

  public List<AcctSession> sessions() {
    return store.all().stream().sorted(Comparator.comparing(AcctSession::updatedAt)).toList();
  }

  /** The first accounting event, past or future, that passes {@code test}; fails after {@code within}. */
  public SessionEvent await(Predicate<SessionEvent> test, Duration within) throws Exception {
    CompletableFuture<SessionEvent> f = new CompletableFuture<>();
    waiters.add(new Waiter(test, f));
    events.stream().filter(test).findFirst().ifPresent(f::complete);
    return f.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void event(SessionEvent e) {
    events.add(e);
    for (Waiter w : waiters) {
      if (w.test().test(e)) {
        w.done().complete(e);
      }
    }
  }

  @Override
  public void close() {
    udp.close();
    accounting.close();
  }

}
