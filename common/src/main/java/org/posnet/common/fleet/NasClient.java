package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/**
 * A RADIUS client of the AAA.
 *
 * @param address IPv4 address or CIDR the requests come from
 * @param secret the RADIUS shared secret, clear in memory only
 */
public record NasClient(String name, String address, String secret, NasRole role) {
  @Override
  public String toString() {
    return "NasClient[name=" + name + ", address=" + address + ", secret=" + Redaction.secret(secret) + ", role=" + role + "]";
  }
}
