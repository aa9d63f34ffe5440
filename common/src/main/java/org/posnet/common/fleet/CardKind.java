package org.posnet.common.fleet;

import java.util.Locale;

public enum CardKind {
  DEBIT,
  CREDIT;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CardKind parse(String text) {
    for (CardKind k : values()) {
      if (k.text().equals(text)) {
        return k;
      }
    }
    return null;
  }
}
