package org.posnet.common.fleet;

import java.util.Locale;

/**
 * Whether the on-us issuer honours a card: only active ones. A cardholder's report (挂失) makes it lost, a
 * theft report stolen; blocked is the issuer's own stop (fraud suspicion, a court order, a closed account).
 */
public enum CardStatus {
  ACTIVE,
  LOST,
  STOLEN,
  BLOCKED;

  /** As written in the fleet file and the database. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null when {@code text} names no card status. */
  public static CardStatus parse(String text) {
    for (CardStatus s : values()) {
      if (s.text().equals(text)) {
        return s;
      }
    }
    return null;
  }
}
