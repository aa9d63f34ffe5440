package org.posnet.vpdn.l2tp.transport;

/** Why a datagram was dropped without reaching a control connection; the counter's reason tag. */
public enum DropReason {
  /** The header or an AVP could not be trusted (decoder said drop). */
  MALFORMED("malformed"),
  /** No tunnel with the id in the header. */
  UNKNOWN_TUNNEL("unknown_tunnel"),
  /** A data message for a session that is not up. */
  UNKNOWN_SESSION("unknown_session"),
  /** A datagram for a known tunnel from another address than its peer's. */
  WRONG_PEER("wrong_peer"),
  /** An SCCRQ from a LAC host name no domain admits. */
  UNKNOWN_LAC("unknown_lac"),
  /** An SCCRQ refused because the tunnel limit is reached. */
  TUNNEL_LIMIT("tunnel_limit");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
