package org.posnet.vpdn.lac;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.ControlConfig;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.Role;
import org.posnet.vpdn.l2tp.transport.L2tpEndpoint;
import org.posnet.vpdn.l2tp.transport.L2tpTunnel;
import org.posnet.vpdn.l2tp.transport.TunnelAdmission;
import org.posnet.vpdn.l2tp.transport.TunnelEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carrier's LAC, for labs, the simulator and tests (call flow steps 1–4): terminates each
 * terminal's LCP and CHAP, asks the carrier AAA, opens or reuses a tunnel to the LNS it names
 * (failing over to the next alternative), places the call with proxy LCP and proxy authentication,
 * then relays PPP frames. One event loop runs the endpoint, every call and the terminals on it.
 */
public final class Lac implements AutoCloseable, TunnelEvents {
  private static final Logger log = LoggerFactory.getLogger(Lac.class);

  final LacConfig config;
  final CarrierAaa aaa;
  final L2tpEndpoint endpoint;
  final SecureRandom random = new SecureRandom();
  /** Tunnels by LNS address and password: a call reuses one when its alternative matches. */
  private final Map<String, L2tpTunnel> tunnels = new HashMap<>();
  private final Map<Long, LacCall> calls = new HashMap<>();
  private long nextSerial = 1;

  public Lac(LacConfig config, CarrierAaa aaa, MeterRegistry meters) throws InterruptedException {
    this(config, aaa, meters, null);
  }

  /**
   * {@code group}: a one-loop event loop group to run on (its owner shuts it down), e.g. the one a
   * {@link RadiusCarrierAaa} runs on ({@link org.posnet.vpdn.l2tp.transport.Udp#newGroup}(1)), so a
   * call's carrier answer needs no hand-over between threads; null for a loop of its own.
   */
  public Lac(LacConfig config, CarrierAaa aaa, MeterRegistry meters, io.netty.channel.EventLoopGroup group)
      throws InterruptedException {
    this.config = config;
    this.aaa = aaa;
    this.endpoint = new L2tpEndpoint(new L2tpEndpoint.Options(config.bind(), config.port(), Role.LAC, 0xFFFF),
        this, TunnelAdmission.none(), meters, group == null ? null : group.next());
    log.info("event=lac_listening l2tp={}:{} host_name={}", config.bind(), endpoint.port(), config.hostName());
  }

  public int port() {
    return endpoint.port();
  }

  /** The loop every call runs on; {@link #dial} and {@link LacCall}'s methods must be called on it. */
  public EventLoop eventLoop() {
    return endpoint.eventLoop();
  }

  public L2tpEndpoint endpoint() {
    return endpoint;
  }

  /**
   * A terminal dials in: LCP starts at once. {@code toTerminal} receives our PPP frames (on the
   * event loop); the terminal hands its frames to {@link LacCall#fromTerminal}.
   */
  public LacCall dial(Consumer<byte[]> toTerminal, String imsi, CallObserver observer) {
    if (!eventLoop().inEventLoop()) {
      throw new IllegalStateException("dial on the LAC's event loop");
    }
    LacCall c = new LacCall(this, toTerminal, imsi, observer, nextSerial++);
    c.start();
    return c;
  }

  // ---------------------------------------------------------------- for calls (event loop)

  L2tpTunnel tunnelFor(TunnelEndpoint e) {
    String key = e.address() + "|" + e.password();
    L2tpTunnel t = tunnels.get(key);
    if (t != null && t.usable() && t.sessionCount() < config.maxSessionsPerTunnel()) {
      return t;
    }
    InetSocketAddress lns;
    try {
      lns = address(e.address(), config.lnsPort());
    } catch (IllegalArgumentException ex) {
      log.warn("event=lac_bad_endpoint endpoint={} reason=\"{}\"", e.address(), ex.getMessage());
      return null;
    }
    ControlConfig cc = config.timing().controlConfig(config.hostName(), e.password(), 16, config.maxSessionsPerTunnel(),
        config.hideProxyAvps() && e.password() != null);
    t = endpoint.openTunnel(lns, cc);
    tunnels.put(key, t);
    return t;
  }

  int placeCall(L2tpTunnel t, IncomingCall call, LacCall c) {
    // registered before the actions run, so an immediate SessionDown finds its call
    int id = endpoint.openSession(t, call);
    if (id != 0) {
      calls.put(key(t, id), c);
    }
    return id;
  }

  void forget(LacCall c) {
    if (c.tunnel != null && c.sessionId != 0) {
      calls.remove(key(c.tunnel, c.sessionId), c);
    }
  }

  void onLoop(Runnable r) {
    try {
      eventLoop().execute(r);
    } catch (RejectedExecutionException e) {
      // closed: nothing to report to
    }
  }

  static InetSocketAddress address(String endpoint, int defaultPort) {
    int colon = endpoint.lastIndexOf(':');
    String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
    int port = colon < 0 ? defaultPort : Integer.parseInt(endpoint.substring(colon + 1));
    if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("Tunnel-Server-Endpoint must be a dotted quad: " + endpoint);
    }
    return new InetSocketAddress(host, port);
  }

  private static long key(L2tpTunnel t, int sessionId) {
    return ((long) t.localId() << 16) | sessionId;
  }

  // ---------------------------------------------------------------- tunnel events (event loop)

  @Override
  public void tunnelUp(L2tpTunnel tunnel) {
    // only the calls placed while the tunnel was coming up (not every call of the LAC)
    for (int id : new ArrayList<>(tunnel.sessionIds())) {
      LacCall c = calls.get(key(tunnel, id));
      if (c != null && c.tunnel == tunnel) {
        c.tunnelUp();
      }
    }
  }

  @Override
  public void tunnelDown(L2tpTunnel tunnel, ResultCode reason) {
    tunnels.values().remove(tunnel);
  }

  @Override
  public void sessionUp(L2tpTunnel tunnel, int localSessionId, IncomingCall call) {
    LacCall c = calls.get(key(tunnel, localSessionId));
    if (c != null) {
      c.tunnelUp();
      c.sessionUp();
    }
  }

  @Override
  public void sessionDown(L2tpTunnel tunnel, int localSessionId, ResultCode reason) {
    LacCall c = calls.remove(key(tunnel, localSessionId));
    if (c != null) {
      c.sessionDown(reason);
    }
  }

  @Override
  public void frameReceived(L2tpTunnel tunnel, int localSessionId, byte[] pppFrame) {
    LacCall c = calls.get(key(tunnel, localSessionId));
    if (c != null) {
      c.frameFromLns(pppFrame);
    }
  }

  /** Tunnels open now, for tests and the simulator. */
  public List<L2tpTunnel> tunnels() {
    return endpoint.tunnels();
  }

  /** Stops as a crashed LAC would: not a word to any LNS. For fault tests. */
  public void crash() {
    endpoint.close();
  }

  /** StopCCN to every LNS (its calls end with it), then closes. */
  @Override
  public void close() {
    endpoint.shutdown(ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN), 2_000);
  }
}
