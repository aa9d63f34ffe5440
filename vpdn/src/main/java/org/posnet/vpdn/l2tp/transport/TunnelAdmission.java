package org.posnet.vpdn.l2tp.transport;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.posnet.vpdn.l2tp.control.ControlConfig;

/** LNS: whether to answer an SCCRQ from this LAC, and with which settings (its secret above all). */
@FunctionalInterface
public interface TunnelAdmission {
  /** Empty refuses the tunnel (StopCCN result 4, "not authorized"). */
  Optional<ControlConfig> admit(String lacHostName, InetSocketAddress from);

  /** For a LAC's endpoint, which never answers SCCRQ. */
  static TunnelAdmission none() {
    return (host, from) -> Optional.empty();
  }
}
