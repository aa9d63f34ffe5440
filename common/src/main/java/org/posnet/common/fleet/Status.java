package org.posnet.common.fleet;

import java.util.Locale;

/** Lifecycle of a terminal or SIM: only active ones may dial in and trade. */
public enum Status {
  ACTIVE,
  SUSPENDED,
  DISABLED;

  /** As written in the fleet file and the database. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null when {@code text} names no status. */
  public static Status parse(String text) {
    for (Status s : values()) {
      if (s.text().equals(text)) {
        return s;
      }
    }
    return null;
  }
}
