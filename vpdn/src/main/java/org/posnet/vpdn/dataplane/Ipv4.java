package org.posnet.vpdn.dataplane;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Reading the addresses of an IPv4 header without decoding the packet (RFC 791 §3.1). */
final class Ipv4 {
  static final int MIN_HEADER = 20;

  private Ipv4() {}

  /** True for something that can be an IPv4 packet: version 4 and a whole minimal header. */
  static boolean plausible(byte[] p, int length) {
    return length >= MIN_HEADER && (p[0] & 0xf0) == 0x40;
  }

  static int source(byte[] p) {
    return intAt(p, 12);
  }

  static int destination(byte[] p) {
    return intAt(p, 16);
  }

  static int toInt(Inet4Address a) {
    return intAt(a.getAddress(), 0);
  }

  static Inet4Address address(int a) {
    try {
      return (Inet4Address) InetAddress.getByAddress(
          new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always an address", e);
    }
  }

  private static int intAt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
