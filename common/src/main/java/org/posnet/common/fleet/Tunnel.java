package org.posnet.common.fleet;

import java.util.List;
import org.posnet.common.crypto.Redaction;

/**
 * How carrier LACs reach the bank's LNS for one domain.
 *
 * @param endpoints IPv4 addresses of the LNSs (Tunnel-Server-Endpoint)
 * @param password the L2TP tunnel secret (Tunnel-Password), clear in memory only
 * @param lacs host names of carrier LACs allowed to tunnel for this domain; empty: any LAC that
 *     proves the password
 */
public record Tunnel(List<String> endpoints, String password, List<String> lacs) {
  public Tunnel {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    lacs = lacs == null ? List.of() : List.copyOf(lacs);
  }

  @Override
  public String toString() {
    return "Tunnel[endpoints=" + endpoints + ", password=" + Redaction.secret(password) + ", lacs=" + lacs + "]";
  }
}
