package org.posnet.vpdn.l2tp.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.posnet.vpdn.l2tp.codec.ControlMessage;

/**
 * The control channel's reliable, in-order delivery (RFC 2661 §5.8): Ns/Nr modulo 2^16, the
 * peer's receive window on what we send, our window on what we queue out of order, cumulative
 * acknowledgement, retransmission with exponential backoff, and ZLB acks when nothing else goes
 * out to carry Nr.
 */
final class ReliableDelivery {
  private final int ourWindow;
  private final int maxRetransmissions;
  private final long firstBackoff;
  private final long maxBackoff;
  private final long ackDelay;
  private boolean ackTimerArmed;

  private int peerTunnelId;
  private int peerWindow = 4;
  private int nextNs;
  private int expectedNs;
  /** Sent and waiting for acknowledgement, oldest first; each already carries its Ns. */
  private final ArrayDeque<ControlMessage> unacked = new ArrayDeque<>();
  /** Not yet sent because the peer's window is full; Ns is given when they go out. */
  private final ArrayDeque<ControlMessage> waiting = new ArrayDeque<>();
  private final Map<Integer, ControlMessage> outOfOrder = new HashMap<>();
  private int retries;
  private long backoff;
  private boolean ackOwed;
  /**
   * Messages delivered since our Nr last went out. With an ack delay, a ZLB goes at once when this
   * reaches half our receive window: a peer whose window is full of messages we hold unacknowledged
   * (ICCNs, with the ICRQs that would bring our next ICRP queued behind them) would otherwise stall
   * for the whole delay.
   */
  private int receivedSinceAck;

  ReliableDelivery(int ourWindow, int maxRetransmissions, long firstBackoff, long maxBackoff) {
    this(ourWindow, maxRetransmissions, firstBackoff, maxBackoff, 0);
  }

  /** {@code ackDelay}: how long an owed ack may wait for a message to carry it before a ZLB goes (0: at once). */
  ReliableDelivery(int ourWindow, int maxRetransmissions, long firstBackoff, long maxBackoff, long ackDelay) {
    this.ackDelay = ackDelay;
    this.ourWindow = ourWindow;
    this.maxRetransmissions = maxRetransmissions;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = firstBackoff;
  }

  void peer(int tunnelId, int window) {
    this.peerTunnelId = tunnelId;
    this.peerWindow = Math.max(1, window);
  }

  int peerTunnelId() {
    return peerTunnelId;
  }

  int expectedNs() {
    return expectedNs;
  }

  int nextNs() {
    return nextNs;
  }

  /** Queues {@code body} (whose session id is the peer's) and sends it if the window allows. */
  void send(ControlMessage body, List<ControlAction> out) {
    waiting.add(body);
    flush(out);
  }

  /** Sends past the window: StopCCN must leave even when the peer stopped acknowledging. */
  void sendNow(ControlMessage body, List<ControlAction> out) {
    waiting.clear();
    transmit(body, out);
  }

  private void flush(List<ControlAction> out) {
    while (!waiting.isEmpty() && unacked.size() < peerWindow) {
      transmit(waiting.poll(), out);
    }
  }

  private void transmit(ControlMessage body, List<ControlAction> out) {
    ControlMessage m = body.addressed(peerTunnelId, body.sessionId(), nextNs, expectedNs);
    nextNs = Sequence.next(nextNs);
    if (unacked.isEmpty()) {
      retries = 0;
      backoff = firstBackoff;
      out.add(new ControlAction.StartTimer(ControlTimer.RETRANSMIT, backoff));
    }
    unacked.add(m);
    out.add(new ControlAction.Send(m));
    ackOwed = false;
    receivedSinceAck = 0;
  }

  /**
   * Takes the acknowledgement in {@code m} and returns the messages now deliverable in order
   * ({@code m} and any queued ones it unblocks); duplicates and ZLBs deliver nothing.
   */
  List<ControlMessage> receive(ControlMessage m, List<ControlAction> out) {
    acknowledge(m.nr(), out);
    if (m.isZlb()) {
      return List.of();
    }
    if (m.ns() == expectedNs) {
      List<ControlMessage> delivered = new ArrayList<>(1);
      delivered.add(m);
      expectedNs = Sequence.next(expectedNs);
      ControlMessage queued;
      while ((queued = outOfOrder.remove(expectedNs)) != null) {
        delivered.add(queued);
        expectedNs = Sequence.next(expectedNs);
      }
      ackOwed = true;
      receivedSinceAck += delivered.size();
      return delivered;
    }
    if (Sequence.before(m.ns(), expectedNs)) {
      // our ack got lost: say again what we have
      ackOwed = true;
    } else if (Sequence.distance(expectedNs, m.ns()) < ourWindow) {
      outOfOrder.putIfAbsent(m.ns(), m);
    }
    return List.of();
  }

  /** Counts a message we could not decode as received, so the peer stops retransmitting it. */
  void skip(int ns) {
    if (ns == expectedNs) {
      expectedNs = Sequence.next(expectedNs);
      ackOwed = true;
    }
  }

  private void acknowledge(int nr, List<ControlAction> out) {
    boolean progress = false;
    while (!unacked.isEmpty() && Sequence.before(unacked.peek().ns(), nr)) {
      unacked.poll();
      progress = true;
    }
    if (!progress) {
      return;
    }
    retries = 0;
    backoff = firstBackoff;
    if (unacked.isEmpty()) {
      out.add(new ControlAction.CancelTimer(ControlTimer.RETRANSMIT));
    } else {
      out.add(new ControlAction.StartTimer(ControlTimer.RETRANSMIT, backoff));
    }
    flush(out);
  }

  /**
   * Sends a ZLB if something was received and no message since carried our Nr; with an ack delay,
   * arms the ACK timer instead (once), and the ZLB goes when it fires only if still owed.
   */
  void ackIfOwed(List<ControlAction> out) {
    if (!ackOwed) {
      return;
    }
    if (ackDelay == 0 || receivedSinceAck >= Math.max(1, ourWindow / 2)) {
      zlb(out);
    } else if (!ackTimerArmed) {
      ackTimerArmed = true;
      out.add(new ControlAction.StartTimer(ControlTimer.ACK, ackDelay));
    }
  }

  /** The ACK timer fired: the ZLB, unless a message carried the acknowledgement meanwhile. */
  void ackTimerFired(List<ControlAction> out) {
    ackTimerArmed = false;
    if (ackOwed) {
      zlb(out);
    }
  }

  private void zlb(List<ControlAction> out) {
    out.add(new ControlAction.Send(ControlMessage.zlb(peerTunnelId, nextNs, expectedNs)));
    ackOwed = false;
    receivedSinceAck = 0;
  }

  /** Retransmits everything unacknowledged; false when the retries are used up. */
  boolean retransmit(List<ControlAction> out) {
    if (unacked.isEmpty()) {
      return true;
    }
    if (retries >= maxRetransmissions) {
      return false;
    }
    retries++;
    for (ControlMessage m : unacked) {
      out.add(new ControlAction.Send(m.withNr(expectedNs)));
    }
    ackOwed = false;
    receivedSinceAck = 0;
    backoff = Math.min(backoff * 2, maxBackoff);
    out.add(new ControlAction.StartTimer(ControlTimer.RETRANSMIT, backoff));
    return true;
  }

  boolean idle() {
    return unacked.isEmpty() && waiting.isEmpty();
  }

  void abandon() {
    ackTimerArmed = false; // an ACK timer still armed is replaced by the next StartTimer, or fires with nothing owed
    unacked.clear();
    waiting.clear();
    outOfOrder.clear();
  }
}
