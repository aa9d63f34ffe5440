package org.posnet.common.fleet;

import java.util.List;

/**
 * A VPDN domain (the part after @ in a terminal's user name), e.g. {@code POSBANK.133VPDN.SX}.
 *
 * @param pool IPv4 CIDR the LNS assigns terminal addresses from
 * @param dns DNS servers handed to terminals in IPCP
 */
public record VpdnDomain(String name, Tunnel tunnel, String pool, List<String> dns) {
  public VpdnDomain {
    dns = dns == null ? List.of() : List.copyOf(dns);
  }
}
