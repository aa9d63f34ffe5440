package org.posnet.vpdn.l2tp.codec;

import java.util.Objects;

/**
 * Result Code AVP (type 1): result, optional general error code and optional text. The wire form
 * has three lengths (2, 4 or more bytes); {@code errorCode} -1 means "absent" and an empty message
 * means "absent", so a decode/encode round trip keeps the original length.
 */
public record ResultCode(int result, int errorCode, String message) {
  // StopCCN result codes (RFC 2661 §4.4.2)
  public static final int STOPCCN_GENERAL_CLEAR = 1;
  public static final int STOPCCN_GENERAL_ERROR = 2;
  public static final int STOPCCN_ALREADY_EXISTS = 3;
  public static final int STOPCCN_NOT_AUTHORIZED = 4;
  public static final int STOPCCN_BAD_PROTOCOL_VERSION = 5;
  public static final int STOPCCN_SHUTTING_DOWN = 6;
  public static final int STOPCCN_FSM_ERROR = 7;
  // CDN result codes
  public static final int CDN_LOST_CARRIER = 1;
  public static final int CDN_GENERAL_ERROR = 2;
  public static final int CDN_ADMINISTRATIVE = 3;
  public static final int CDN_NO_RESOURCES = 4;
  // General error codes
  public static final int ERROR_NONE = 0;
  public static final int ERROR_NO_CONTROL_CONNECTION = 1;
  public static final int ERROR_LENGTH = 2;
  public static final int ERROR_OUT_OF_RANGE = 3;
  public static final int ERROR_INSUFFICIENT_RESOURCES = 4;
  public static final int ERROR_INVALID_SESSION_ID = 5;
  /** "Generic vendor-specific error": what xl2tpd and PosNet send for a failed tunnel challenge. */
  public static final int ERROR_VENDOR = 6;
  public static final int ERROR_TRY_ANOTHER = 7;
  public static final int ERROR_UNKNOWN_MANDATORY_AVP = 8;

  public ResultCode {
    Objects.requireNonNull(message, "message");
    if (result < 0 || result > 0xFFFF) {
      throw new IllegalArgumentException("result out of range: " + result);
    }
    if (errorCode < -1 || errorCode > 0xFFFF) {
      throw new IllegalArgumentException("errorCode out of range: " + errorCode);
    }
    if (errorCode == -1 && !message.isEmpty()) {
      throw new IllegalArgumentException("a message needs an error code before it on the wire");
    }
  }

  public static ResultCode of(int result) {
    return new ResultCode(result, -1, "");
  }

  public static ResultCode of(int result, int errorCode, String message) {
    return new ResultCode(result, errorCode, message);
  }

  public boolean hasErrorCode() {
    return errorCode >= 0;
  }
}
