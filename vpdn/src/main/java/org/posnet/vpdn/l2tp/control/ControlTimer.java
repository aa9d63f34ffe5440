package org.posnet.vpdn.l2tp.control;

/** The timers a control connection owns; the caller runs them and reports them fired. */
public enum ControlTimer {
  /** Next retransmission of unacknowledged messages. */
  RETRANSMIT,
  /** Checks for 60 s of silence, then sends HELLO. */
  HELLO,
  /** After StopCCN: how long state is kept to acknowledge retransmissions (31 s). */
  HOLD,
  /** A delayed ZLB acknowledgement: sent only if no message carried our Nr meanwhile. */
  ACK
}
