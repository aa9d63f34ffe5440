package org.posnet.common.fleet;

/** The algorithm of a terminal's keys: triple DES (double or triple length) or the SM4 national standard. */
public enum KeyScheme {
  TDES("3DES"),
  SM4("SM4");

  private final String text;

  KeyScheme(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** Whether a clear TMK of {@code hexDigits} hex digits fits this scheme. */
  public boolean fitsTmkLength(int hexDigits) {
    return this == TDES ? hexDigits == 32 || hexDigits == 48 : hexDigits == 32;
  }

  public String tmkLengths() {
    return this == TDES ? "32 or 48" : "32";
  }

  public static KeyScheme parse(String text) {
    for (KeyScheme k : values()) {
      if (k.text.equals(text)) {
        return k;
      }
    }
    return null;
  }
}
