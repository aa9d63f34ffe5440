package org.posnet.vpdn.ppp;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one PPP link. The terminal side sets {@code user} and {@code password}; the LNS side
 * sets {@code authProtocol} and {@code localAddress}. Counters and timer default to RFC 1661 §4.6:
 * Restart 3 s, Max-Terminate 2, Max-Configure 10, Max-Failure 5.
 */
public record PppConfig(
    PppLink.Side side, String user, byte[] password, AuthRequest.Method authProtocol, Inet4Address localAddress,
    String name, int mru, Duration restart, int maxConfigure, int maxTerminate, int maxFailure,
    Duration echoInterval, int echoFailures) {

  public PppConfig {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    password = password.clone();
    if (mru < 64 || mru > 65535) {
      throw new IllegalArgumentException("mru must be 64..65535, was " + mru);
    }
  }

  public static PppConfig terminal(String user, String password) {
    return new PppConfig(PppLink.Side.TERMINAL, user, password.getBytes(StandardCharsets.UTF_8),
        AuthRequest.Method.CHAP_MD5, null, user, 1500, Duration.ofSeconds(3), 10, 2, 5, Duration.ofSeconds(30), 3);
  }

  public static PppConfig lns(String name, Inet4Address localAddress, AuthRequest.Method auth) {
    return new PppConfig(PppLink.Side.LNS, "", new byte[0], auth, localAddress, name, 1500,
        Duration.ofSeconds(3), 10, 2, 5, Duration.ofSeconds(30), 3);
  }

  @Override
  public byte[] password() {
    return password.clone();
  }

  @Override
  public String toString() {
    return "PppConfig{" + side + ", user=" + user + ", password=****, auth=" + authProtocol + "}";
  }
}
