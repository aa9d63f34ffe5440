package org.posnet.vpdn.lac;

/**
 * One tunnel alternative of a carrier Access-Accept (RFC 2868 attributes sharing a tag): where the
 * LNS is ({@code address}, "a.b.c.d" or "a.b.c.d:port" in labs), the tunnel password, and the
 * preference (lower first).
 */
public record TunnelEndpoint(int tag, int preference, String address, String password, String assignmentId) {
  @Override
  public String toString() {
    return "TunnelEndpoint[" + address + ", preference=" + preference + ", password=****]";
  }
}
