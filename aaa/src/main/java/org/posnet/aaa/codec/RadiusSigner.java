package org.posnet.aaa.codec;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Authenticators of RFC 2865 §3 (response), RFC 2866 §3 and RFC 5176 §3.5 (computed request), and the
 * Message-Authenticator of RFC 3579 §3.2. Works on encoded bytes in place, so a packet is laid out
 * once and signed once.
 */
public final class RadiusSigner {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] ZERO16 = new byte[16];

  private RadiusSigner() {}

  /** A fresh random Request Authenticator (Access-Request, Status-Server). */
  public static byte[] randomAuthenticator() {
    byte[] a = new byte[16];
    RANDOM.nextBytes(a);
    return a;
  }

  /**
   * Signs a reply in place: fills any Message-Authenticator (computed over the reply carrying the
   * request's authenticator), then the Response Authenticator.
   */
  public static void signResponse(byte[] reply, byte[] requestAuthenticator, SharedSecret secret) {
    int length = length(reply);
    System.arraycopy(requestAuthenticator, 0, reply, 4, 16);
    fillMessageAuthenticator(reply, length, secret);
    MessageDigest md = SharedSecret.md5();
    md.update(reply, 0, length);
    md.update(secret.bytes());
    System.arraycopy(md.digest(), 0, reply, 4, 16);
  }

  /** Signs an Access-Request or Status-Server in place: keeps its random authenticator, fills M-A. */
  public static void signAccessRequest(byte[] request, SharedSecret secret) {
    fillMessageAuthenticator(request, length(request), secret);
  }

  /**
   * Signs an Accounting-Request, Disconnect-Request or CoA-Request in place: authenticator =
   * MD5(packet with a zero authenticator | secret); any Message-Authenticator is computed first,
   * over the zero authenticator.
   */
  public static void signComputedRequest(byte[] request, SharedSecret secret) {
    int length = length(request);
    System.arraycopy(ZERO16, 0, request, 4, 16);
    fillMessageAuthenticator(request, length, secret);
    MessageDigest md = SharedSecret.md5();
    md.update(request, 0, length);
    md.update(secret.bytes());
    System.arraycopy(md.digest(), 0, request, 4, 16);
  }

  /** Checks a computed request authenticator (Accounting, Disconnect, CoA). */
  public static boolean verifyComputedRequest(byte[] packet, int length, SharedSecret secret) {
    MessageDigest md = SharedSecret.md5();
    md.update(packet, 0, 4);
    md.update(ZERO16);
    md.update(packet, 20, length - 20);
    md.update(secret.bytes());
    return equal16(md.digest(), packet, 4);
  }

  /** Checks a reply's Response Authenticator against the request it answers. */
  public static boolean verifyResponse(byte[] reply, int length, byte[] requestAuthenticator, SharedSecret secret) {
    MessageDigest md = SharedSecret.md5();
    md.update(reply, 0, 4);
    md.update(requestAuthenticator);
    md.update(reply, 20, length - 20);
    md.update(secret.bytes());
    return equal16(md.digest(), reply, 4);
  }

  /**
   * Checks the Message-Authenticator at {@code maOffset} (the attribute's type byte). The HMAC runs
   * over the packet with the value zeroed and the authenticator field replaced by
   * {@code authenticatorForHmac} (the request's own for requests, the request's for replies, zeros
   * for computed requests).
   */
  public static boolean verifyMessageAuthenticator(byte[] packet, int length, int maOffset, byte[] authenticatorForHmac, SharedSecret secret) {
    if (maOffset < 0 || (packet[maOffset + 1] & 0xff) != 18 || maOffset + 18 > length) return false;
    return equal16(secret.hmacMd5ForMessageAuthenticator(packet, length, authenticatorForHmac, maOffset + 2), packet, maOffset + 2);
  }

  private static void fillMessageAuthenticator(byte[] packet, int length, SharedSecret secret) {
    int ma = RadiusCodec.offsetOf(packet, Attr.MESSAGE_AUTHENTICATOR);
    if (ma < 0) return;
    System.arraycopy(ZERO16, 0, packet, ma + 2, 16);
    byte[] mac = secret.hmacMd5(packet, length);
    System.arraycopy(mac, 0, packet, ma + 2, 16);
  }

  private static int length(byte[] p) {
    return ((p[2] & 0xff) << 8) | (p[3] & 0xff);
  }

  private static boolean equal16(byte[] expected, byte[] packet, int off) {
    int diff = 0;
    for (int i = 0; i < 16; i++) diff |= expected[i] ^ packet[off + i];
    return diff == 0;
  }
}
