package org.posnet.common.net;

/**
 * An IPv4 network such as {@code 10.64.0.0/16}: a terminal address pool or a range of RADIUS
 * clients. A plain address parses as a /32.
 *
 * @param network the first address, unsigned 32-bit in a long, host bits zero
 */
public record Ipv4Cidr(long network, int prefixLength) {

  public Ipv4Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32, got " + prefixLength);
    }
    if ((network & ~mask(prefixLength) & 0xFFFFFFFFL) != 0) {
      throw new IllegalArgumentException("host bits set in " + Ipv4.format(network) + "/" + prefixLength);
    }
  }

  /**
   * Parses {@code a.b.c.d/n} or {@code a.b.c.d}.
   *
   * @throws IllegalArgumentException with an operator-readable reason, suggesting the network
   *     address when host bits are set
   */
  public static Ipv4Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected an IPv4 CIDR like 10.64.0.0/16");
    }
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!Ipv4.isValid(address)) {
      throw new IllegalArgumentException("expected an IPv4 CIDR like 10.64.0.0/16, got \"" + text + "\"");
    }
    int prefix = 32;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (!p.matches("\\d{1,2}") || Integer.parseInt(p) > 32) {
        throw new IllegalArgumentException("prefix length must be 0-32 in \"" + text + "\"");
      }
      prefix = Integer.parseInt(p);
    }
    long addr = Ipv4.parse(address);
    long net = addr & mask(prefix);
    if (net != addr) {
      throw new IllegalArgumentException("\"" + text + "\" has host bits set; did you mean " + Ipv4.format(net) + "/" + prefix + "?");
    }
    return new Ipv4Cidr(net, prefix);
  }

  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public long size() {
    return 1L << (32 - prefixLength);
  }

  public long last() {
    return network + size() - 1;
  }

  public boolean contains(long address) {
    return address >= network && address <= last();
  }

  public boolean overlaps(Ipv4Cidr other) {
    return network <= other.last() && other.network <= last();
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
