package org.posnet.vpdn.l2tp.transport;

import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.IncomingCall;

/** What an endpoint reports to the LAC or LNS above it; always called on the endpoint's event loop. */
public interface TunnelEvents {
  void tunnelUp(L2tpTunnel tunnel);

  /** The tunnel is gone (StopCCN either way, or the peer stopped answering); its sessions went down before. */
  void tunnelDown(L2tpTunnel tunnel, ResultCode reason);

  void sessionUp(L2tpTunnel tunnel, int localSessionId, IncomingCall call);

  void sessionDown(L2tpTunnel tunnel, int localSessionId, ResultCode reason);

  /** A PPP frame the peer sent in a session that is up. */
  void frameReceived(L2tpTunnel tunnel, int localSessionId, byte[] pppFrame);
}
