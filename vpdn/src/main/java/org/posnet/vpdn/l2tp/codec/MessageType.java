package org.posnet.vpdn.l2tp.codec;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Control message types of RFC 2661 §3.2, with the AVPs each one must carry. */
public enum MessageType {
  SCCRQ(1, false, EnumSet.of(AvpType.PROTOCOL_VERSION, AvpType.HOST_NAME,
      AvpType.FRAMING_CAPABILITIES, AvpType.ASSIGNED_TUNNEL_ID)),
  SCCRP(2, false, EnumSet.of(AvpType.PROTOCOL_VERSION, AvpType.HOST_NAME,
      AvpType.FRAMING_CAPABILITIES, AvpType.ASSIGNED_TUNNEL_ID)),
  SCCCN(3, false, EnumSet.noneOf(AvpType.class)),
  STOPCCN(4, false, EnumSet.of(AvpType.ASSIGNED_TUNNEL_ID, AvpType.RESULT_CODE)),
  HELLO(6, false, EnumSet.noneOf(AvpType.class)),
  OCRQ(7, true, EnumSet.of(AvpType.ASSIGNED_SESSION_ID, AvpType.CALL_SERIAL_NUMBER,
      AvpType.MINIMUM_BPS, AvpType.MAXIMUM_BPS, AvpType.BEARER_TYPE, AvpType.FRAMING_TYPE,
      AvpType.CALLED_NUMBER)),
  OCRP(8, true, EnumSet.of(AvpType.ASSIGNED_SESSION_ID)),
  OCCN(9, true, EnumSet.of(AvpType.TX_CONNECT_SPEED, AvpType.FRAMING_TYPE)),
  ICRQ(10, true, EnumSet.of(AvpType.ASSIGNED_SESSION_ID, AvpType.CALL_SERIAL_NUMBER)),
  ICRP(11, true, EnumSet.of(AvpType.ASSIGNED_SESSION_ID)),
  ICCN(12, true, EnumSet.of(AvpType.TX_CONNECT_SPEED, AvpType.FRAMING_TYPE)),
  CDN(14, true, EnumSet.of(AvpType.RESULT_CODE, AvpType.ASSIGNED_SESSION_ID)),
  WEN(15, true, EnumSet.of(AvpType.CALL_ERRORS)),
  SLI(16, true, EnumSet.of(AvpType.ACCM));

  private static final MessageType[] BY_CODE = new MessageType[17];

  static {
    for (MessageType t : values()) {
      if (BY_CODE[t.code] != null) {
        throw new ExceptionInInitializerError("duplicate message type " + t.code);
      }
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final boolean sessionScoped;
  private final Set<AvpType> required;

  MessageType(int code, boolean sessionScoped, Set<AvpType> required) {
    this.code = code;
    this.sessionScoped = sessionScoped;
    this.required = required;
  }

  public int code() {
    return code;
  }

  /** Whether an error in it clears one session (CDN) rather than the connection (StopCCN). */
  public boolean sessionScoped() {
    return sessionScoped;
  }

  public Set<AvpType> required() {
    return java.util.Collections.unmodifiableSet(required);
  }

  boolean requires(AvpType t) {
    return required.contains(t);
  }

  public static Optional<MessageType> of(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_CODE[code]);
  }
}
