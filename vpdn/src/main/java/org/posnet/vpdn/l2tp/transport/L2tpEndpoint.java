package org.posnet.vpdn.l2tp.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.posnet.common.time.Ticker;
import org.posnet.vpdn.l2tp.codec.Avp;
import org.posnet.vpdn.l2tp.codec.AvpType;
import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.DataMessage;
import org.posnet.vpdn.l2tp.codec.L2tpCodec;
import org.posnet.vpdn.l2tp.codec.L2tpDecodeException;
import org.posnet.vpdn.l2tp.codec.L2tpPacket;
import org.posnet.vpdn.l2tp.codec.MessageType;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.ControlAction;
import org.posnet.vpdn.l2tp.control.ControlConfig;
import org.posnet.vpdn.l2tp.control.ControlConnection;
import org.posnet.vpdn.l2tp.control.ControlTimer;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L2TP over one UDP socket: demultiplexes datagrams by tunnel id to their {@link ControlConnection},
 * carries out what the connections ask (send, timers, tunnel and session events) and hands PPP
 * frames of live sessions to {@link TunnelEvents}. Everything runs on one event loop, so the state
 * machines need no locks; the methods that act on tunnels must be called on {@link #eventLoop()}.
 * Bad datagrams are counted ({@code posnet_l2tp_dropped_total{reason}}), never thrown.
 */
public final class L2tpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(L2tpEndpoint.class);

  /** {@code port} 0 picks a free one; {@code role} tags the gauges so a LAC and an LNS can share a registry. */
  public record Options(String bind, int port, Role role, int maxTunnels) {}

  private record SccrqKey(InetSocketAddress from, int peerTunnelId) {}

  private final Options options;
  private final TunnelEvents events;
  private final TunnelAdmission admission;
  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final Channel channel;
  private final Udp.BatchedWriter out;
  private final Ticker ticker = Ticker.system();
  private final SecureRandom random = new SecureRandom();
  private final Map<Integer, L2tpTunnel> tunnels = new HashMap<>();
  private final Map<SccrqKey, L2tpTunnel> bySccrq = new HashMap<>();
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
  private final AtomicInteger tunnelsUp = new AtomicInteger();
  private final AtomicInteger sessionsUp = new AtomicInteger();
  private boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean shut = new java.util.concurrent.atomic.AtomicBoolean();

  public L2tpEndpoint(Options options, TunnelEvents events, TunnelAdmission admission, MeterRegistry meters,
      EventLoopGroup sharedGroup) throws InterruptedException {
    this.options = options;
    this.events = events;
    this.admission = admission;
    this.ownGroup = sharedGroup == null;
    this.group = ownGroup ? Udp.newGroup(1) : sharedGroup;
    String role = options.role().name().toLowerCase();
    for (DropReason r : DropReason.values()) {
      dropped.put(r, Counter.builder("posnet_l2tp_dropped").description("L2TP datagrams dropped")
          .tag("reason", r.label()).tag("role", role).register(meters));
    }
    Gauge.builder("posnet_l2tp_tunnels", tunnelsUp, AtomicInteger::get).description("L2TP tunnels up")
        .tag("role", role).register(meters);
    Gauge.builder("posnet_l2tp_sessions", sessionsUp, AtomicInteger::get).description("L2TP sessions up")
        .tag("role", role).register(meters);
    try {
      this.channel = Udp.bootstrap(group)
          .option(ChannelOption.SO_RCVBUF, 1 << 20)
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
              ByteBuf c = p.content();
              byte[] data = new byte[c.readableBytes()];
              c.getBytes(c.readerIndex(), data);
              received(data, p.sender());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
              // a socket error (an ICMP error surfaced by the kernel) must not close the port
              log.debug("event=l2tp_socket_error error={}", cause.toString());
            }
          })
          .bind(options.bind(), options.port()).sync().channel();
      this.out = new Udp.BatchedWriter(channel);
    } catch (RuntimeException | InterruptedException e) {
      if (ownGroup) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public int tunnelsUp() {
    return tunnelsUp.get();
  }

  public int sessionsUp() {
    return sessionsUp.get();
  }

  /** Datagrams dropped for {@code reason} so far. */
  public long dropped(DropReason reason) {
    return (long) dropped.get(reason).count();
  }

  /** The tunnels in the table (any state), a copy. Event loop only. */
  public List<L2tpTunnel> tunnels() {
    return new ArrayList<>(tunnels.values());
  }

  // ---------------------------------------------------------------- LAC side

  /** LAC: opens a tunnel to {@code lns} with SCCRQ. Event loop only. */
  public L2tpTunnel openTunnel(InetSocketAddress lns, ControlConfig config) {
    requireLoop();
    int id = allocateTunnelId();
    if (id == 0 || tunnels.size() >= options.maxTunnels()) {
      throw new IllegalStateException("tunnel limit " + options.maxTunnels() + " reached");
    }
    L2tpTunnel t = new L2tpTunnel(new ControlConnection(Role.LAC, config, ticker, random, id), config, lns);
    tunnels.put(id, t);
    apply(t, t.connection.open());
    return t;
  }

  /** LAC: places a call in {@code tunnel}; returns its local session id, 0 when refused (a SessionDown follows). */
  public int openSession(L2tpTunnel tunnel, IncomingCall call) {
    requireLoop();
    ControlConnection.SessionOpen o = tunnel.connection.openSession(call);
    apply(tunnel, o.actions());
    return o.localSessionId();
  }

  // ---------------------------------------------------------------- both sides

  /** Hangs up one session with CDN. Event loop only. */
  public void closeSession(L2tpTunnel tunnel, int localSessionId, ResultCode reason) {
    requireLoop();
    apply(tunnel, tunnel.connection.closeSession(localSessionId, reason));
  }

  /** Closes a tunnel with StopCCN. Event loop only. */
  public void closeTunnel(L2tpTunnel tunnel, ResultCode reason) {
    requireLoop();
    apply(tunnel, tunnel.connection.close(reason));
  }

  /** Sends a PPP frame in a session that is up; silently nothing when it is not. Event loop only. */
  public void sendFrame(L2tpTunnel tunnel, int localSessionId, byte[] pppFrame) {
    Integer peerSession = tunnel.peerSessions.get(localSessionId);
    if (peerSession == null || closed) {
      return;
    }
    out.write(L2tpCodec.encode(DataMessage.of(tunnel.connection.peerTunnelId(), peerSession, pppFrame)), tunnel.peer);
  }

  // ---------------------------------------------------------------- receive path

  private void received(byte[] data, InetSocketAddress from) {
    if (closed) {
      return;
    }
    int tunnelId;
    try {
      tunnelId = L2tpCodec.peekTunnelId(data);
    } catch (L2tpDecodeException e) {
      drop(DropReason.MALFORMED, from, e.getMessage());
      return;
    }
    if (tunnelId == 0) {
      sccrq(data, from);
      return;
    }
    L2tpTunnel t = tunnels.get(tunnelId);
    if (t == null) {
      drop(DropReason.UNKNOWN_TUNNEL, from, "no tunnel " + tunnelId);
      return;
    }
    boolean awaitingReply = t.connection.state() == ControlConnection.State.WAIT_CTL_REPLY;
    if (!t.peer.equals(from) && !(awaitingReply && t.peer.getAddress().equals(from.getAddress()))) {
      drop(DropReason.WRONG_PEER, from, "tunnel " + tunnelId + " belongs to " + t.peer);
      return;
    }
    L2tpPacket packet;
    try {
      packet = L2tpCodec.decode(data, t.secret);
    } catch (L2tpDecodeException e) {
      drop(DropReason.MALFORMED, from, e.getMessage());
      apply(t, t.connection.decodeFailed(e));
      return;
    }
    if (packet instanceof ControlMessage m) {
      if (awaitingReply && !m.isZlb()) {
        t.peer = from; // RFC 2661 §8.1: the LNS may answer from another port; that one is the tunnel's now
      }
      apply(t, t.connection.receive(m));
    } else {
      DataMessage d = (DataMessage) packet;
      if (!t.peerSessions.containsKey(d.sessionId())) {
        drop(DropReason.UNKNOWN_SESSION, from, "no session " + d.sessionId() + " in tunnel " + tunnelId);
        return;
      }
      events.frameReceived(t, d.sessionId(), d.payload());
    }
  }

  /** A datagram with tunnel id 0: only an SCCRQ may carry it. */
  private void sccrq(byte[] data, InetSocketAddress from) {
    ControlMessage m;
    try {
      // no secret yet: which one depends on the Host Name inside
      if (!(L2tpCodec.decode(data, null) instanceof ControlMessage c) || !c.is(MessageType.SCCRQ)) {
        drop(DropReason.UNKNOWN_TUNNEL, from, "tunnel id 0 on something other than SCCRQ");
        return;
      }
      m = c;
    } catch (L2tpDecodeException e) {
      drop(DropReason.MALFORMED, from, e.getMessage());
      return;
    }
    int peerTunnelId = m.uint16(AvpType.ASSIGNED_TUNNEL_ID).orElse(0);
    SccrqKey key = new SccrqKey(from, peerTunnelId);
    L2tpTunnel t = bySccrq.get(key);
    if (t != null) {
      apply(t, t.connection.receive(m)); // a retransmitted SCCRQ: the connection answers it again
      return;
    }
    if (options.role() != Role.LNS) {
      drop(DropReason.UNKNOWN_TUNNEL, from, "a LAC takes no SCCRQ");
      return;
    }
    String host = m.text(AvpType.HOST_NAME).orElse("");
    if (tunnels.size() >= options.maxTunnels()) {
      drop(DropReason.TUNNEL_LIMIT, from, "tunnel limit " + options.maxTunnels() + " reached; refused " + host);
      refuse(m, from, ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_INSUFFICIENT_RESOURCES,
          "tunnel limit reached"));
      return;
    }
    Optional<ControlConfig> config = admission.admit(host, from);
    int id = allocateTunnelId();
    if (config.isEmpty() || id == 0) {
      drop(DropReason.UNKNOWN_LAC, from, "no domain admits LAC host name '" + host + "'");
      refuse(m, from, ResultCode.of(ResultCode.STOPCCN_NOT_AUTHORIZED, ResultCode.ERROR_NONE,
          "LAC " + host + " not authorized"));
      return;
    }
    t = new L2tpTunnel(new ControlConnection(Role.LNS, config.get(), ticker, random, id), config.get(), from);
    t.sccrqKey = key;
    tunnels.put(id, t);
    bySccrq.put(key, t);
    log.info("event=l2tp_sccrq tunnel={} lac={} from={}:{}", id, host, from.getAddress().getHostAddress(), from.getPort());
    apply(t, t.connection.receive(m));
  }

  /**
   * A StopCCN without a control connection behind it, sent once: refusing costs no state, and a LAC
   * that misses it gives up by its own retransmission limit.
   */
  private void refuse(ControlMessage sccrq, InetSocketAddress to, ResultCode rc) {
    int peerTunnelId = sccrq.uint16(AvpType.ASSIGNED_TUNNEL_ID).orElse(0);
    ControlMessage stop = ControlMessage.builder(MessageType.STOPCCN)
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, 0).add(Avp.resultCode(rc)).build()
        .addressed(peerTunnelId, 0, 0, (sccrq.ns() + 1) & 0xFFFF);
    send(stop, null, to);
  }

  // ---------------------------------------------------------------- actions

  private void apply(L2tpTunnel t, List<ControlAction> actions) {
    for (ControlAction a : actions) {
      if (a instanceof ControlAction.Send s) {
        send(s.message(), t.secret, t.peer);
      } else if (a instanceof ControlAction.StartTimer st) {
        cancel(t, st.timer());
        if (!closed) {
          t.timers.put(st.timer(), channel.eventLoop().schedule(() -> fire(t, st.timer()), st.delayNanos(),
              TimeUnit.NANOSECONDS));
        }
      } else if (a instanceof ControlAction.CancelTimer ct) {
        cancel(t, ct.timer());
      } else if (a instanceof ControlAction.TunnelUp) {
        t.up = true;
        tunnelsUp.incrementAndGet();
        log.info("event=l2tp_tunnel_up tunnel={} peer_tunnel={} peer={}", t.localId(), t.connection.peerTunnelId(),
            t.peerHostName());
        events.tunnelUp(t);
      } else if (a instanceof ControlAction.TunnelDown td) {
        if (t.up) {
          t.up = false;
          tunnelsUp.decrementAndGet();
        }
        log.info("event=l2tp_tunnel_down tunnel={} peer={} result={} error={} message=\"{}\"", t.localId(),
            t.peerHostName(), td.reason().result(), td.reason().errorCode(), td.reason().message());
        events.tunnelDown(t, td.reason());
      } else if (a instanceof ControlAction.SessionUp su) {
        t.peerSessions.put(su.localSessionId(), su.peerSessionId());
        sessionsUp.incrementAndGet();
        events.sessionUp(t, su.localSessionId(), su.call());
      } else if (a instanceof ControlAction.SessionDown sd) {
        if (t.peerSessions.remove(sd.localSessionId()) != null) {
          sessionsUp.decrementAndGet();
        }
        events.sessionDown(t, sd.localSessionId(), sd.reason());
      } else if (a instanceof ControlAction.Released) {
        for (ControlTimer timer : ControlTimer.values()) {
          cancel(t, timer);
        }
        tunnels.remove(t.localId(), t);
        if (t.sccrqKey != null) {
          bySccrq.remove(t.sccrqKey, t);
        }
      }
    }
  }

  private void fire(L2tpTunnel t, ControlTimer timer) {
    t.timers.remove(timer);
    if (!closed) {
      apply(t, t.connection.timerFired(timer));
    }
  }

  private static void cancel(L2tpTunnel t, ControlTimer timer) {
    ScheduledFuture<?> f = t.timers.remove(timer);
    if (f != null) {
      f.cancel(false);
    }
  }

  private void send(ControlMessage m, byte[] secret, InetSocketAddress to) {
    if (closed) {
      return;
    }
    out.write(L2tpCodec.encode(m, secret), to);
  }

  private void drop(DropReason reason, InetSocketAddress from, String detail) {
    dropped.get(reason).increment();
    if (log.isDebugEnabled()) {
      log.debug("event=l2tp_drop reason={} from={} detail=\"{}\"", reason.label(), from, detail);
    }
  }

  private int allocateTunnelId() {
    for (int i = 0; i < 64; i++) {
      int id = 1 + random.nextInt(0xFFFF);
      if (!tunnels.containsKey(id)) {
        return id;
      }
    }
    for (int id = 1; id <= 0xFFFF; id++) {
      if (!tunnels.containsKey(id)) {
        return id;
      }
    }
    return 0;
  }

  private void requireLoop() {
    if (!channel.eventLoop().inEventLoop()) {
      throw new IllegalStateException("call on the endpoint's event loop");
    }
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Graceful: StopCCN to every tunnel (its sessions go down first, reported as usual), flushed before
   * the socket closes. Waits at most {@code flushMillis} for the sends.
   */
  public void shutdown(ResultCode reason, long flushMillis) {
    if (channel.eventLoop().inEventLoop()) {
      throw new IllegalStateException("shutdown blocks; call it from outside the event loop");
    }
    if (shut.get()) {
      return;
    }
    channel.eventLoop().submit(() -> {
      for (L2tpTunnel t : new ArrayList<>(tunnels.values())) {
        apply(t, t.connection.close(reason));
      }
    }).awaitUninterruptibly(flushMillis);
    close();
  }

  /**
   * Stops without a word to any peer, as a crashed node would: no StopCCN, no CDN, no events.
   * For fault tests and for {@link #close()}.
   */
  public void abort() {
    if (shut.get()) {
      return;
    }
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().submit(this::abort).awaitUninterruptibly(2_000);
    } else {
      closed = true;
      for (L2tpTunnel t : tunnels.values()) {
        for (ControlTimer timer : ControlTimer.values()) {
          cancel(t, timer);
        }
      }
    }
  }

  @Override
  public void close() {
    abort();
    if (!shut.compareAndSet(false, true)) {
      return;
    }
    channel.close().syncUninterruptibly();
    if (ownGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
