package org.posnet.vpdn.l2tp.codec;

/**
 * AVP hiding (RFC 2661 §4.3). The hidden form is {@code original length (2) | value | padding},
 * XORed block by block with MD5(AVP type | secret | Random Vector) for the first 16 bytes and
 * MD5(secret | previous cipher block) after that; a short last block uses a prefix of its hash.
 */
public final class HiddenAvp {
  private HiddenAvp() {}

  /** Hides {@code value} of AVP {@code type}; {@code padding} zero bytes go after it. */
  public static byte[] hide(int type, byte[] value, byte[] secret, byte[] randomVector, int padding) {
    byte[] plain = new byte[2 + value.length + padding];
    plain[0] = (byte) (value.length >>> 8);
    plain[1] = (byte) value.length;
    System.arraycopy(value, 0, plain, 2, value.length);
    return xor(type, plain, secret, randomVector, true);
  }

  /**
   * Reveals a hidden value, or returns null when its inner length does not fit, which the decoder
   * reports as a length error (a wrong secret usually shows up here).
   */
  public static byte[] reveal(int type, byte[] hidden, byte[] secret, byte[] randomVector) {
    if (hidden.length < 2) {
      return null;
    }
    byte[] plain = xor(type, hidden, secret, randomVector, false);
    int len = ((plain[0] & 0xFF) << 8) | (plain[1] & 0xFF);
    if (len > plain.length - 2) {
      return null;
    }
    byte[] v = new byte[len];
    System.arraycopy(plain, 2, v, 0, len);
    return v;
  }

  private static byte[] xor(int type, byte[] in, byte[] secret, byte[] rv, boolean encrypting) {
    byte[] out = new byte[in.length];
    java.security.MessageDigest md = Md5.digest();
    md.update((byte) (type >>> 8));
    md.update((byte) type);
    md.update(secret);
    md.update(rv);
    byte[] key = md.digest();
    for (int off = 0; off < in.length; off += 16) {
      int n = Math.min(16, in.length - off);
      for (int i = 0; i < n; i++) {
        out[off + i] = (byte) (in[off + i] ^ key[i]);
      }
      if (off + 16 < in.length) {
        // the chain always runs over the cipher text, whichever way we go
        md.update(secret);
        md.update(encrypting ? out : in, off, n);
        key = md.digest();
      }
    }
    return out;
  }
}
