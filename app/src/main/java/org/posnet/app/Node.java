package org.posnet.app;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.posnet.aaa.AaaService;
import org.posnet.common.config.ConfigException;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PosNet process: the servers it is told to run ({@code serve}: the config's list), wired by
 * hand. Servers whose modules do not exist yet are reported, not silently skipped.
 */
final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Database db;
  private final Metrics metrics = new Metrics();
  private final InProcessEventBus bus = new InProcessEventBus();
  private AaaService aaa;
  private org.posnet.host.HostService host;
  private DayEnd dayEnd;
  private BankLns lns;
  private LabLac lac;
  private StatusHttp http;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  /** Servers this release can run; console still comes up as the status endpoints only. */
  private static final Set<String> BUILT = Set.of("aaa", "lns", "lac", "host", "console");

  /** @param servers what runs here; the demo names its own list, {@code serve} the config's */
  Node(PosnetConfig config, List<String> servers) throws Exception {
    MasterKey lmk = MasterKey.loadOrCreate(config.data());
    db = Database.open(config.database());
    try {
      FleetStore fleet = new FleetStore(db, lmk);
      if (servers.contains("aaa")) {
        aaa = new AaaService(config, fleet, db.jdbi(), bus, metrics.registry(), Clock.systemUTC());
        ports.put("aaa", aaa.authPort());
        ports.put("acct", aaa.acctPort());
      }
      if (servers.contains("lns") || servers.contains("lac")) {
        AaaEndpoints upstream = AaaEndpoints.of(config, aaa == null ? -1 : aaa.authPort(), aaa == null ? -1 : aaa.acctPort());
        startVpdn(config, servers, fleet, upstream);
      }
      if (servers.contains("host")) {
        org.posnet.host.HostConfig d = org.posnet.host.HostConfig.defaults();
        org.posnet.host.HostConfig hc = new org.posnet.host.HostConfig(config.bind(), config.host().port(), d.maxFrameBytes(), d.idleTimeout(),
            d.maxInFlightPerTerminal(), d.workers(), d.journalMaxBatch(), d.terminalCacheTtl(), policy(d.policy(), config.host().windows()),
            d.responseCodeOverrides(), d.dialectFile(),
            config.data().resolve("journal"), hostTls(config.host().tls()), snapshots(config.host().snapshots()));
        host = new org.posnet.host.HostService(hc, fleet, db, lmk, bus, metrics.registry(), Clock.systemUTC(),
            mdr(config.host().mdr()), IssuerLinks.of(config, fleet));
        ports.put("host", host.port());
        if (host.issuerPort() > 0) ports.put("issuer", host.issuerPort());
        dayEnd = new DayEnd(host.ledger(), hc.policy().zone(), java.time.Clock.systemUTC());
      }
      for (String s : servers) {
        if (!BUILT.contains(s)) log.info("event=server_not_built server={} note=\"not part of this release yet\"", s);
      }
      http = new StatusHttp(config.bind(), config.http().port(), metrics, db);
      ports.put("http", http.port());
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  /**
   * The LNS, then the lab LAC, which tunnels to this LNS when it runs here (else to {@code l2tp.port}
   * at whatever address the carrier AAA names).
   */
  private void startVpdn(PosnetConfig config, List<String> servers, FleetStore fleet, AaaEndpoints upstream) throws InterruptedException {
    if (servers.contains("lns")) {
      lns = BankLns.start(config, fleet, upstream, metrics.registry()).orElse(null);
      if (lns != null) {
        ports.put("l2tp", lns.l2tpPort());
        if (lns.disconnectPort() > 0) ports.put("coa", lns.disconnectPort());
      }
    }
    if (servers.contains("lac")) {
      int lnsPort = lns != null ? lns.l2tpPort() : config.l2tp().port();
      if (lnsPort <= 0) {
        throw new ConfigException("the lab LAC needs the LNS's port: no LNS runs here and l2tp.port is 0; set l2tp.port to the LNS's port");
      }
      lac = LabLac.start(fleet.nasClients(), config.bind(), LabLac.hostNameFor(fleet.vpdnDomains()), upstream, lnsPort, metrics.registry());
      ports.put("lac", lac.port());
    }
  }

  /** posnet.yaml's {@code host.tls} as the host's setting; null (plain TCP) when absent. */
  /** The host's policy with {@code host.windows} (days) as its refund window, pre-auth hold and state retention. */
  static org.posnet.host.auth.AuthPolicy policy(org.posnet.host.auth.AuthPolicy base, PosnetConfig.HostWindows w) {
    return base.withWindows(java.time.Duration.ofDays(w.refundDays()), java.time.Duration.ofDays(w.preAuthHoldDays()),
        java.time.Duration.ofDays(w.retentionDays()));
  }

  /** posnet.yaml's {@code host.snapshots} as the host's setting: looked at every minute; 0 entries, only at a clean stop. */
  static org.posnet.host.HostConfig.Snapshots snapshots(PosnetConfig.HostSnapshots s) {
    return s.afterEntries() == 0 ? org.posnet.host.HostConfig.Snapshots.atStopOnly()
        : new org.posnet.host.HostConfig.Snapshots(java.time.Duration.ofMinutes(1), s.afterEntries(), s.quietFrom(), s.quietTo());
  }

  /** posnet.yaml's {@code host.mdr} as the ledger's table; PosNet's own when absent. */
  static org.posnet.host.ledger.MdrTable mdr(PosnetConfig.HostMdr mdr) {
    return mdr == null ? org.posnet.host.ledger.MdrTable.defaults() : new org.posnet.host.ledger.MdrTable(mdr.defaultBps(), mdr.byMcc());
  }

  static org.posnet.host.HostConfig.Tls hostTls(PosnetConfig.HostTls tls) {
    return tls == null ? null : new org.posnet.host.HostConfig.Tls(java.nio.file.Path.of(tls.certificate()),
        java.nio.file.Path.of(tls.privateKey()), tls.clientCa() == null ? null : java.nio.file.Path.of(tls.clientCa()));
  }

  /** The running host, or null when this node runs none (tests, operator commands in process). */
  org.posnet.host.HostService host() {
    return host;
  }

  /** A port from the listening line ({@code host}, {@code issuer}, …), or -1. */
  int port(String name) {
    return ports.getOrDefault(name, -1);
  }

  /** The one line scripts and tests read: every port this process listens on. */
  String listeningLine() {
    StringBuilder b = new StringBuilder("listening");
    ports.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }

  @Override
  public void close() {
    if (http != null) http.close();
    if (dayEnd != null) dayEnd.close();
    if (host != null) host.close();
    // The LNS before the AAA: its CDNs and StopCCNs end the calls, and their Accounting-Stops
    // need the AAA still listening.
    if (lns != null) lns.close();
    if (lac != null) lac.close();
    if (aaa != null) aaa.close();
    db.close();
  }
}
