package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/** @param tmk the clear terminal master key in hex, as loaded into the terminal; sealed at rest */
public record TerminalKeys(KeyScheme scheme, String tmk) {
  @Override
  public String toString() {
    return "TerminalKeys[scheme=" + (scheme == null ? null : scheme.text()) + ", tmk=" + Redaction.secret(tmk) + "]";
  }
}
