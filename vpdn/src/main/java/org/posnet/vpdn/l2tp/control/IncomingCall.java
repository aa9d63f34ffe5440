package org.posnet.vpdn.l2tp.control;

import java.util.Objects;
import java.util.Optional;

/**
 * One incoming call as ICRQ and ICCN describe it: what the LAC knows of the terminal's dial-in
 * and, in the VPDN case, its proxy LCP and proxy authentication. Speeds and types are 0 when the
 * AVP was absent.
 */
public record IncomingCall(
    long callSerialNumber, String callingNumber, String calledNumber, long bearerType,
    long txConnectSpeed, long rxConnectSpeed, long framingType, boolean sequencingRequired,
    Optional<ProxyLcp> proxyLcp, Optional<ProxyAuth> proxyAuth) {

  /** Framing Type bit for synchronous framing; PosNet calls use it (PPP over a packet bearer). */
  public static final long FRAMING_SYNC = 1;
  /** Bearer Type bit for a digital call. */
  public static final long BEARER_DIGITAL = 1;

  public IncomingCall {
    Objects.requireNonNull(callingNumber, "callingNumber");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(proxyLcp, "proxyLcp");
    Objects.requireNonNull(proxyAuth, "proxyAuth");
  }

  /** A terminal's call as the LAC places it: IMSI as calling number, the dialled {@code #777}. */
  public static IncomingCall of(long serial, String callingNumber, String calledNumber) {
    return new IncomingCall(serial, callingNumber, calledNumber, BEARER_DIGITAL, 153_600, 0, FRAMING_SYNC,
        false, Optional.empty(), Optional.empty());
  }

  public IncomingCall withProxy(ProxyLcp lcp, ProxyAuth auth) {
    return new IncomingCall(callSerialNumber, callingNumber, calledNumber, bearerType, txConnectSpeed,
        rxConnectSpeed, framingType, sequencingRequired, Optional.ofNullable(lcp), Optional.ofNullable(auth));
  }
}
