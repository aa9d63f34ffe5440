package org.posnet.vpdn.l2tp.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 over concatenated parts; every JRE ships it, so absence is a broken runtime, not input. */
final class Md5 {
  /**
   * One digest per thread: {@code MessageDigest.getInstance} looks the provider up and builds a new
   * engine each time, and a call hides or reveals about ten AVPs with two or three digests each.
   * {@code digest()} resets it for the next use.
   */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from the JRE", e);
    }
  });

  private Md5() {}

  static byte[] of(byte[]... parts) {
    MessageDigest md = DIGEST.get();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** A digest to {@code update} and {@code digest()} on this thread; it is reset when handed out. */
  static MessageDigest digest() {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md;
  }
}
