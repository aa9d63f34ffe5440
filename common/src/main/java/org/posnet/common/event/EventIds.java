package org.posnet.common.event;

import java.security.SecureRandom;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * ULID-style event ids: 26 characters of Crockford base32, 48 bits of milliseconds then 80 bits of
 * randomness. Ids from one generator sort as strings in creation order, even within one
 * millisecond (the random part is incremented) and even if the wall clock steps back (time never
 * goes below the last id's). Random bits keep ids from different nodes apart.
 */
public final class EventIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final EventIds DEFAULT = new EventIds(System::currentTimeMillis, new SecureRandom());
  private static final long RANDOM_HI_MASK = 0xFFFFL; // the top 16 of the 80 random bits

  private final LongSupplier millis;
  private final Random random;
  private long lastMillis = -1;
  private long randomHi;
  private long randomLo;

  public EventIds(LongSupplier millis, Random random) {
    this.millis = millis;
    this.random = random;
  }

  /** The next id from the process-wide generator. */
  public static String next() {
    return DEFAULT.nextId();
  }

  public synchronized String nextId() {
    long now = millis.getAsLong();
    if (now > lastMillis) {
      lastMillis = now;
      randomHi = random.nextInt() & RANDOM_HI_MASK;
      // Leave the top bit clear so a million increments within one millisecond cannot overflow.
      randomLo = random.nextLong() >>> 1;
    } else if (++randomLo == 0 && ++randomHi > RANDOM_HI_MASK) {
      // 2^80 ids in one millisecond cannot happen; should it, borrow the next millisecond.
      lastMillis++;
      randomHi = 0;
    }
    return encode(lastMillis, randomHi, randomLo);
  }

  /** The millisecond timestamp an id carries. */
  public static long millisOf(String id) {
    if (id.length() != 26) {
      throw new IllegalArgumentException("an event id is 26 characters, got " + id.length());
    }
    long t = 0;
    for (int i = 0; i < 10; i++) {
      t = (t << 5) | decode(id.charAt(i));
    }
    return t;
  }

  private static String encode(long time, long hi, long lo) {
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits = 16 chars: hi(16 bits) followed by lo(64 bits).
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo = (lo >>> 5) | ((hi & 31) << 59);
      hi >>>= 5;
    }
    return new String(out);
  }

  private static int decode(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == Character.toUpperCase(c)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a Crockford base32 character: " + c);
  }
}
