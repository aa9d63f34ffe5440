package org.posnet.common.crypto;

/**
 * A sealed value could not be opened: tampered, truncated, or sealed under another master key. The
 * message never contains the value or the key.
 */
public final class SealException extends RuntimeException {
  public SealException(String message) {
    super(message);
  }

  public SealException(String message, Throwable cause) {
    super(message, cause);
  }
}
