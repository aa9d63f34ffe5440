package org.posnet.vpdn.dataplane;

/** No TUN device could be opened (no {@code /dev/net/tun}, not root, no JNA): the control plane runs without a data plane. */
public final class TunUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public TunUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
