package org.posnet.vpdn.ppp;

/** The timers a PPP link owns; the caller runs them and reports them fired. */
public enum PppTimer {
  LCP_RESTART,
  IPCP_RESTART,
  /** PAP request or CHAP challenge retransmission. */
  AUTH_RESTART,
  /** LCP Echo-Request keepalive. */
  ECHO
}
