package org.posnet.common.fleet;

/**
 * A terminal as stored. Its TMK stays sealed under the LMK: only the host's HSM opens it.
 *
 * @param tmkUnderLmk {@code lmk1:...} sealed clear TMK hex
 * @param mac its MAC algorithm ({@link TerminalKeys#MACS}), or null for the host's
 */
public record StoredTerminal(
    String id, String merchant, String serial, String model, KeyScheme keyScheme, String tmkUnderLmk, Status status,
    String mac) {

  /** With the host's MAC algorithm. */
  public StoredTerminal(String id, String merchant, String serial, String model, KeyScheme keyScheme, String tmkUnderLmk,
      Status status) {
    this(id, merchant, serial, model, keyScheme, tmkUnderLmk, status, null);
  }

  @Override
  public String toString() {
    return "StoredTerminal[id=" + id + ", merchant=" + merchant + ", serial=" + serial + ", model=" + model
        + ", keyScheme=" + keyScheme.text() + ", tmkUnderLmk=****, status=" + status + (mac == null ? "" : ", mac=" + mac) + "]";
  }
}
