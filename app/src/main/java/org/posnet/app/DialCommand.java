package org.posnet.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.posnet.common.config.ConfigException;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.NasClient;
import org.posnet.vpdn.lac.DialStep;
import org.posnet.vpdn.lac.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One terminal's call flow against a running {@code serve} or {@code demo}: a LAC of our own (the
 * fleet's {@code role: lac} NAS) takes the terminal's SIM through PPP/CHAP, asks the carrier AAA,
 * tunnels to the LNS it names and brings the call up to an IPCP address; then the terminal hangs
 * up. Sign-on to the host is not part of it until the ISO 8583 terminal exists.
 */
@Command(name = "dial", mixinStandardHelpOptions = true,
    description = "Dial one terminal through a lab LAC to the LNS (PPP/CHAP, carrier AAA, tunnel, session, bank AAA, IPCP), then hang up. Exit 0 when the call came up.")
final class DialCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Option(names = "--terminal", required = true, paramLabel = "ID", description = "Terminal id (field 41) whose SIM dials.") String terminalId;
  @Option(names = "--trace", description = "Print each step as it completes, with the time it took.") boolean trace;
  @Option(names = "--lns-port", paramLabel = "PORT", description = "The LNS's L2TP port (default: l2tp.port).") Integer lnsPort;
  @Option(names = "--aaa", paramLabel = "HOST:PORT", description = "The carrier AAA's authentication port (default: radius.servers, else bind and radius.authPort).") String aaa;
  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Give up on the call after this long (default: ${DEFAULT-VALUE}).") int timeout;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    PosnetConfig cfg = config.load();
    int port = lnsPort != null ? lnsPort : cfg.l2tp().port();
    if (port <= 0 || port > 65535) {
      throw new ConfigException("l2tp.port is " + port + ": pass --lns-port with the port `posnet serve` printed (l2tp=…)");
    }
    AaaEndpoints carrierAaa = carrierAaa(cfg);
    Optional<DialTarget> target;
    List<NasClient> nas;
    try (Database db = Database.open(cfg.database())) {
      FleetStore fleet = new FleetStore(db, MasterKey.loadOrCreate(cfg.data()));
      target = DialTarget.find(fleet, terminalId);
      nas = fleet.nasClients();
    }
    if (target.isEmpty()) {
      System.err.println("posnet: terminal " + terminalId + " has no SIM in the fleet; nothing to dial (see `posnet aaa users`)");
      return 1;
    }
    DialTarget t = target.get();
    try (LabLac lac = LabLac.start(nas, cfg.bind(), t.lacHostName(), carrierAaa, port, new SimpleMeterRegistry())) {
      if (trace) {
        out.println("dial terminal " + terminalId + " as " + t.user().user() + " (IMSI " + t.user().imsi() + ") through LAC "
            + t.lacHostName() + ", carrier AAA " + carrierAaa.auth().get(0).getHostString() + ":" + carrierAaa.auth().get(0).getPort());
      }
      return dial(lac, t);
    }
  }

  private int dial(LabLac lac, DialTarget t) throws InterruptedException {
    AtomicReference<DialStep> last = new AtomicReference<>();
    Terminal terminal = new Terminal(lac.lac(), new Terminal.Sim(t.user().user(), t.user().password(), t.user().imsi()), step -> {
      last.set(step);
      if (trace) out.println(step);
    });
    long started = System.nanoTime();
    Terminal.Dialled up;
    try {
      up = terminal.dial().get(timeout, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Terminal.DialFailed f) {
        if (!trace) out.println(f.failedStep());
        out.println("dial failed at " + f.failedStep().step().label() + ": " + f.failedStep().detail());
        return 1;
      }
      out.println("dial failed: " + OperatorMessages.of(e.getCause()));
      return 1;
    } catch (TimeoutException e) {
      out.println("dial failed at " + stuckAt(last.get()).label() + ": no answer within " + timeout + " s");
      terminal.hangUp();
      return 1;
    }
    out.println("terminal " + terminalId + " online at " + up.address().getHostAddress() + " in "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
    return hangUp(terminal);
  }

  /** The step a dial waits on: the one after the last that worked (a failed tunnel try is still the tunnel). */
  private static DialStep.Step stuckAt(DialStep last) {
    if (last == null) return DialStep.Step.PPP_CHAP;
    if (!last.ok()) return last.step();
    DialStep.Step[] all = DialStep.Step.values();
    return all[Math.min(last.step().ordinal() + 1, all.length - 1)];
  }

  /** The terminal ends the call (LCP Terminate, then the carrier's CDN): the LNS sends Accounting-Stop. */
  private int hangUp(Terminal terminal) throws InterruptedException {
    long started = System.nanoTime();
    try {
      String reason = terminal.hangUp().get(10, TimeUnit.SECONDS);
      out.println(String.format("%-13s %-4s %6d ms  %s", "hang-up", "ok", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), reason));
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      out.println("hang-up did not complete: " + OperatorMessages.of(e));
      return 1;
    }
  }

  private AaaEndpoints carrierAaa(PosnetConfig cfg) {
    if (aaa == null) return AaaEndpoints.of(cfg, -1, -1);
    int colon = aaa.lastIndexOf(':');
    int p = colon < 0 ? -1 : parsePort(aaa.substring(colon + 1));
    if (p <= 0) throw new ConfigException("--aaa expects HOST:PORT, got \"" + aaa + "\"");
    InetSocketAddress a = new InetSocketAddress(aaa.substring(0, colon), p);
    return new AaaEndpoints(List.of(a), List.of(), "--aaa");
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
