package org.posnet.common.fleet;

import org.posnet.common.crypto.Redaction;

/**
 * A card account as stored. The PIN stays sealed under the LMK: only the host's HSM opens it.
 *
 * @param pinUnderLmk {@code lmk1:...} sealed clear PIN digits
 * @param currency ISO 4217 numeric, 156 for CNY
 * @param status whether the issuer honours the card: only {@link CardStatus#ACTIVE} ones
 */
public record StoredCard(String pan, String expiry, String pinUnderLmk, long balanceFen, String currency, CardKind kind,
    CardStatus status) {

  /** An active card. */
  public StoredCard(String pan, String expiry, String pinUnderLmk, long balanceFen, String currency, CardKind kind) {
    this(pan, expiry, pinUnderLmk, balanceFen, currency, kind, CardStatus.ACTIVE);
  }

  @Override
  public String toString() {
    return "StoredCard[pan=" + Redaction.pan(pan) + ", expiry=" + expiry + ", pinUnderLmk=****, balanceFen=" + balanceFen
        + ", currency=" + currency + ", kind=" + kind + ", status=" + status + "]";
  }
}
