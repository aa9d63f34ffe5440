package org.posnet.vpdn.l2tp.codec;

import java.util.Optional;

/**
 * The IETF (vendor 0) AVPs of RFC 2661 §4.4, with the value layout the decoder checks and the M bit
 * we send by default. Type 20 has no definition in RFC 2661; like any unknown AVP it stays raw.
 */
public enum AvpType {
  MESSAGE_TYPE(0, Format.UINT16, true, false),
  RESULT_CODE(1, Format.RESULT_CODE, true, true),
  PROTOCOL_VERSION(2, Format.fixed(2), true, true),
  FRAMING_CAPABILITIES(3, Format.UINT32, true, true),
  BEARER_CAPABILITIES(4, Format.UINT32, true, true),
  TIE_BREAKER(5, Format.fixed(8), false, false),
  FIRMWARE_REVISION(6, Format.UINT16, false, true),
  HOST_NAME(7, Format.atLeast(1), true, false),
  VENDOR_NAME(8, Format.atLeast(0), false, true),
  ASSIGNED_TUNNEL_ID(9, Format.UINT16, true, true),
  RECEIVE_WINDOW_SIZE(10, Format.UINT16, true, false),
  CHALLENGE(11, Format.atLeast(1), true, true),
  Q931_CAUSE_CODE(12, Format.atLeast(3), true, false),
  CHALLENGE_RESPONSE(13, Format.fixed(16), true, true),
  ASSIGNED_SESSION_ID(14, Format.UINT16, true, true),
  CALL_SERIAL_NUMBER(15, Format.UINT32, true, true),
  MINIMUM_BPS(16, Format.UINT32, true, true),
  MAXIMUM_BPS(17, Format.UINT32, true, true),
  BEARER_TYPE(18, Format.UINT32, true, true),
  FRAMING_TYPE(19, Format.UINT32, true, true),
  CALLED_NUMBER(21, Format.atLeast(0), true, true),
  CALLING_NUMBER(22, Format.atLeast(0), true, true),
  SUB_ADDRESS(23, Format.atLeast(0), true, true),
  TX_CONNECT_SPEED(24, Format.UINT32, true, true),
  PHYSICAL_CHANNEL_ID(25, Format.UINT32, false, true),
  INITIAL_RECEIVED_LCP_CONFREQ(26, Format.atLeast(0), false, true),
  LAST_SENT_LCP_CONFREQ(27, Format.atLeast(0), false, true),
  LAST_RECEIVED_LCP_CONFREQ(28, Format.atLeast(0), false, true),
  PROXY_AUTHEN_TYPE(29, Format.UINT16, false, true),
  PROXY_AUTHEN_NAME(30, Format.atLeast(0), false, true),
  PROXY_AUTHEN_CHALLENGE(31, Format.atLeast(1), false, true),
  /** Two bytes: reserved, then the CHAP identifier. */
  PROXY_AUTHEN_ID(32, Format.UINT16, false, true),
  PROXY_AUTHEN_RESPONSE(33, Format.atLeast(0), false, true),
  /** Two reserved bytes, then six 32-bit error counters. */
  CALL_ERRORS(34, Format.fixed(26), true, true),
  /** Two reserved bytes, then the send and receive ACCM. */
  ACCM(35, Format.fixed(10), true, true),
  RANDOM_VECTOR(36, Format.atLeast(1), true, false),
  PRIVATE_GROUP_ID(37, Format.atLeast(0), false, true),
  RX_CONNECT_SPEED(38, Format.UINT32, false, true),
  SEQUENCING_REQUIRED(39, Format.fixed(0), true, false);

  /** Allowed value lengths (after decryption for hidden AVPs). */
  record Format(int min, int max, boolean resultCode) {
    static final Format UINT16 = fixed(2);
    static final Format UINT32 = fixed(4);
    static final Format RESULT_CODE = new Format(2, 1023, true);

    static Format fixed(int n) {
      return new Format(n, n, false);
    }

    static Format atLeast(int n) {
      return new Format(n, 1023, false);
    }

    boolean accepts(int length) {
      if (length < min || length > max) {
        return false;
      }
      // 3 bytes would be a result plus half an error code
      return !resultCode || length != 3;
    }
  }

  private static final AvpType[] BY_CODE = new AvpType[40];

  static {
    for (AvpType t : values()) {
      if (BY_CODE[t.code] != null) {
        throw new ExceptionInInitializerError("duplicate AVP type " + t.code);
      }
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final Format format;
  private final boolean mandatoryByDefault;
  private final boolean mayBeHidden;

  AvpType(int code, Format format, boolean mandatoryByDefault, boolean mayBeHidden) {
    this.code = code;
    this.format = format;
    this.mandatoryByDefault = mandatoryByDefault;
    this.mayBeHidden = mayBeHidden;
  }

  public int code() {
    return code;
  }

  Format format() {
    return format;
  }

  public boolean mandatoryByDefault() {
    return mandatoryByDefault;
  }

  /** Message Type, Random Vector and a few others are never hidden (RFC 2661 §4.4). */
  public boolean mayBeHidden() {
    return mayBeHidden;
  }

  /** The known IETF type, empty for vendor AVPs and unassigned numbers. */
  public static Optional<AvpType> of(int vendorId, int code) {
    if (vendorId != 0 || code < 0 || code >= BY_CODE.length) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_CODE[code]);
  }
}
