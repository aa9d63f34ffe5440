package org.posnet.common.crypto;

/** How secrets and card numbers look in toString, logs, events and error messages (DESIGN.md §5). */
public final class Redaction {
  private Redaction() {}

  /** A secret is shown only as present or absent, never by length or prefix. */
  public static String secret(String value) {
    return value == null ? "null" : "****";
  }

  /** First 6 and last 4 digits: enough to tell cards apart, too little to use one. */
  public static String pan(String pan) {
    if (pan == null) {
      return "null";
    }
    if (pan.length() < 11) {
      return "*".repeat(pan.length());
    }
    return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
  }

  private static final java.util.regex.Pattern DIGIT_RUN = java.util.regex.Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

  /**
   * Free text (an exception's message: a database driver's may quote the statement's arguments) with every
   * run of 13 to 19 digits — what a card number looks like — shown as {@link #pan} shows one.
   */
  public static String panRuns(String text) {
    return text == null ? "null" : DIGIT_RUN.matcher(text).replaceAll(m -> pan(m.group()));
  }
}
