package org.posnet.vpdn.l2tp.codec;

/** A decoded L2TPv2 datagram: a control message (ZLB included) or a data message. */
public sealed interface L2tpPacket permits ControlMessage, DataMessage {
  /** The receiver's tunnel id, from the header. */
  int tunnelId();

  /** The receiver's session id, from the header; 0 for tunnel-wide messages. */
  int sessionId();
}
