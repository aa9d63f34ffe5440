package org.posnet.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.netty.channel.EventLoopGroup;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.NasRole;
import org.posnet.vpdn.dataplane.LnsDataPlane;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.vpdn.lns.Lns;
import org.posnet.vpdn.lns.LnsConfig;
import org.posnet.vpdn.lns.TunnelDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's LNS as {@code posnet serve} runs it: the fleet's {@code role: lns} NAS is its identity
 * towards the AAA (its RADIUS requests, L2TP and Disconnect sockets all use that address, and the
 * NAS secret checks Disconnect-Requests); the domains' tunnel passwords and allowed LACs come from
 * the fleet as it stands at start.
 */
final class BankLns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BankLns.class);

  private final Lns lns;
  private final RadiusClient auth;
  private final RadiusClient acct;
  private final LnsDataPlane dataPlane;
  private final EventLoopGroup loop;

  private BankLns(Lns lns, RadiusClient auth, RadiusClient acct, LnsDataPlane dataPlane, EventLoopGroup loop) {
    this.loop = loop;
    this.lns = lns;
    this.auth = auth;
    this.acct = acct;
    this.dataPlane = dataPlane;
  }

  /** Empty (and said once in the log) when the fleet has no LNS for us to be. */
  static Optional<BankLns> start(PosnetConfig cfg, FleetStore fleet, AaaEndpoints aaa, MeterRegistry meters) throws InterruptedException {
    Optional<NasIdentity> me = NasIdentity.of(fleet.nasClients(), NasRole.LNS, cfg.bind());
    if (me.isEmpty()) {
      log.warn("event=lns_off reason=\"the fleet has no RADIUS client with role lns, so the AAA would not answer this LNS\""
          + " fix=\"add one under vpdn.nas and provision, then restart\"");
      return Optional.empty();
    }
    NasIdentity nas = me.get();
    SharedSecret secret = SharedSecret.of(nas.secret());
    List<TunnelDomain> domains = fleet.vpdnDomains().stream()
        .map(d -> new TunnelDomain(d.name(), d.tunnel().password(), d.tunnel().lacs()))
        .toList();
    RadiusClient.Options options = new RadiusClient.Options(java.time.Duration.ofSeconds(2), 2, nas.bind());
    // one event loop for L2TP, Disconnect and both RADIUS clients: a call never changes threads, and
    // what one turn of the loop sends leaves in one system call (see Lns's constructor)
    EventLoopGroup loop = Udp.newGroup(1);
    RadiusClient auth = null;
    RadiusClient acct = null;
    try {
      auth = new RadiusClient(servers(aaa.auth(), secret), options, loop);
      acct = new RadiusClient(servers(aaa.acct(), secret), options, loop);
      LnsConfig config = LnsConfig.of(nas.bind(), cfg.l2tp().hostName(), domains, secret)
          .withPorts(cfg.l2tp().port(), cfg.radius().coaPort());
      Lns lns = new Lns(config, auth, acct, meters, loop);
      log.info("event=lns_started nas={} address={} aaa=\"{}\"", nas.name(), nas.bind(), aaa);
      // The terminals' IP traffic: a TUN device routed to every domain's pool. Without TUN (not root,
      // no /dev/net/tun) the control plane runs alone and LnsDataPlane says so once.
      LnsDataPlane dataPlane = null;
      if (!cfg.l2tp().tun().isEmpty()) {
        List<String> pools = fleet.vpdnDomains().stream().map(d -> d.pool()).toList();
        dataPlane = LnsDataPlane.start(lns, cfg.l2tp().tun(), pools).orElse(null);
      } else {
        log.info("event=dataplane_off reason=\"l2tp.tun is empty\"");
      }
      return Optional.of(new BankLns(lns, auth, acct, dataPlane, loop));
    } catch (RuntimeException | InterruptedException e) {
      if (auth != null) {
        auth.close();
      }
      if (acct != null) {
        acct.close();
      }
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static List<RadiusClient.Server> servers(List<InetSocketAddress> addresses, SharedSecret secret) {
    return addresses.stream().map(a -> new RadiusClient.Server(a, secret)).toList();
  }

  int l2tpPort() {
    return lns.port();
  }

  int disconnectPort() {
    return lns.disconnectPort();
  }

  /** CDN and StopCCN to every LAC and the Accounting-Stops answered (bounded), then the clients. */
  @Override
  public void close() {
    if (dataPlane != null) dataPlane.close();
    lns.close();
    auth.close();
    acct.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
