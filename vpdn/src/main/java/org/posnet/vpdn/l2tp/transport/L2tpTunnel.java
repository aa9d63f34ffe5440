package org.posnet.vpdn.l2tp.transport;


import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.posnet.vpdn.l2tp.control.ControlConfig;
import org.posnet.vpdn.l2tp.control.ControlConnection;
import org.posnet.vpdn.l2tp.control.ControlTimer;

/**
 * One tunnel as the endpoint keeps it: the control connection, where its peer is, the secret it
 * decodes with, its armed timers and the peer's id of each live session. Touched only on the
 * endpoint's event loop.
 */
public final class L2tpTunnel {
  final ControlConnection connection;
  final ControlConfig config;
  final byte[] secret;
  final Map<ControlTimer, ScheduledFuture<?>> timers = new EnumMap<>(ControlTimer.class);
  /** Peer session id by local session id, for sessions that are up. */
  final Map<Integer, Integer> peerSessions = new HashMap<>();
  InetSocketAddress peer;
  boolean up;
  /** LNS: the key it was filed under when its SCCRQ arrived. */
  Object sccrqKey;

  L2tpTunnel(ControlConnection connection, ControlConfig config, InetSocketAddress peer) {
    this.connection = connection;
    this.config = config;
    this.secret = config.secret();
    this.peer = peer;
  }

  public int localId() {
    return connection.localTunnelId();
  }

  public InetSocketAddress peer() {
    return peer;
  }

  public String peerHostName() {
    return connection.peerHostName();
  }

  public ControlConnection.State state() {
    return connection.state();
  }

  /** Up and not closing: a new call may be placed in it. */
  public boolean usable() {
    return connection.state() == ControlConnection.State.ESTABLISHED
        || connection.state() == ControlConnection.State.WAIT_CTL_REPLY;
  }

  public int sessionCount() {
    return connection.sessionCount();
  }

  /** Local ids of the sessions in this tunnel (any state), a view. Event loop only. */
  public java.util.Set<Integer> sessionIds() {
    return connection.sessionIds();
  }

  public ControlConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "tunnel " + localId() + " to " + peer.getAddress().getHostAddress() + ":" + peer.getPort()
        + (peerHostName().isEmpty() ? "" : " (" + peerHostName() + ")");
  }
}
