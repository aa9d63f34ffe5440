package org.posnet.common.text;

/**
 * Fixed-width decimal fields (trace, RRN, amounts): {@code String.format("%06d")} without the Formatter,
 * which costs more than the rest of building a message field on the per-transaction path.
 */
public final class Digits {
  private Digits() {
  }

  /** {@code value} as exactly {@code width} digits, zero-padded on the left. */
  public static String zeroPadded(long value, int width) {
    if (value < 0 || width < 1 || width > 19) {
      throw new IllegalArgumentException("a non-negative value in 1..19 digits, got " + value + " in " + width);
    }
    char[] out = new char[width];
    long v = value;
    for (int i = width - 1; i >= 0; i--) {
      out[i] = (char) ('0' + (int) (v % 10));
      v /= 10;
    }
    if (v != 0) {
      throw new IllegalArgumentException(value + " does not fit in " + width + " digits");
    }
    return new String(out);
  }
}
