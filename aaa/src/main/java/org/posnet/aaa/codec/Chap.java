package org.posnet.aaa.codec;

import java.security.MessageDigest;

/** CHAP-MD5 (RFC 1994): response = MD5(identifier | secret | challenge). */
public final class Chap {
  private Chap() {}

  public static byte[] response(int identifier, byte[] password, byte[] challenge) {
    MessageDigest md = SharedSecret.md5();
    md.update((byte) identifier);
    md.update(password);
    md.update(challenge);
    return md.digest();
  }

  /**
   * Checks a RADIUS CHAP-Password value (identifier + 16-byte response) against the clear password;
   * the challenge is CHAP-Challenge, or the Request Authenticator when that is absent (RFC 2865 §5.3).
   */
  public static boolean verify(byte[] chapPassword, byte[] password, byte[] challenge) {
    if (chapPassword.length != 17) return false;
    byte[] expected = response(chapPassword[0] & 0xff, password, challenge);
    int diff = 0;
    for (int i = 0; i < 16; i++) diff |= expected[i] ^ chapPassword[i + 1];
    return diff == 0;
  }
}
