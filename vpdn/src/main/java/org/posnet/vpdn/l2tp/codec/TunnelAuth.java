package org.posnet.vpdn.l2tp.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Tunnel authentication (RFC 2661 §5.1.1): the answer to a Challenge is MD5(message type | secret |
 * challenge), the type being that of the message carrying the answer (2 in SCCRP, 3 in SCCCN), so a
 * response cannot be replayed from one direction into the other.
 */
public final class TunnelAuth {
  private TunnelAuth() {}

  public static byte[] response(MessageType carriedIn, byte[] secret, byte[] challenge) {
    return Md5.of(new byte[] {(byte) carriedIn.code()}, secret, challenge);
  }

  public static byte[] response(MessageType carriedIn, String secret, byte[] challenge) {
    return response(carriedIn, secret.getBytes(StandardCharsets.UTF_8), challenge);
  }

  /** Constant-time comparison, so timing does not reveal how much of a guess was right. */
  public static boolean verify(MessageType carriedIn, byte[] secret, byte[] challenge, byte[] received) {
    return MessageDigest.isEqual(response(carriedIn, secret, challenge), received);
  }
}
