package org.posnet.common.fleet;

/**
 * A terminal as stored. Its TMK stays sealed under the LMK: only the host's HSM opens it.
 *
 * @param tmkUnderLmk {@code lmk1:...} sealed clear TMK hex
 */
public record StoredTerminal(
    String id, String merchant, String serial, String model, KeyScheme keyScheme, String tmkUnderLmk, Status status) {
  @Override
  public String toString() {
    return "StoredTerminal[id=" + id + ", merchant=" + merchant + ", serial=" + serial + ", model=" + model
        + ", keyScheme=" + keyScheme.text() + ", tmkUnderLmk=****, status=" + status + "]";
  }
}
