package org.posnet.vpdn.ppp;

/** A PPP frame or packet that does not parse: counted and dropped, never thrown further. */
public final class PppDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  PppDecodeException(String reason) {
    super(reason, null, false, false);
  }
}
