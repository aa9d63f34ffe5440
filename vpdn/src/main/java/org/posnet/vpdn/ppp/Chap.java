package org.posnet.vpdn.ppp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** CHAP packets (RFC 1994 §4) and the MD5 response: MD5(identifier | secret | challenge). */
public final class Chap {
  public static final int CHALLENGE = 1;
  public static final int RESPONSE = 2;
  public static final int SUCCESS = 3;
  public static final int FAILURE = 4;
  /** Algorithm byte of the Auth-Protocol option for MD5. */
  public static final int MD5 = 5;

  private Chap() {}

  /** A Challenge or Response body: value and the sender's name. */
  public record Value(byte[] value, String name) {}

  /** One digest per thread: {@code getInstance} looks the provider up every time (once per call). */
  private static final ThreadLocal<MessageDigest> MD5_DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from the JRE", e);
    }
  });

  public static byte[] response(int identifier, byte[] secret, byte[] challenge) {
    MessageDigest md = MD5_DIGEST.get();
    md.reset();
    md.update((byte) identifier);
    md.update(secret);
    md.update(challenge);
    return md.digest();
  }

  static CpPacket packet(int code, int id, byte[] value, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[1 + value.length + n.length];
    data[0] = (byte) value.length;
    System.arraycopy(value, 0, data, 1, value.length);
    System.arraycopy(n, 0, data, 1 + value.length, n.length);
    return new CpPacket(code, id, data);
  }

  /** Success and Failure carry only a message. */
  static CpPacket result(int code, int id, String message) {
    return new CpPacket(code, id, message.getBytes(StandardCharsets.UTF_8));
  }

  static Value parse(CpPacket p) throws PppDecodeException {
    byte[] d = p.data();
    if (d.length < 1 || (d[0] & 0xFF) < 1 || 1 + (d[0] & 0xFF) > d.length) {
      throw new PppDecodeException("CHAP value size wrong");
    }
    int size = d[0] & 0xFF;
    return new Value(Arrays.copyOfRange(d, 1, 1 + size),
        new String(d, 1 + size, d.length - 1 - size, StandardCharsets.UTF_8));
  }
}
