package org.posnet.aaa.client;

/** No server answered after every retry and failover. */
public final class RadiusTimeoutException extends Exception {
  public RadiusTimeoutException(String message) {
    super(message, null, false, false);
  }
}
