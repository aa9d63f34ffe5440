package org.posnet.app;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.posnet.aaa.AaaService;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.event.InProcessEventBus;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PosNet process: the servers its configuration names, wired by hand. Servers whose modules
 * do not exist yet are reported, not silently skipped.
 */
final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Database db;
  private final Metrics metrics = new Metrics();
  private final InProcessEventBus bus = new InProcessEventBus();
  private AaaService aaa;
  private org.posnet.host.HostService host;
  private StatusHttp http;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  Node(PosnetConfig config) throws Exception {
    MasterKey lmk = MasterKey.loadOrCreate(config.data());
    db = Database.open(config.database());
    try {
      FleetStore fleet = new FleetStore(db, lmk);
      if (config.runs("aaa")) {
        aaa = new AaaService(config, fleet, db.jdbi(), bus, metrics.registry(), Clock.systemUTC());
        ports.put("aaa", aaa.authPort());
        ports.put("acct", aaa.acctPort());
      }
      if (config.runs("host")) {
        org.posnet.host.HostConfig d = org.posnet.host.HostConfig.defaults();
        org.posnet.host.HostConfig hc = new org.posnet.host.HostConfig(config.bind(), config.host().port(), d.maxFrameBytes(), d.idleTimeout(),
            d.maxInFlightPerTerminal(), d.workers(), d.journalMaxBatch(), d.terminalCacheTtl(), d.policy(), d.responseCodeOverrides(), d.dialectFile());
        host = new org.posnet.host.HostService(hc, fleet, db, lmk, bus, metrics.registry());
        ports.put("host", host.port());
      }
      for (String s : config.servers()) {
        if (!s.equals("aaa") && !s.equals("host") && !s.equals("console")) log.info("event=server_not_built server={} note=\"not part of this release yet\"", s);
      }
      http = new StatusHttp(config.bind(), config.http().port(), metrics, db);
      ports.put("http", http.port());
    } catch (Exception e) {
      close();
      throw e;
    }
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
    if (host != null) host.close();
    if (aaa != null) aaa.close();
    db.close();
  }
}
