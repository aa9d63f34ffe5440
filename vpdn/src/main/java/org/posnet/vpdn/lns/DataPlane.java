package org.posnet.vpdn.lns;

import java.net.Inet4Address;

/**
 * Where IPv4 from terminals goes (the TUN device, when the data plane runs). Packets back to a
 * terminal enter through {@link Lns#sendToTerminal}. Without a data plane they are discarded.
 */
@FunctionalInterface
public interface DataPlane {
  void fromTerminal(String acctSessionId, Inet4Address terminal, byte[] ipv4Packet);

  static DataPlane off() {
    return (id, terminal, packet) -> { };
  }
}
