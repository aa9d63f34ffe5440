package org.posnet.vpdn.l2tp.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.posnet.vpdn.l2tp.control.ControlConfig;

/**
 * How fast a tunnel notices a dead peer: retransmission backoff and HELLO interval. A silent peer
 * is declared dead at most {@link #deadPeerBound()} after it last spoke.
 */
public record TunnelTiming(Duration firstRetransmit, Duration maxRetransmit, int maxRetransmissions, Duration hello,
    Duration ackDelay) {
  /** ZLBs at once. */
  public TunnelTiming(Duration firstRetransmit, Duration maxRetransmit, int maxRetransmissions, Duration hello) {
    this(firstRetransmit, maxRetransmit, maxRetransmissions, hello, Duration.ZERO);
  }

  /**
   * RFC 2661 §5.8 and §6.5: 1 s doubling to 8 s, 5 retries, HELLO after 60 s of silence; a ZLB only
   * when nothing else of ours acknowledged within 50 ms (at thousands of calls a second the next ICRP
   * in the tunnel usually does, which saves a datagram per call), far below the peer's 1 s timer.
   */
  public static TunnelTiming rfc() {
    return new TunnelTiming(Duration.ofSeconds(1), Duration.ofSeconds(8), 5, Duration.ofSeconds(60), Duration.ofMillis(50));
  }

  public ControlConfig controlConfig(String hostName, String secret, int receiveWindow, int maxSessions,
      boolean hideProxyAvps) {
    return new ControlConfig(hostName, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
        receiveWindow, maxSessions, hideProxyAvps, true, maxRetransmissions, firstRetransmit, maxRetransmit, hello,
        ackDelay);
  }

  /** HELLO interval plus one full retransmission cycle. */
  public Duration deadPeerBound() {
    return hello.plus(controlConfig("x", null, 4, 1, false).fullRetransmissionCycle());
  }
}
