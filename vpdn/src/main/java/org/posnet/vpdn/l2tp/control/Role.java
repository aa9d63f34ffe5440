package org.posnet.vpdn.l2tp.control;

/** Which end of the tunnel: the carrier's LAC opens tunnels and calls, the bank's LNS answers. */
public enum Role {
  LAC,
  LNS
}
