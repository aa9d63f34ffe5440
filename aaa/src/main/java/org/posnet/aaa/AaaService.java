package org.posnet.aaa;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.posnet.aaa.accounting.Accounting;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.JdbiSessionStore;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.policy.AccessPolicy;
import org.posnet.aaa.policy.Cidr;
import org.posnet.aaa.policy.Directory;
import org.posnet.aaa.policy.IpPools;
import org.posnet.aaa.policy.NasTable;
import org.posnet.aaa.server.RadiusServer;
import org.posnet.aaa.transport.RadiusUdpServer;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.event.Event;
import org.posnet.common.event.EventBus;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AAA server assembled: fleet in memory, policy, accounting on the database, UDP ports, a
 * periodic reload of the fleet (so `posnet provision` applies to a running server) and session expiry.
 */
public final class AaaService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AaaService.class);

  private final FleetDirectory fleet;
  private final IpPools pools;
  private final Accounting accounting;
  private final RadiusUdpServer udp;
  private final ScheduledExecutorService timers;
  private volatile Directory directory;
  private volatile NasTable clients;
  private volatile String revision;

  public AaaService(PosnetConfig config, FleetStore fleetStore, Jdbi jdbi, EventBus bus, MeterRegistry meters, Clock clock) throws InterruptedException {
    PosnetConfig.RadiusConfig rc = config.radius();
    this.fleet = new FleetDirectory(fleetStore, jdbi);
    this.pools = new IpPools(Ticker.system(), Duration.ofSeconds(120));
    long t0 = System.nanoTime();
    this.revision = fleet.revision();
    this.directory = fleet.directory();
    this.clients = fleet.clients();
    pools.reconcile(directory.domains());
    log.info("event=aaa_fleet_loaded users={} domains={} clients={} ms={}", directory.userCount(), directory.domains().size(), clients.all().size(), (System.nanoTime() - t0) / 1_000_000);
    Duration expiry = Duration.ofSeconds((long) rc.interimInterval() * Math.max(1, rc.sessionExpiryIntervals()));
    this.accounting = new Accounting(new JdbiSessionStore(jdbi), () -> directory, pools, clock, expiry, e -> bus.publish(toEvent(e, clock)));
    int recovered = accounting.recover();
    if (recovered > 0) log.info("event=aaa_sessions_recovered count={}", recovered);
    AccessPolicy policy = new AccessPolicy(() -> directory, pools, new AccessPolicy.Settings(rc.sessionTimeout(), rc.interimInterval(), config.l2tp().hostName()));
    RadiusServer server = new RadiusServer(() -> clients, policy, accounting,
        new RadiusServer.Settings(rc.requireMessageAuthenticator(), 8, dictionary(rc)), Ticker.system(), meters);
    Gauge.builder("posnet_aaa_sessions", accounting, Accounting::activeCount).description("Active accounting sessions").register(meters);
    this.udp = new RadiusUdpServer(server, new RadiusUdpServer.Options(config.bind(), rc.authPort(), rc.acctPort(), rc.threads() > 0 ? rc.threads() : Runtime.getRuntime().availableProcessors(), 8 << 20));
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aaa-timers");
      t.setDaemon(true);
      return t;
    });
    timers.scheduleWithFixedDelay(this::reloadIfChanged, 5, 5, TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(accounting::expire, 30, 30, TimeUnit.SECONDS);
  }

  /** The shipped dictionaries plus radius.dictionaries; a broken file stops the start with its name and line. */
  private static org.posnet.aaa.dictionary.Dictionary dictionary(PosnetConfig.RadiusConfig rc) {
    try {
      return org.posnet.aaa.dictionary.Dictionary.standard(rc.dictionaries().stream().map(java.nio.file.Path::of).toArray(java.nio.file.Path[]::new));
    } catch (org.posnet.aaa.dictionary.DictionaryException e) {
      throw new org.posnet.common.config.ConfigException("radius.dictionaries: " + e.getMessage());
    }
  }

  public int authPort() {
    return udp.authPort();
  }

  public int acctPort() {
    return udp.acctPort();
  }

  public Accounting accounting() {
    return accounting;
  }

  public Directory directory() {
    return directory;
  }

  /** Reloads the fleet when a provisioning run changed it; a failed reload keeps the old one. */
  void reloadIfChanged() {
    try {
      String now = fleet.revision();
      if (now.equals(revision)) return;
      Directory d = fleet.directory();
      NasTable c = fleet.clients();
      pools.reconcile(d.domains());
      directory = d;
      clients = c;
      revision = now;
      log.info("event=aaa_fleet_reloaded users={} domains={} clients={}", d.userCount(), d.domains().size(), c.all().size());
    } catch (RuntimeException e) {
      log.warn("event=aaa_fleet_reload_failed error=\"{}\"", e.toString());
    }
  }

  private static Event toEvent(SessionEvent e, Clock clock) {
    AcctSession s = e.session();
    Map<String, Object> p = new HashMap<>();
    p.put("user", s.user());
    p.put("terminal", s.terminalId());
    p.put("imsi", s.imsi());
    p.put("nas", s.nas());
    p.put("nasAddress", s.nasAddress());
    p.put("sessionId", s.sessionId());
    p.put("callingStationId", s.callingStationId());
    p.put("framedIp", s.framedIp() == 0 ? null : Cidr.format(s.framedIp()));
    p.put("location", s.location());
    p.put("state", s.state().name());
    p.put("inputOctets", s.inputOctets());
    p.put("outputOctets", s.outputOctets());
    p.values().removeIf(java.util.Objects::isNull);
    return Event.of(e.type().eventType(), s.terminalId(), p, clock);
  }

  @Override
  public void close() {
    timers.shutdownNow();
    udp.close();
    accounting.close();
  }
}
