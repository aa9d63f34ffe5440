package org.posnet.common.fleet;

import java.util.regex.Pattern;

/** Format rules for the identifiers of the card and carrier world, one place each. */
final class Checks {
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
  private static final Pattern ALNUM = Pattern.compile("[0-9A-Za-z]+");
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern MSISDN = Pattern.compile("\\+?\\d{11,15}");
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private Checks() {}

  static boolean digits(String s, int length) {
    return s != null && s.length() == length && DIGITS.matcher(s).matches();
  }

  static boolean digits(String s, int min, int max) {
    return s != null && s.length() >= min && s.length() <= max && DIGITS.matcher(s).matches();
  }

  static boolean alnum(String s, int length) {
    return s != null && s.length() == length && ALNUM.matcher(s).matches();
  }

  static boolean hex(String s) {
    return s != null && HEX.matcher(s).matches();
  }

  static boolean domainName(String s) {
    return s != null && s.length() <= 253 && DOMAIN.matcher(s).matches();
  }

  /** Chinese mobile numbers are 11 digits; IoT SIMs (物联网卡) have 13; E.164 allows 15. */
  static boolean msisdn(String s) {
    return s != null && MSISDN.matcher(s).matches();
  }

  static boolean userLocalPart(String s) {
    return s != null && !s.isEmpty() && s.length() <= 64 && USER_NAME.matcher(s).matches();
  }

  /** YYMM with a month of 01-12. */
  static boolean expiry(String s) {
    if (!digits(s, 4)) {
      return false;
    }
    int month = Integer.parseInt(s.substring(2));
    return month >= 1 && month <= 12;
  }

  static boolean luhn(String pan) {
    int sum = 0;
    boolean twice = false;
    for (int i = pan.length() - 1; i >= 0; i--) {
      int d = pan.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
