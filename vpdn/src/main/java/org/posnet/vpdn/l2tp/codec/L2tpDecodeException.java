package org.posnet.vpdn.l2tp.codec;

/**
 * The one error every malformed L2TP datagram ends in. It says what the receiver does about it, so
 * the control connection turns it into the protocol's answer without guessing: drop silently (a
 * header we cannot trust), clear the control connection (StopCCN) or clear one session (CDN), with
 * the Result and Error Codes to put in that message.
 *
 * <p>Checked and without a stack trace: malformed input from the network is an expected outcome,
 * not a bug, and building traces for every bad datagram would only cost time under a flood.
 */
public final class L2tpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What the receiver should do with the datagram that failed. */
  public enum Disposition {
    /** Discard without answer: the header itself is not trustworthy (RFC 2661 §3.1). */
    DROP,
    /** Answer with StopCCN carrying {@link #resultCode()} / {@link #errorCode()}. */
    STOP_CONNECTION,
    /** Answer with CDN for {@link #sessionId()} carrying the result and error codes. */
    CLEAR_SESSION
  }

  private final Disposition disposition;
  private final int resultCode;
  private final int errorCode;
  private final int tunnelId;
  private final int sessionId;
  private final int ns;

  private L2tpDecodeException(Disposition disposition, int resultCode, int errorCode, int tunnelId,
      int sessionId, int ns, String reason) {
    super(reason, null, false, false);
    this.ns = ns;
    this.disposition = disposition;
    this.resultCode = resultCode;
    this.errorCode = errorCode;
    this.tunnelId = tunnelId;
    this.sessionId = sessionId;
  }

  static L2tpDecodeException drop(String reason) {
    return new L2tpDecodeException(Disposition.DROP, 0, 0, 0, 0, -1, reason);
  }

  /**
   * A malformed control message whose header was sound: clear the session when it is about a
   * session (session id in the header and a session message type), else the whole connection.
   */
  static L2tpDecodeException answer(
      boolean sessionScoped, int tunnelId, int sessionId, int ns, int errorCode, String reason) {
    if (sessionScoped && sessionId != 0) {
      return new L2tpDecodeException(
          Disposition.CLEAR_SESSION, ResultCode.CDN_GENERAL_ERROR, errorCode, tunnelId, sessionId, ns, reason);
    }
    return new L2tpDecodeException(
        Disposition.STOP_CONNECTION, ResultCode.STOPCCN_GENERAL_ERROR, errorCode, tunnelId, sessionId, ns, reason);
  }

  public Disposition disposition() {
    return disposition;
  }

  /** Result Code for the StopCCN or CDN; 0 when the disposition is DROP. */
  public int resultCode() {
    return resultCode;
  }

  /** General Error Code (RFC 2661 §4.4.2) for the StopCCN or CDN. */
  public int errorCode() {
    return errorCode;
  }

  /** Tunnel id from the header (the receiver's own id), 0 when unknown. */
  public int tunnelId() {
    return tunnelId;
  }

  /** Session id from the header (the receiver's own id), 0 for tunnel-wide messages. */
  public int sessionId() {
    return sessionId;
  }

  /**
   * Ns of the refused control message, -1 when unknown: the control connection counts it as
   * received, or the peer would retransmit it until the whole tunnel times out.
   */
  public int ns() {
    return ns;
  }

  /** The Result Code AVP the answer should carry. */
  public ResultCode toResultCode() {
    return new ResultCode(resultCode, errorCode, getMessage());
  }
}
