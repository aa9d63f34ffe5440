package org.posnet.vpdn.lns;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet4Address;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.Role;
import org.posnet.vpdn.l2tp.transport.L2tpEndpoint;
import org.posnet.vpdn.l2tp.transport.L2tpTunnel;
import org.posnet.vpdn.l2tp.transport.TunnelEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's LNS (call flow steps 4–6): accepts tunnels from the carrier LACs the fleet allows,
 * authenticates each call with the bank AAA (role {@code lns}), runs PPP to IPCP with the
 * Framed-IP-Address of the Access-Accept, and accounts for the call (Start, Interim, Stop). Answers
 * Disconnect-Requests. {@link #close()} clears every call with CDN and every tunnel with StopCCN and
 * waits for the Accounting-Stops.
 */
public final class Lns implements AutoCloseable, TunnelEvents {
  private static final Logger log = LoggerFactory.getLogger(Lns.class);

  final LnsConfig config;
  final L2tpEndpoint endpoint;
  final BankAaa aaa;
  final SecureRandom random = new SecureRandom();
  volatile DataPlane dataPlane = DataPlane.off();
  volatile LnsObserver observer = new LnsObserver() { };
  private final Map<Long, LnsCall> calls = new HashMap<>();
  private final Map<Inet4Address, LnsCall> byAddress = new HashMap<>();
  private final Set<CompletableFuture<?>> accounting = new HashSet<>();
  private final DisconnectServer disconnects;
  private final String sessionIdPrefix = String.format("%08x", Instant.now().getEpochSecond());
  private long nextSessionId;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final StopDrain stopDrain;
  private final io.micrometer.core.instrument.Counter proxyLcpTakenOver;
  private final io.micrometer.core.instrument.Counter proxyLcpRenegotiated;

  /**
   * @param auth RADIUS client to the bank AAA's authentication port, sending from the address the AAA
   *     knows as an {@code lns} client
   * @param accounting the same for the accounting port
   */
  public Lns(LnsConfig config, RadiusClient auth, RadiusClient accounting, MeterRegistry meters) throws InterruptedException {
    this(config, auth, accounting, meters, (io.netty.channel.EventLoopGroup) null);
  }

  /**
   * @param group the event loop group to run on (its owner shuts it down after {@link #close()}), or
   *     null for a loop of the LNS's own. Give the RADIUS clients the same one-loop group
   *     ({@link org.posnet.vpdn.l2tp.transport.Udp#newGroup}): a call's requests and answers then
   *     never change threads, and the datagrams of one turn of the loop leave in one system call.
   */
  public Lns(LnsConfig config, RadiusClient auth, RadiusClient accounting, MeterRegistry meters,
      io.netty.channel.EventLoopGroup group) throws InterruptedException {
    this(config, auth, accounting, meters, StopDrain.production(), group);
  }

  Lns(LnsConfig config, RadiusClient auth, RadiusClient accounting, MeterRegistry meters, StopDrain stopDrain)
      throws InterruptedException {
    this(config, auth, accounting, meters, stopDrain, (io.netty.channel.EventLoopGroup) null);
  }

  Lns(LnsConfig config, RadiusClient auth, RadiusClient accounting, MeterRegistry meters, StopDrain stopDrain,
      io.netty.channel.EventLoopGroup group) throws InterruptedException {
    this.config = config;
    this.stopDrain = stopDrain;
    this.proxyLcpTakenOver = meters.counter("posnet_lns_proxy_lcp_total", "outcome", "taken_over");
    this.proxyLcpRenegotiated = meters.counter("posnet_lns_proxy_lcp_total", "outcome", "renegotiated");
    this.aaa = new BankAaa(auth, accounting, config.hostName());
    LacAdmission admission = new LacAdmission(config.domains(),
        secret -> config.timing().controlConfig(config.hostName(), secret, 16, config.maxSessionsPerTunnel(), false));
    this.endpoint = new L2tpEndpoint(new L2tpEndpoint.Options(config.bind(), config.port(), Role.LNS, config.maxTunnels()),
        this, admission, meters, group == null ? null : group.next());
    DisconnectServer d = null;
    try {
      if (config.coaPort() >= 0) {
        d = new DisconnectServer(endpoint.eventLoop(), config.bind(), config.coaPort(), config.coaSecret(), this::disconnect);
      }
    } catch (RuntimeException | InterruptedException e) {
      endpoint.close();
      throw e;
    }
    this.disconnects = d;
    log.info("event=lns_listening l2tp={}:{} disconnect={} host_name={} domains={}", config.bind(), endpoint.port(),
        d == null ? "off" : d.port(), config.hostName(), config.domains().size());
  }

  /** The L2TP port (the picked one when configured 0). */
  public int port() {
    return endpoint.port();
  }

  /** The Disconnect-Request port; -1 when off. */
  public int disconnectPort() {
    return disconnects == null ? -1 : disconnects.port();
  }

  public int tunnels() {
    return endpoint.tunnelsUp();
  }

  /** Calls with IPCP up. */
  public int sessionsOnline() {
    return onLoopGet(() -> (int) calls.values().stream().filter(LnsCall::online).count());
  }

  /** Who hears of tunnels and calls coming and going (one observer; the last set wins). */
  public void observe(LnsObserver o) {
    this.observer = o;
  }

  /** Hook for the data plane: where IPv4 from terminals goes. */
  public void dataPlane(DataPlane plane) {
    this.dataPlane = plane;
  }

  /** An IPv4 packet for the terminal that holds {@code terminal}; dropped when none is online. */
  public void sendToTerminal(Inet4Address terminal, byte[] ipv4Packet) {
    onLoop(() -> {
      LnsCall c = byAddress.get(terminal);
      if (c != null) {
        c.sendIp(ipv4Packet);
      }
    });
  }

  /** The underlying endpoint, for the benchmark and fault tests. */
  public L2tpEndpoint endpoint() {
    return endpoint;
  }

  // ---------------------------------------------------------------- tunnel events (event loop)

  @Override
  public void tunnelUp(L2tpTunnel tunnel) {
    log.info("event=lns_tunnel_up tunnel={} lac={}", tunnel.localId(), tunnel.peerHostName());
    observer.tunnelUp(tunnel.peerHostName(), tunnel.localId());
  }

  @Override
  public void tunnelDown(L2tpTunnel tunnel, ResultCode reason) {
    log.info("event=lns_tunnel_down tunnel={} lac={} result={} error={} message=\"{}\"", tunnel.localId(),
        tunnel.peerHostName(), reason.result(), reason.errorCode(), reason.message());
    observer.tunnelDown(tunnel.peerHostName(), tunnel.localId(), reason);
  }

  @Override
  public void sessionUp(L2tpTunnel tunnel, int localSessionId, IncomingCall call) {
    if (calls.size() >= config.maxSessions()) {
      log.warn("event=lns_session_limit limit={} tunnel={}", config.maxSessions(), tunnel.localId());
      endpoint.closeSession(tunnel, localSessionId, ResultCode.of(ResultCode.CDN_NO_RESOURCES));
      return;
    }
    // eight hex digits as before, without a Formatter per call (it showed in the setup profile)
    String hex = Long.toHexString(0x1_0000_0000L | (nextSessionId++ & 0xFFFF_FFFFL)).substring(1);
    String acctSessionId = sessionIdPrefix + hex;
    LnsCall c = new LnsCall(this, tunnel, localSessionId, call, acctSessionId);
    calls.put(key(tunnel, localSessionId), c);
    c.start();
  }

  @Override
  public void sessionDown(L2tpTunnel tunnel, int localSessionId, ResultCode reason) {
    LnsCall c = calls.remove(key(tunnel, localSessionId));
    if (c != null) {
      if (c.address != null) {
        byAddress.remove(c.address, c);
      }
      c.sessionDown(reason);
    }
  }

  @Override
  public void frameReceived(L2tpTunnel tunnel, int localSessionId, byte[] pppFrame) {
    LnsCall c = calls.get(key(tunnel, localSessionId));
    if (c != null) {
      c.frameReceived(pppFrame);
    }
  }

  private static long key(L2tpTunnel t, int sessionId) {
    return ((long) t.localId() << 16) | sessionId;
  }

  // ---------------------------------------------------------------- calls (event loop)

  void online(LnsCall c) {
    byAddress.put(c.address, c);
    observer.callOnline(c.user, c.address, c.acctSessionId);
  }

  /** A proxy-authenticated call's LCP: taken over from the LAC, or renegotiated. */
  void proxyLcp(boolean takenOver) {
    (takenOver ? proxyLcpTakenOver : proxyLcpRenegotiated).increment();
  }

  void account(int status, LnsCall c, int cause) {
    CompletableFuture<?> f = aaa.account(status, c, cause);
    accounting.add(f);
    f.whenComplete((ok, err) -> {
      onLoopOrNow(() -> accounting.remove(f));
      if (err != null) {
        log.warn("event=lns_accounting_failed status={} acct_session_id={} reason=\"{}\"", status, c.acctSessionId,
            err.getMessage());
      } else if (ok instanceof org.posnet.aaa.codec.RadiusPacket p && p.code() != RadiusCode.ACCOUNTING_RESPONSE) {
        log.warn("event=lns_accounting_unexpected code={}", p.codeName());
      }
    });
  }

  /** Disconnect-Request: clears the calls named by session id, else by user; how many. */
  private int disconnect(String acctSessionId, String userName) {
    List<LnsCall> found = new ArrayList<>();
    for (LnsCall c : calls.values()) {
      if (acctSessionId != null ? acctSessionId.equals(c.acctSessionId) : c.user.equalsIgnoreCase(userName)) {
        found.add(c);
      }
    }
    for (LnsCall c : found) {
      c.clear(ResultCode.of(ResultCode.CDN_ADMINISTRATIVE, ResultCode.ERROR_NONE, "disconnected by the AAA"),
          LnsCall.CAUSE_ADMIN_RESET);
    }
    return found.size();
  }

  void onLoop(Runnable r) {
    try {
      endpoint.eventLoop().execute(r);
    } catch (RejectedExecutionException e) {
      // shutting down: the call is being cleared anyway
    }
  }

  private void onLoopOrNow(Runnable r) {
    if (endpoint.eventLoop().inEventLoop()) {
      r.run();
    } else {
      onLoop(r);
    }
  }

  private <T> T onLoopGet(java.util.concurrent.Callable<T> c) {
    return onLoopGet(c, 5_000);
  }

  private <T> T onLoopGet(java.util.concurrent.Callable<T> c, long timeoutMillis) {
    try {
      return endpoint.eventLoop().submit(c).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("LNS event loop did not answer", e);
    }
  }

  /**
   * CDN for every call, StopCCN for every tunnel, then waits for every Accounting-Stop to be answered:
   * as long as the AAA keeps answering, up to a bound that grows with the number of calls
   * ({@link StopDrain}); progress is logged every second.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<CompletableFuture<?>> pending;
    try {
      pending = onLoopGet(() -> {
        calls.values().forEach(LnsCall::shuttingDown);
        for (L2tpTunnel t : endpoint.tunnels()) {
          endpoint.closeTunnel(t, ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN));
        }
        return new ArrayList<>(accounting);
      }, stopDrain.bound(config.maxSessions()).toMillis()); // 100,000 CDNs and Stops take seconds on a busy loop
      log.info("event=lns_shutdown_accounting_pending requests={}", pending.size());
    } catch (IllegalStateException e) {
      log.warn("event=lns_shutdown_incomplete reason=\"{}\"", e.getMessage());
      pending = List.of();
    }
    try {
      StopDrain.Outcome o = stopDrain.await(pending);
      if (o.complete()) {
        log.info("event=lns_shutdown_accounting_done requests={} failed={} millis={}", o.total(), o.failed(), o.millis());
      } else {
        log.warn("event=lns_shutdown_accounting_incomplete requests={} settled={} failed={} millis={} bound_millis={}",
            o.total(), o.settled(), o.failed(), o.millis(), stopDrain.bound(o.total()).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (disconnects != null) {
      disconnects.close();
    }
    endpoint.close();
    log.info("event=lns_stopped");
  }
}
