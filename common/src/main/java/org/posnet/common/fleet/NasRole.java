package org.posnet.common.fleet;

import java.util.Locale;

/**
 * What the AAA answers a RADIUS client: a carrier LAC gets tunnel attributes (LNS address, tunnel
 * password), a bank LNS gets the user's Framed-IP.
 */
public enum NasRole {
  LAC,
  LNS;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NasRole parse(String text) {
    for (NasRole r : values()) {
      if (r.text().equals(text)) {
        return r;
      }
    }
    return null;
  }
}
