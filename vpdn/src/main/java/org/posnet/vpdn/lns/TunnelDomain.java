package org.posnet.vpdn.lns;

import java.util.List;
import java.util.Objects;

/**
 * What the LNS needs of one VPDN domain of the fleet file: the tunnel password and the carrier LAC
 * host names allowed to tunnel for it ({@code tunnel.lacs}; empty: any LAC that proves the password).
 */
public record TunnelDomain(String name, String password, List<String> lacs) {
  public TunnelDomain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(password, "password");
    lacs = lacs == null ? List.of() : List.copyOf(lacs);
  }

  @Override
  public String toString() {
    return "TunnelDomain[" + name + ", password=****, lacs=" + lacs + "]";
  }
}
