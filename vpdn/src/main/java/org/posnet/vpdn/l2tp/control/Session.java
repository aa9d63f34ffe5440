package org.posnet.vpdn.l2tp.control;

/** One call inside a tunnel, as its control connection tracks it. */
final class Session {
  enum State {
    /** LAC: asked for before the tunnel was up; ICRQ goes out once it is. */
    WAIT_TUNNEL,
    /** LAC: ICRQ sent, waiting for ICRP. */
    WAIT_REPLY,
    /** LNS: ICRP sent, waiting for ICCN. */
    WAIT_CONNECT,
    ESTABLISHED
  }

  final int localId;
  int peerId;
  State state;
  IncomingCall call;

  Session(int localId, int peerId, State state, IncomingCall call) {
    this.localId = localId;
    this.peerId = peerId;
    this.state = state;
    this.call = call;
  }
}
