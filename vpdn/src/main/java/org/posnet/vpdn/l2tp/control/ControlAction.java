package org.posnet.vpdn.l2tp.control;

import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.ResultCode;

/** What a control connection asks its caller to do, in the order given. */
public sealed interface ControlAction {

  /** Encode with the tunnel secret and send to the peer. */
  record Send(ControlMessage message) implements ControlAction {}

  /** (Re)arm {@code timer} to fire after {@code delayNanos}; an armed one is replaced. */
  record StartTimer(ControlTimer timer, long delayNanos) implements ControlAction {}

  record CancelTimer(ControlTimer timer) implements ControlAction {}

  record TunnelUp(int localTunnelId, int peerTunnelId, String peerHostName) implements ControlAction {}

  /** The tunnel is no longer usable; every session was reported down just before. */
  record TunnelDown(int localTunnelId, ResultCode reason) implements ControlAction {}

  /** A session carries PPP now; on the LNS {@code call} holds the proxy data from ICCN. */
  record SessionUp(int localTunnelId, int localSessionId, int peerSessionId, IncomingCall call)
      implements ControlAction {}

  record SessionDown(int localTunnelId, int localSessionId, ResultCode reason) implements ControlAction {}

  /** Nothing more will happen on this connection: forget it, free its tunnel id. */
  record Released(int localTunnelId) implements ControlAction {}
}
