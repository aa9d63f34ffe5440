package org.posnet.app;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.posnet.common.fleet.NasClient;
import org.posnet.common.fleet.NasRole;

/**
 * Who this process is to the AAA when it plays a NAS (the LNS, the lab LAC): one of the fleet's
 * RADIUS clients of that role, and the address to send from. The AAA knows a NAS only by the
 * source address of its requests, so the LNS and LAC bind their sockets there.
 *
 * @param bind the NAS's address, or {@code fallbackBind} when the fleet gives a CIDR (no one address to bind)
 */
record NasIdentity(NasClient nas, String bind) {

  /**
   * The fleet's NAS of {@code role}: the first whose address belongs to this machine (several LNS
   * nodes may share one fleet), else the first by name.
   */
  static Optional<NasIdentity> of(List<NasClient> clients, NasRole role, String fallbackBind) {
    List<NasClient> ofRole = clients.stream().filter(c -> c.role() == role).toList();
    return ofRole.stream().filter(c -> isLocal(c.address())).findFirst()
        .or(() -> ofRole.stream().findFirst())
        .map(c -> new NasIdentity(c, c.address().contains("/") ? fallbackBind : c.address()));
  }

  String name() {
    return nas.name();
  }

  String secret() {
    return nas.secret();
  }

  private static boolean isLocal(String address) {
    if (address.contains("/")) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(address);
      return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }
}
