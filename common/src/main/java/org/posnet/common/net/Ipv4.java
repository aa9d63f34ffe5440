package org.posnet.common.net;

/**
 * Strict dotted-quad IPv4 text. {@link java.net.InetAddress} would resolve host names and accept
 * forms like "10.1" or "010.0.0.1" (octal to some tools), which have no place in a fleet file.
 */
public final class Ipv4 {
  private Ipv4() {}

  public static boolean isValid(String text) {
    return parseOrMinus(text) >= 0;
  }

  /** The address as an unsigned 32-bit value in a long. */
  public static long parse(String text) {
    long v = parseOrMinus(text);
    if (v < 0) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    return v;
  }

  public static String format(long address) {
    return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
  }

  private static long parseOrMinus(String text) {
    if (text == null || text.isEmpty() || text.length() > 15) {
      return -1;
    }
    long value = 0;
    int octets = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.') {
        int len = i - start;
        if (len == 0 || len > 3 || (len > 1 && text.charAt(start) == '0')) {
          return -1;
        }
        int octet = 0;
        for (int j = start; j < i; j++) {
          char c = text.charAt(j);
          if (c < '0' || c > '9') {
            return -1;
          }
          octet = octet * 10 + (c - '0');
        }
        if (octet > 255) {
          return -1;
        }
        value = (value << 8) | octet;
        octets++;
        start = i + 1;
      }
    }
    return octets == 4 ? value : -1;
  }
}
