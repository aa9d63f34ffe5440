package org.posnet.vpdn.ppp;

import java.util.Arrays;

/**
 * The packet every PPP control protocol shares (LCP, IPCP, PAP, CHAP): code, identifier, length,
 * data. Bytes past the length are padding and ignored (RFC 1661 §5).
 */
public record CpPacket(int code, int identifier, byte[] data) {
  public CpPacket {
    if ((code | identifier) >>> 8 != 0) {
      throw new IllegalArgumentException("code and identifier are one byte");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public static CpPacket decode(byte[] b) throws PppDecodeException {
    if (b.length < 4) {
      throw new PppDecodeException("control packet shorter than 4 bytes");
    }
    int length = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    if (length < 4 || length > b.length) {
      throw new PppDecodeException("control packet length " + length + " wrong for " + b.length + " bytes");
    }
    return new CpPacket(b[0] & 0xFF, b[1] & 0xFF, Arrays.copyOfRange(b, 4, length));
  }

  public byte[] encode() {
    byte[] out = new byte[4 + data.length];
    out[0] = (byte) code;
    out[1] = (byte) identifier;
    out[2] = (byte) (out.length >>> 8);
    out[3] = (byte) out.length;
    System.arraycopy(data, 0, out, 4, data.length);
    return out;
  }

  public PppFrame frame(int protocol) {
    return new PppFrame(protocol, encode());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpPacket p && p.code == code && p.identifier == identifier && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return (code * 31 + identifier) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CpPacket{code=" + code + ", id=" + identifier + ", " + data.length + " bytes}";
  }
}
