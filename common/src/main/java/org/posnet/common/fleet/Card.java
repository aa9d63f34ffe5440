package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/**
 * A card account of the on-us issuer, as written in the fleet file.
 *
 * @param expiry YYMM
 * @param pin the clear PIN; sealed at rest and opened only inside the host's HSM
 * @param balanceFen the provisioned balance in fen
 * @param status whether the issuer honours the card (only {@link CardStatus#ACTIVE}); null only when the
 *     fleet file's value was refused
 */
public record Card(String pan, String expiry, String pin, long balanceFen, CardKind kind, CardStatus status) {

  /** An active card. */
  public Card(String pan, String expiry, String pin, long balanceFen, CardKind kind) {
    this(pan, expiry, pin, balanceFen, kind, CardStatus.ACTIVE);
  }

  @Override
  public String toString() {
    return "Card[pan=" + Redaction.pan(pan) + ", expiry=" + expiry + ", pin=" + Redaction.secret(pin) + ", balanceFen="
        + balanceFen + ", kind=" + kind + ", status=" + status + "]";
  }
}
