package org.posnet.aaa.policy;

import java.util.List;

/**
 * A VPDN domain: the LNS endpoints that serve it (in order of preference), the tunnel password the
 * LAC must prove, the carrier LACs allowed to tunnel for it, and the address pool of its terminals.
 */
public record Domain(String name, List<String> endpoints, byte[] tunnelPassword, List<String> lacs, Cidr pool, List<Integer> dns) {
  public Domain {
    endpoints = List.copyOf(endpoints);
    lacs = List.copyOf(lacs);
    dns = List.copyOf(dns);
  }

  @Override
  public String toString() {
    return "Domain[" + name + ", endpoints " + endpoints + ", pool " + pool + "]";
  }
}
