package org.posnet.vpdn.lns;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;

/**
 * Settings of the bank's LNS.
 *
 * @param bind address for the L2TP and Disconnect sockets
 * @param port L2TP port ({@code l2tp.port}, 1701; 0 picks one)
 * @param hostName our Host Name AVP ({@code l2tp.hostName})
 * @param domains VPDN domains of the fleet: tunnel passwords and allowed LAC host names
 * @param maxTunnels tunnels at once; more SCCRQs are refused with StopCCN 2/4
 * @param maxSessionsPerTunnel calls in one tunnel; more ICRQs get CDN 2/4
 * @param maxSessions calls over all tunnels; more are cleared with CDN 4
 * @param pppAddress the LNS's own IPCP address, the terminals' peer address
 * @param interimInterval Accounting Interim-Update period unless the Access-Accept says otherwise
 * @param timing retransmission and HELLO; bounds how fast a dead LAC is noticed
 * @param coaPort Disconnect-Request port ({@code radius.coaPort}, 3799; 0 picks one; -1 none)
 * @param coaSecret the AAA's secret for Disconnect-Requests
 */
public record LnsConfig(
    String bind, int port, String hostName, List<TunnelDomain> domains, int maxTunnels, int maxSessionsPerTunnel,
    int maxSessions, Inet4Address pppAddress, Duration interimInterval, TunnelTiming timing, int coaPort,
    SharedSecret coaSecret) {

  public LnsConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(pppAddress, "pppAddress");
    Objects.requireNonNull(timing, "timing");
    domains = List.copyOf(domains);
    if (maxTunnels < 1 || maxSessionsPerTunnel < 1 || maxSessionsPerTunnel > 0xFFFF || maxSessions < 1) {
      throw new IllegalArgumentException("limits must be positive (sessions per tunnel at most 65535)");
    }
    if (coaPort >= 0 && coaSecret == null) {
      throw new IllegalArgumentException("a Disconnect port needs the AAA's secret (coaSecret)");
    }
  }

  /** Production defaults: port 1701, Disconnect on 3799, RFC timing, 1,000 tunnels, 100,000 calls. */
  public static LnsConfig of(String bind, String hostName, List<TunnelDomain> domains, SharedSecret coaSecret) {
    return new LnsConfig(bind, 1701, hostName, domains, 1_000, 0xFFFF, 100_000, ip("10.255.255.1"),
        Duration.ofSeconds(300), TunnelTiming.rfc(), 3799, coaSecret);
  }

  public LnsConfig withPorts(int l2tpPort, int disconnectPort) {
    return new LnsConfig(bind, l2tpPort, hostName, domains, maxTunnels, maxSessionsPerTunnel, maxSessions,
        pppAddress, interimInterval, timing, disconnectPort, coaSecret);
  }

  public LnsConfig withTiming(TunnelTiming t) {
    return new LnsConfig(bind, port, hostName, domains, maxTunnels, maxSessionsPerTunnel, maxSessions,
        pppAddress, interimInterval, t, coaPort, coaSecret);
  }

  public LnsConfig withLimits(int tunnels, int perTunnel, int sessions) {
    return new LnsConfig(bind, port, hostName, domains, tunnels, perTunnel, sessions,
        pppAddress, interimInterval, timing, coaPort, coaSecret);
  }

  public LnsConfig withInterimInterval(Duration d) {
    return new LnsConfig(bind, port, hostName, domains, maxTunnels, maxSessionsPerTunnel, maxSessions,
        pppAddress, d, timing, coaPort, coaSecret);
  }

  static Inet4Address ip(String dotted) {
    try {
      return (Inet4Address) java.net.InetAddress.getByName(dotted);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
    }
  }
}
