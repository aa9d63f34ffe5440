package org.posnet.common.money;

import java.util.regex.Pattern;

/**
 * An amount in minor units (fen for CNY) with its ISO 4217 numeric currency code. Never a double:
 * 0.1 + 0.2 is not 0.3 in binary floating point, and a ledger must add up.
 */
public record Money(long minor, String currency) {
  public static final String CNY = "156";
  private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,16}(\\.\\d{1,2})?");

  public Money {
    if (currency == null || !currency.matches("\\d{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 numeric code like 156, got " + currency);
    }
  }

  public static Money ofFen(long fen) {
    return new Money(fen, CNY);
  }

  /**
   * Parses a decimal amount with at most two places ("5000.00", "12.5", "7") into minor units.
   *
   * @throws IllegalArgumentException naming the expected form; the message quotes the text
   */
  public static long parseMinor(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException("expected a decimal amount with at most 2 places, like 5000.00");
    }
    boolean negative = text.startsWith("-");
    String digits = negative ? text.substring(1) : text;
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    String fraction = dot < 0 ? "" : digits.substring(dot + 1);
    long minor = Math.addExact(Math.multiplyExact(Long.parseLong(whole), 100L),
        Long.parseLong((fraction + "00").substring(0, 2)));
    return negative ? -minor : minor;
  }

  /** {@code 500000} → {@code "5000.00"}. */
  public static String format(long minor) {
    String sign = minor < 0 ? "-" : "";
    long abs = Math.abs(minor);
    return sign + (abs / 100) + "." + String.format("%02d", abs % 100);
  }

  @Override
  public String toString() {
    return format(minor) + " " + currency;
  }
}
