package org.posnet.vpdn.l2tp.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.posnet.common.time.FakeTicker;
import org.posnet.vpdn.l2tp.codec.AvpType;
import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.L2tpCodec;
import org.posnet.vpdn.l2tp.codec.L2tpDecodeException;
import org.posnet.vpdn.l2tp.codec.MessageType;

/**
 * A LAC and an LNS wired through an in-memory network that can lose and reorder datagrams, driven
 * by one FakeTicker: the caller's job (tunnel table, timers, codec) done the simplest way, so the
 * tests exercise the state machines exactly as the transport will.
 */
final class TunnelLab {
  final FakeTicker ticker = new FakeTicker();
  final Endpoint lac;
  final Endpoint lns;
  private final Random net;
  double loss;
  long minDelay = Duration.ofMillis(5).toNanos();
  long maxDelay = Duration.ofMillis(5).toNanos();
  private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
  // insertion order (connections and enum timers hash by identity): timers due together fire in the same
  // order every run, so a seed names one scenario
  private final Map<ControlConnection, Map<ControlTimer, Long>> timers = new java.util.LinkedHashMap<>();
  private long sequence;
  int datagramsSent;
  int datagramsLost;

  record InFlight(long at, long seq, Endpoint to, byte[] datagram) implements Comparable<InFlight> {
    @Override
    public int compareTo(InFlight o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /** Something a connection reported, with when. */
  record Logged(long at, ControlAction action) {}

  TunnelLab(ControlConfig lacConfig, ControlConfig lnsConfig, long seed) {
    net = new Random(seed);
    lac = new Endpoint(Role.LAC, lacConfig, new Random(seed + 1));
    lns = new Endpoint(Role.LNS, lnsConfig, new Random(seed + 2));
    lac.peer = lns;
    lns.peer = lac;
  }

  final class Endpoint {
    final Role role;
    final ControlConfig config;
    final Random random;
    final Map<Integer, ControlConnection> byId = new HashMap<>();
    /** LNS: connection per peer's Assigned Tunnel ID, so a retransmitted SCCRQ finds its tunnel. */
    final Map<Integer, ControlConnection> byPeerSccrq = new HashMap<>();
    final List<Logged> log = new ArrayList<>();
    final List<Logged> sent = new ArrayList<>();
    Endpoint peer;
    int nextTunnelId = 1;

    Endpoint(Role role, ControlConfig config, Random random) {
      this.role = role;
      this.config = config;
      this.random = random;
    }

    ControlConnection newConnection() {
      ControlConnection c = new ControlConnection(role, config, ticker, random, nextTunnelId++);
      byId.put(c.localTunnelId(), c);
      return c;
    }

    ControlConnection openTunnel() {
      ControlConnection c = newConnection();
      apply(c, c.open());
      return c;
    }

    int openSession(ControlConnection c, IncomingCall call) {
      ControlConnection.SessionOpen o = c.openSession(call);
      apply(c, o.actions());
      return o.localSessionId();
    }

    void apply(ControlConnection c, List<ControlAction> actions) {
      for (ControlAction a : actions) {
        if (a instanceof ControlAction.Send s) {
          sent.add(new Logged(ticker.nanos(), s));
          transmit(peer, L2tpCodec.encode(s.message(), config.secret()));
        } else if (a instanceof ControlAction.StartTimer st) {
          timers.computeIfAbsent(c, k -> new java.util.LinkedHashMap<>()).put(st.timer(), ticker.nanos() + st.delayNanos());
        } else if (a instanceof ControlAction.CancelTimer ct) {
          timers.getOrDefault(c, new HashMap<>()).remove(ct.timer());
        } else if (a instanceof ControlAction.Released r) {
          byId.remove(r.localTunnelId());
          byPeerSccrq.values().remove(c);
          timers.remove(c);
          log.add(new Logged(ticker.nanos(), a));
        } else {
          log.add(new Logged(ticker.nanos(), a));
        }
      }
    }

    void deliver(byte[] datagram) {
      int tunnelId;
      try {
        tunnelId = L2tpCodec.peekTunnelId(datagram);
      } catch (L2tpDecodeException e) {
        return;
      }
      ControlConnection c = byId.get(tunnelId);
      try {
        ControlMessage m = (ControlMessage) L2tpCodec.decode(datagram, config.secret());
        if (c == null && tunnelId == 0 && role == Role.LNS && m.is(MessageType.SCCRQ)) {
          int peerId = m.uint16(AvpType.ASSIGNED_TUNNEL_ID).getAsInt();
          c = byPeerSccrq.get(peerId);
          if (c == null) {
            c = newConnection();
            byPeerSccrq.put(peerId, c);
          }
        }
        if (c != null) {
          apply(c, c.receive(m));
        }
      } catch (L2tpDecodeException e) {
        if (c != null) {
          apply(c, c.decodeFailed(e));
        }
      }
    }

    <T extends ControlAction> List<T> logged(Class<T> type) {
      return log.stream().map(Logged::action).filter(type::isInstance).map(type::cast).toList();
    }
  }

  private void transmit(Endpoint to, byte[] datagram) {
    datagramsSent++;
    if (net.nextDouble() < loss) {
      datagramsLost++;
      return;
    }
    long delay = minDelay + (maxDelay > minDelay ? (long) (net.nextDouble() * (maxDelay - minDelay)) : 0);
    inFlight.add(new InFlight(ticker.nanos() + delay, sequence++, to, datagram));
  }

  /** Hands a datagram to an endpoint now, as if it had arrived. */
  void inject(Endpoint to, byte[] datagram) {
    to.deliver(datagram);
  }

  /** Runs events in time order until {@code done} holds or {@code limit} of simulated time passed. */
  boolean runUntil(BooleanSupplier done, Duration limit) {
    long end = ticker.nanos() + limit.toNanos();
    while (!done.getAsBoolean()) {
      long nextTimer = Long.MAX_VALUE;
      ControlConnection timerOwner = null;
      ControlTimer timer = null;
      for (Map.Entry<ControlConnection, Map<ControlTimer, Long>> e : timers.entrySet()) {
        for (Map.Entry<ControlTimer, Long> t : e.getValue().entrySet()) {
          if (t.getValue() < nextTimer) {
            nextTimer = t.getValue();
            timerOwner = e.getKey();
            timer = t.getKey();
          }
        }
      }
      long nextPacket = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().at();
      long next = Math.min(nextTimer, nextPacket);
      if (next > end) {
        advanceTo(end);
        return done.getAsBoolean();
      }
      advanceTo(next);
      if (nextPacket <= nextTimer) {
        InFlight f = inFlight.poll();
        f.to().deliver(f.datagram());
      } else {
        timers.get(timerOwner).remove(timer);
        Endpoint owner = lac.byId.containsValue(timerOwner) ? lac : lns;
        owner.apply(timerOwner, timerOwner.timerFired(timer));
      }
    }
    return true;
  }

  void run(Duration d) {
    runUntil(() -> false, d);
  }

  private void advanceTo(long at) {
    long now = ticker.nanos();
    if (at > now) {
      ticker.advance(Duration.ofNanos(at - now));
    }
  }
}
