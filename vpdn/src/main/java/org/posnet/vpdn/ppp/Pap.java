package org.posnet.vpdn.ppp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** PAP packets (RFC 1334 §2.2). */
public final class Pap {
  public static final int AUTHENTICATE_REQUEST = 1;
  public static final int AUTHENTICATE_ACK = 2;
  public static final int AUTHENTICATE_NAK = 3;

  private Pap() {}

  record Credentials(String peerId, byte[] password) {}

  static CpPacket request(int id, String peerId, byte[] password) {
    byte[] p = peerId.getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[2 + p.length + password.length];
    data[0] = (byte) p.length;
    System.arraycopy(p, 0, data, 1, p.length);
    data[1 + p.length] = (byte) password.length;
    System.arraycopy(password, 0, data, 2 + p.length, password.length);
    return new CpPacket(AUTHENTICATE_REQUEST, id, data);
  }

  static Credentials parse(CpPacket p) throws PppDecodeException {
    byte[] d = p.data();
    if (d.length < 2 || 2 + (d[0] & 0xFF) > d.length) {
      throw new PppDecodeException("PAP peer-id length wrong");
    }
    int idLen = d[0] & 0xFF;
    int pwLen = d[1 + idLen] & 0xFF;
    if (2 + idLen + pwLen > d.length) {
      throw new PppDecodeException("PAP password length wrong");
    }
    return new Credentials(new String(d, 1, idLen, StandardCharsets.UTF_8),
        Arrays.copyOfRange(d, 2 + idLen, 2 + idLen + pwLen));
  }

  static CpPacket answer(int code, int id, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[1 + Math.min(m.length, 255)];
    data[0] = (byte) (data.length - 1);
    System.arraycopy(m, 0, data, 1, data.length - 1);
    return new CpPacket(code, id, data);
  }
}
