package org.posnet.aaa.codec;

import java.util.Locale;

/** Why a datagram was dropped without an answer; the label value of posnet_aaa_dropped_total. */
public enum DropReason {
  /** Shorter than the 20-byte header, or shorter than its own Length field. */
  TRUNCATED,
  /** Length field below 20 or above 4096. */
  BAD_LENGTH,
  /** An attribute's length is 0, 1, or runs past the packet. */
  BAD_ATTRIBUTE,
  /** A code this port does not serve. */
  UNKNOWN_CODE,
  /** The source address is not a configured client. */
  UNKNOWN_CLIENT,
  /** Message-Authenticator absent where required (BlastRADIUS hardening). */
  MISSING_MESSAGE_AUTHENTICATOR,
  /** Message-Authenticator or request authenticator does not verify: wrong secret or tampering. */
  BAD_AUTHENTICATOR,
  /** Mandatory attributes missing or malformed (e.g. no User-Name). */
  MALFORMED_REQUEST,
  /** A duplicate of a request still being processed. */
  DUPLICATE_IN_PROGRESS,
  /** Too many Proxy-State attributes (BlastRADIUS: limit what is echoed). */
  TOO_MANY_PROXY_STATE,
  /** The server is shedding load (queue full). */
  OVERLOAD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
