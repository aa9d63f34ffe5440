package org.posnet.aaa.policy;

import java.util.Locale;

/**
 * A VPDN user as the AAA sees it: the SIM's {@code user@domain}, its password, the IMSI and MSISDN it
 * is bound to (0 when none), its terminal, and whether both SIM and terminal are active. Kept lean —
 * a large acquirer loads millions. The password never prints.
 */
public record Subscriber(String user, byte[] password, long imsi, long msisdn, String terminalId, boolean active) {

  /** Lookup key: the local part as given, the domain upper-cased (domains are case-insensitive). */
  public static String key(String user) {
    int at = user.lastIndexOf('@');
    if (at < 0) return user;
    for (int i = at + 1; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c >= 'a' && c <= 'z' || c > 0x7f) return user.substring(0, at + 1) + user.substring(at + 1).toUpperCase(Locale.ROOT);
    }
    return user; // already upper-case, as NASes send it: no copy on the hot path
  }

  public static String domainOf(String user) {
    int at = user.lastIndexOf('@');
    return at < 0 ? null : user.substring(at + 1).toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "Subscriber[" + user + ", terminal " + terminalId + (active ? "" : ", inactive") + "]";
  }
}
