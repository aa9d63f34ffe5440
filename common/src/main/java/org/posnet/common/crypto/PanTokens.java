package org.posnet.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the database stores instead of an on-us card number (PCI DSS 3.5.1: a PAN is unreadable wherever it is
 * stored): the card's first six and last four digits, as a receipt shows them, then a keyed hash of the whole
 * number, e.g. {@code 622848*0018#5f0c2a9e41d7b3c8}. The same card always gives the same token, so the card
 * table and ledger accounts are keyed by it; it cannot be turned back into the number, and without the key
 * (derived from the LMK, {@link MasterKey#panTokens}) the eleven to sixteen hidden digits cannot be tried
 * against it either. The hash's 64 bits tell apart the up to 10^9 cards that share a first six and last four.
 * Thread-safe.
 */
public final class PanTokens {
  /** Separates the shown digits from the hash: a clear card number never holds it. */
  public static final char MARK = '#';
  private static final int HASH_BYTES = 8;
  /** The longest token: 6 + 1 + 4 + 1 + 16. */
  public static final int MAX_LENGTH = 28;
  /** Per thread: {@code Mac.getInstance} costs more than the hash of a card number. */
  private final ThreadLocal<Mac> macs;
  /** Recent tokens by number, one slot per hash bucket: a card paying again is not hashed again. */
  private final Entry[] recent = new Entry[4096];

  private record Entry(String pan, String token) {
  }

  PanTokens(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
      }
    });
  }

  /** The token of {@code pan} (digits as the terminal or fleet file gave them). */
  public String token(String pan) {
    if (pan == null || pan.isEmpty()) {
      throw new IllegalArgumentException("no card number to tokenize");
    }
    int slot = pan.hashCode() & (recent.length - 1);
    Entry e = recent[slot];
    if (e != null && e.pan.equals(pan)) {
      return e.token;
    }
    byte[] digest = macs.get().doFinal(pan.getBytes(StandardCharsets.US_ASCII));
    String hash = HexFormat.of().formatHex(digest, 0, HASH_BYTES);
    Arrays.fill(digest, (byte) 0);
    String token = (pan.length() >= 11 ? pan.substring(0, 6) + "*" + pan.substring(pan.length() - 4) : "*") + MARK + hash;
    recent[slot] = new Entry(pan, token);
    return token;
  }

  /** True when {@code ref} is a token, not a clear card number (as stored before tokens). */
  public static boolean isToken(String ref) {
    return ref != null && ref.indexOf(MARK) >= 0;
  }

  @Override
  public String toString() {
    return "PanTokens[HMAC-SHA256 under a key derived from the LMK]";
  }
}
