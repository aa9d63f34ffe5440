package org.posnet.aaa.policy;

import org.posnet.common.net.Ipv4;

/**
 * An IPv4 network such as {@code 10.64.0.0/16} (a bare address is a /32). Addresses are ints, as on the
 * wire and in the AAA's hot path; text is parsed strictly by common's {@link Ipv4}.
 */
public record Cidr(int network, int prefix) {

  public Cidr {
    if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefix);
    network &= mask(prefix);
  }

  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) return new Cidr(parseAddress(text), 32);
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR: " + text);
    }
    return new Cidr(parseAddress(text.substring(0, slash)), prefix);
  }

  /** Strict dotted quad ({@code 1.2.3.4}) to an int. */
  public static int parseAddress(String dotted) {
    return (int) Ipv4.parse(dotted.trim());
  }

  public static String format(int address) {
    return Ipv4.format(address & 0xffffffffL);
  }

  public static int fromBytes(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  public static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  public int netmask() {
    return mask(prefix);
  }

  public boolean contains(int address) {
    return (address & mask(prefix)) == network;
  }

  public boolean overlaps(Cidr other) {
    int p = Math.min(prefix, other.prefix);
    return (network & mask(p)) == (other.network & mask(p));
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefix;
  }
}
