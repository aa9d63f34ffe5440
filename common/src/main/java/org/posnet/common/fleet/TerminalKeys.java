package org.posnet.common.fleet;

import java.util.List;
import org.posnet.common.crypto.Redaction;

/**
 * @param tmk the clear terminal master key in hex, as loaded into the terminal; sealed at rest
 * @param mac the terminal's MAC algorithm for a 3DES terminal ({@link #MACS}), or null for the host's
 *     {@code policy.mac}; an SM4 terminal always uses the SM4 variant
 */
public record TerminalKeys(KeyScheme scheme, String tmk, String mac) {
  /** The MAC algorithms a 3DES terminal may name (the host's {@code MacAlgorithm} names). */
  public static final List<String> MACS = List.of("UNIONPAY_ECB", "X9_9", "X9_19");

  /** With the host's MAC algorithm. */
  public TerminalKeys(KeyScheme scheme, String tmk) {
    this(scheme, tmk, null);
  }

  @Override
  public String toString() {
    return "TerminalKeys[scheme=" + (scheme == null ? null : scheme.text()) + ", tmk=" + Redaction.secret(tmk)
        + (mac == null ? "" : ", mac=" + mac) + "]";
  }
}
