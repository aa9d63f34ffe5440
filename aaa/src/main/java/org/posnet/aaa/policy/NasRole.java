package org.posnet.aaa.policy;

import java.util.Locale;

/**
 * What a RADIUS client is to us. A carrier LAC asks which LNS serves a VPDN domain (we answer with
 * tunnel attributes); the bank's LNS asks whether the user is genuine (we answer with a framed IP).
 */
public enum NasRole {
  LAC, LNS;

  public static NasRole parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "lac" -> LAC;
      case "lns" -> LNS;
      default -> throw new IllegalArgumentException("NAS role must be lac or lns: " + s);
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
