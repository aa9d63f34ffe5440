package org.posnet.aaa.codec;

/**
 * The one error a RADIUS decode can end in. It carries the drop reason, which is also the label of
 * {@code posnet_aaa_dropped_total}. No stack trace: bad input is expected and must stay cheap.
 */
public final class RadiusDecodeException extends Exception {
  private final DropReason reason;

  public RadiusDecodeException(DropReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public DropReason reason() {
    return reason;
  }
}
