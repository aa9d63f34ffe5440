package org.posnet.aaa.codec;

import java.util.Arrays;

/**
 * The MD5 stream ciphers of RADIUS: User-Password (RFC 2865 §5.2) and Tunnel-Password (RFC 2868 §3.5).
 * Returns {@code null} for a hidden value of impossible length, which the caller treats as a
 * malformed request.
 */
public final class PasswordHiding {
  private PasswordHiding() {}

  public static byte[] hideUserPassword(byte[] password, byte[] requestAuthenticator, SharedSecret secret) {
    if (password.length > 128) throw new IllegalArgumentException("User-Password longer than 128 octets");
    int n = Math.max(16, (password.length + 15) & ~15);
    byte[] out = Arrays.copyOf(password, n);
    chain(out, 0, n, requestAuthenticator, 0, 16, secret, true);
    return out;
  }

  public static byte[] revealUserPassword(byte[] hidden, byte[] requestAuthenticator, SharedSecret secret) {
    if (hidden.length < 16 || hidden.length > 128 || hidden.length % 16 != 0) return null;
    byte[] out = hidden.clone();
    chain(out, 0, out.length, requestAuthenticator, 0, 16, secret, false);
    int len = out.length;
    while (len > 0 && out[len - 1] == 0) len--;
    byte[] pw = Arrays.copyOf(out, len);
    Arrays.fill(out, (byte) 0);
    return pw;
  }

  /**
   * Tunnel-Password value: tag, 2-byte salt (high bit set, unique per packet), then the encrypted
   * (length byte | password | zero padding).
   */
  public static byte[] hideTunnelPassword(int tag, byte[] password, byte[] salt, byte[] requestAuthenticator, SharedSecret secret) {
    if (salt.length != 2 || (salt[0] & 0x80) == 0) throw new IllegalArgumentException("Tunnel-Password salt must be 2 bytes with the high bit set");
    if (password.length > 240) throw new IllegalArgumentException("Tunnel-Password longer than 240 octets");
    int n = (password.length + 1 + 15) & ~15;
    byte[] plain = new byte[n];
    plain[0] = (byte) password.length;
    System.arraycopy(password, 0, plain, 1, password.length);
    byte[] seed = new byte[18];
    System.arraycopy(requestAuthenticator, 0, seed, 0, 16);
    seed[16] = salt[0];
    seed[17] = salt[1];
    chain(plain, 0, n, seed, 0, 18, secret, true);
    byte[] out = new byte[3 + n];
    out[0] = (byte) tag;
    out[1] = salt[0];
    out[2] = salt[1];
    System.arraycopy(plain, 0, out, 3, n);
    return out;
  }

  /** Reverses {@link #hideTunnelPassword}; the value includes the tag byte. */
  public static byte[] revealTunnelPassword(byte[] value, byte[] requestAuthenticator, SharedSecret secret) {
    int n = value.length - 3;
    if (n < 16 || n % 16 != 0) return null;
    byte[] seed = new byte[18];
    System.arraycopy(requestAuthenticator, 0, seed, 0, 16);
    seed[16] = value[1];
    seed[17] = value[2];
    byte[] plain = Arrays.copyOfRange(value, 3, value.length);
    chain(plain, 0, n, seed, 0, 18, secret, false);
    int len = plain[0] & 0xff;
    if (len > n - 1) return null;
    return Arrays.copyOfRange(plain, 1, 1 + len);
  }

  /**
   * b1 = MD5(S | seed), c1 = p1 xor b1, b(i) = MD5(S | c(i-1)). Encrypting chains on the output,
   * decrypting on the input; both in place.
   */
  private static void chain(byte[] data, int off, int len, byte[] seed, int seedOff, int seedLen, SharedSecret secret, boolean encrypt) {
    byte[] prev = new byte[16];
    byte[] b = secret.md5SecretThen(seed, seedOff, seedLen, null);
    for (int i = off; i < off + len; i += 16) {
      System.arraycopy(data, i, prev, 0, 16);
      for (int j = 0; j < 16; j++) data[i + j] ^= b[j];
      byte[] feed = encrypt ? Arrays.copyOfRange(data, i, i + 16) : prev.clone();
      b = secret.md5SecretThen(feed, 0, 16, null);
    }
  }
}
