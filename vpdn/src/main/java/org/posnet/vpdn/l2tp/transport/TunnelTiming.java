package org.posnet.vpdn.l2tp.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.posnet.vpdn.l2tp.control.ControlConfig;

/**
 * How fast a tunnel notices a dead peer: retransmission backoff and HELLO interval. A silent peer
 * is declared dead at most {@link #deadPeerBound()} after it last spoke.
 */
public record TunnelTiming(Duration firstRetransmit, Duration maxRetransmit, int maxRetransmissions, Duration hello) {
  /** RFC 2661 §5.8 and §6.5: 1 s doubling to 8 s, 5 retries, HELLO after 60 s of silence. */
  public static TunnelTiming rfc() {
    return new TunnelTiming(Duration.ofSeconds(1), Duration.ofSeconds(8), 5, Duration.ofSeconds(60));
  }

  public ControlConfig controlConfig(String hostName, String secret, int receiveWindow, int maxSessions,
      boolean hideProxyAvps) {
    return new ControlConfig(hostName, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
        receiveWindow, maxSessions, hideProxyAvps, true, maxRetransmissions, firstRetransmit, maxRetransmit, hello);
  }

  /** HELLO interval plus one full retransmission cycle. */
  public Duration deadPeerBound() {
    return hello.plus(controlConfig("x", null, 4, 1, false).fullRetransmissionCycle());
  }
}
