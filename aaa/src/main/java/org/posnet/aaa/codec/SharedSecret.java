package org.posnet.aaa.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A RADIUS shared secret with the work that depends only on it done once: the HMAC-MD5 inner and
 * outer pads are hashed at construction and cloned per packet, which keeps Message-Authenticator
 * checks off the hot path's allocation profile. Never printed.
 */
public final class SharedSecret {
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(SharedSecret::newMd5);

  private final byte[] secret;
  private final MessageDigest innerPad;
  private final MessageDigest outerPad;

  public SharedSecret(byte[] secret) {
    if (secret.length == 0) throw new IllegalArgumentException("a RADIUS shared secret must not be empty");
    this.secret = secret.clone();
    byte[] key = secret.length > 64 ? newMd5().digest(secret) : secret;
    byte[] ipad = new byte[64];
    byte[] opad = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    innerPad = newMd5();
    innerPad.update(ipad);
    outerPad = newMd5();
    outerPad.update(opad);
  }

  public static SharedSecret of(String secret) {
    return new SharedSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  byte[] bytes() {
    return secret;
  }

  /** Thread-confined MD5 instance, reset before it is handed out. */
  static MessageDigest md5() {
    MessageDigest md = MD5.get();
    md.reset();
    return md;
  }

  /** HMAC-MD5 (RFC 2104) of {@code data[0..len)} under this secret. */
  public byte[] hmacMd5(byte[] data, int len) {
    try {
      MessageDigest inner = (MessageDigest) innerPad.clone();
      inner.update(data, 0, len);
      byte[] ih = inner.digest();
      MessageDigest outer = (MessageDigest) outerPad.clone();
      outer.update(ih);
      return outer.digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("MD5 provider cannot clone its state", e);
    }
  }

  /**
   * HMAC-MD5 of a packet as RFC 3579 §3.2 defines it for Message-Authenticator: the authenticator field
   * replaced by {@code authenticator} and the 16-byte value at {@code valueOffset} taken as zeros —
   * computed in pieces, without copying the packet.
   */
  byte[] hmacMd5ForMessageAuthenticator(byte[] packet, int length, byte[] authenticator, int valueOffset) {
    try {
      MessageDigest inner = (MessageDigest) innerPad.clone();
      inner.update(packet, 0, 4);
      inner.update(authenticator, 0, 16);
      inner.update(packet, 20, valueOffset - 20);
      inner.update(ZERO16);
      inner.update(packet, valueOffset + 16, length - valueOffset - 16);
      byte[] ih = inner.digest();
      MessageDigest outer = (MessageDigest) outerPad.clone();
      outer.update(ih);
      return outer.digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("MD5 provider cannot clone its state", e);
    }
  }

  private static final byte[] ZERO16 = new byte[16];

  /** MD5(secret | a | b), the building block of the password hiding chains. */
  byte[] md5SecretThen(byte[] a, int aOff, int aLen, byte[] b) {
    MessageDigest md = md5();
    md.update(secret);
    md.update(a, aOff, aLen);
    if (b != null) md.update(b);
    return md.digest();
  }

  public boolean sameAs(SharedSecret other) {
    return MessageDigest.isEqual(secret, other.secret);
  }

  @Override
  public String toString() {
    return "SharedSecret[***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SharedSecret s && MessageDigest.isEqual(s.secret, secret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by RADIUS and missing from this JVM", e);
    }
  }
}
