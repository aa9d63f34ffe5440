package org.posnet.vpdn.lac;

import java.util.Objects;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;

/**
 * Settings of the carrier LAC (labs, simulator, tests).
 *
 * @param bind local address for the L2TP socket
 * @param port local L2TP port (0 picks one)
 * @param hostName our Host Name AVP, which the LNS matches against {@code tunnel.lacs}
 * @param lnsPort LNS port when a Tunnel-Server-Endpoint names no port (1701)
 * @param hideProxyAvps hide the proxy LCP and proxy authentication AVPs (Random Vector + secret)
 * @param maxSessionsPerTunnel calls placed in one tunnel before another is opened
 * @param calledNumber the number terminals dial ({@code #777})
 * @param timing retransmission and HELLO of our tunnels
 */
public record LacConfig(String bind, int port, String hostName, int lnsPort, boolean hideProxyAvps,
    int maxSessionsPerTunnel, String calledNumber, TunnelTiming timing) {
  public LacConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(timing, "timing");
    if (maxSessionsPerTunnel < 1 || maxSessionsPerTunnel > 0xFFFF) {
      throw new IllegalArgumentException("maxSessionsPerTunnel must be 1..65535");
    }
  }

  public static LacConfig of(String bind, String hostName) {
    return new LacConfig(bind, 0, hostName, 1701, true, 0xFFFF, "#777", TunnelTiming.rfc());
  }

  public LacConfig withTiming(TunnelTiming t) {
    return new LacConfig(bind, port, hostName, lnsPort, hideProxyAvps, maxSessionsPerTunnel, calledNumber, t);
  }

  public LacConfig withLnsPort(int p) {
    return new LacConfig(bind, port, hostName, p, hideProxyAvps, maxSessionsPerTunnel, calledNumber, timing);
  }

  public LacConfig withHiddenProxyAvps(boolean hide) {
    return new LacConfig(bind, port, hostName, lnsPort, hide, maxSessionsPerTunnel, calledNumber, timing);
  }
}
