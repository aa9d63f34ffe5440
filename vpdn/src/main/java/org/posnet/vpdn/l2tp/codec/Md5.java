package org.posnet.vpdn.l2tp.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 over concatenated parts; every JRE ships it, so absence is a broken runtime, not input. */
final class Md5 {
  private Md5() {}

  static byte[] of(byte[]... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from the JRE", e);
    }
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
