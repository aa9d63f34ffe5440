package org.posnet.vpdn.ppp;

import java.net.Inet4Address;
import java.util.List;

/** What a PPP link asks its caller to do, in the order given. */
public sealed interface PppAction {
  /** A whole PPP frame to carry to the peer (in an L2TP data message). */
  record SendFrame(byte[] frame) implements PppAction {}

  /** (Re)arm {@code timer}; an armed one is replaced. */
  record StartTimer(PppTimer timer, long delayNanos) implements PppAction {}

  record CancelTimer(PppTimer timer) implements PppAction {}

  /** LNS: ask the AAA, then report {@link PppLink#authResult}. */
  record Authenticate(AuthRequest request) implements PppAction {}

  /** IPCP is open: IPv4 flows. {@code peerAddress} is the terminal's address on both sides. */
  record NetworkUp(Inet4Address localAddress, Inet4Address peerAddress, List<Inet4Address> dns)
      implements PppAction {}

  /** An IPv4 packet the peer sent. */
  record DeliverIp(byte[] packet) implements PppAction {}

  /** The link is finished (terminated, failed authentication, dead keepalive); nothing follows. */
  record LinkDown(String reason) implements PppAction {}
}
