package org.posnet.vpdn.ppp;

import java.util.Arrays;

/**
 * One PPP frame as L2TP carries it (RFC 1661 §2): no HDLC flags, escaping or FCS; the address and
 * control bytes {@code ff 03} may be there or not (ACFC), the protocol field is one byte when
 * compressed (PFC: an odd first byte) and two otherwise.
 */
public record PppFrame(int protocol, byte[] info) {
  public static final int IPV4 = 0x0021;
  public static final int IPCP = 0x8021;
  public static final int LCP = 0xC021;
  public static final int PAP = 0xC023;
  public static final int CHAP = 0xC223;

  public PppFrame {
    if (protocol < 0 || protocol > 0xFFFF) {
      throw new IllegalArgumentException("protocol is 16 bits: " + protocol);
    }
    info = info.clone();
  }

  @Override
  public byte[] info() {
    return info.clone();
  }

  public static PppFrame decode(byte[] b) throws PppDecodeException {
    int at = 0;
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF) {
      if ((b[1] & 0xFF) != 0x03) {
        throw new PppDecodeException("address ff without control 03");
      }
      at = 2;
    }
    if (b.length - at < 1) {
      throw new PppDecodeException("no protocol field");
    }
    int protocol;
    if ((b[at] & 0x01) != 0) {
      protocol = b[at] & 0xFF; // compressed: a one-byte protocol is odd
      at += 1;
    } else {
      if (b.length - at < 2) {
        throw new PppDecodeException("protocol field truncated");
      }
      protocol = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
      // RFC 1661 §2: the low byte is odd, the high byte even
      if ((protocol & 0x0001) == 0 || (protocol & 0x0100) != 0) {
        throw new PppDecodeException("protocol " + Integer.toHexString(protocol) + " is not a valid number");
      }
      at += 2;
    }
    return new PppFrame(protocol, Arrays.copyOfRange(b, at, b.length));
  }

  /**
   * Encodes with {@code ff 03} unless {@code acfc}, and a one-byte protocol when {@code pfc} allows;
   * LCP always goes uncompressed (RFC 1661 §6.5, §6.6).
   */
  public byte[] encode(boolean acfc, boolean pfc) {
    boolean lcp = protocol == LCP;
    boolean withAddress = lcp || !acfc;
    boolean shortProtocol = !lcp && pfc && protocol < 0x100;
    byte[] out = new byte[(withAddress ? 2 : 0) + (shortProtocol ? 1 : 2) + info.length];
    int at = 0;
    if (withAddress) {
      out[at++] = (byte) 0xFF;
      out[at++] = 0x03;
    }
    if (!shortProtocol) {
      out[at++] = (byte) (protocol >>> 8);
    }
    out[at++] = (byte) protocol;
    System.arraycopy(info, 0, out, at, info.length);
    return out;
  }

  public byte[] encode() {
    return encode(false, false);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PppFrame f && f.protocol == protocol && Arrays.equals(f.info, info);
  }

  @Override
  public int hashCode() {
    return protocol * 31 + Arrays.hashCode(info);
  }

  @Override
  public String toString() {
    return "PppFrame{protocol=" + Integer.toHexString(protocol) + ", " + info.length + " bytes}";
  }
}
