package org.posnet.vpdn.l2tp.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one control connection. {@code secret} null means no tunnel authentication; with a
 * secret the connection always challenges its peer. Timings default to RFC 2661 §5.8: first
 * retransmission after 1 s, doubling to at most 8 s, 5 retries; HELLO after 60 s of silence.
 */
public record ControlConfig(
    String hostName, byte[] secret, int receiveWindow, int maxSessions, boolean hideProxyAvps,
    boolean sendTieBreaker, int maxRetransmissions, Duration firstRetransmit, Duration maxRetransmit,
    Duration helloInterval, Duration ackDelay) {

  public ControlConfig {
    Objects.requireNonNull(hostName, "hostName");
    secret = secret == null ? null : secret.clone();
    if (receiveWindow < 1 || receiveWindow > 0xFFFF) {
      throw new IllegalArgumentException("receiveWindow must be 1..65535, was " + receiveWindow);
    }
    if (maxSessions < 1 || maxSessions > 0xFFFF) {
      throw new IllegalArgumentException("maxSessions must be 1..65535, was " + maxSessions);
    }
    if (hideProxyAvps && secret == null) {
      throw new IllegalArgumentException("hideProxyAvps needs a secret");
    }
    if (maxRetransmissions < 0) {
      throw new IllegalArgumentException("maxRetransmissions must be >= 0");
    }
    Objects.requireNonNull(ackDelay, "ackDelay");
    if (ackDelay.isNegative() || ackDelay.compareTo(firstRetransmit) >= 0) {
      throw new IllegalArgumentException("ackDelay must be 0 or more and shorter than firstRetransmit, was " + ackDelay);
    }
  }

  public static ControlConfig of(String hostName, String secret) {
    return new ControlConfig(hostName, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
        4, 0xFFFF, false, true, 5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60), Duration.ZERO);
  }

  public ControlConfig withMaxSessions(int n) {
    return new ControlConfig(hostName, secret, receiveWindow, n, hideProxyAvps, sendTieBreaker,
        maxRetransmissions, firstRetransmit, maxRetransmit, helloInterval, ackDelay);
  }

  public ControlConfig withReceiveWindow(int n) {
    return new ControlConfig(hostName, secret, n, maxSessions, hideProxyAvps, sendTieBreaker,
        maxRetransmissions, firstRetransmit, maxRetransmit, helloInterval, ackDelay);
  }

  public ControlConfig withHiddenProxyAvps() {
    return new ControlConfig(hostName, secret, receiveWindow, maxSessions, true, sendTieBreaker,
        maxRetransmissions, firstRetransmit, maxRetransmit, helloInterval, ackDelay);
  }

  /**
   * Acknowledge with a ZLB only after {@code d} when no message of ours carried the acknowledgement
   * meanwhile (RFC 2661 §5.8 lets any message carry Nr); zero sends the ZLB at once.
   */
  public ControlConfig withAckDelay(Duration d) {
    return new ControlConfig(hostName, secret, receiveWindow, maxSessions, hideProxyAvps, sendTieBreaker,
        maxRetransmissions, firstRetransmit, maxRetransmit, helloInterval, d);
  }

  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  /** Time from the first send to giving up: 1+2+4+8+8+8 = 31 s with the defaults. */
  public Duration fullRetransmissionCycle() {
    Duration total = Duration.ZERO;
    Duration step = firstRetransmit;
    for (int i = 0; i <= maxRetransmissions; i++) {
      total = total.plus(step);
      step = step.multipliedBy(2).compareTo(maxRetransmit) > 0 ? maxRetransmit : step.multipliedBy(2);
    }
    return total;
  }

  @Override
  public String toString() {
    return "ControlConfig{hostName=" + hostName + ", secret=" + (secret == null ? "none" : "****")
        + ", receiveWindow=" + receiveWindow + ", maxSessions=" + maxSessions + "}";
  }
}
