package org.posnet.vpdn.lns;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusPacket;

/**
 * Keeps at most {@link #LIMIT} requests outstanding on one {@link RadiusClient} and queues the rest
 * in order. A RADIUS identifier is one byte, so a client has 256 slots per server; past them it
 * fails at once. Without this window a burst (thousands of Accounting-Stops at shutdown, a storm of
 * calls after an outage) would lose requests instead of sending them a little later.
 */
final class RadiusWindow {
  static final int LIMIT = 240;

  private record Queued(int code, List<RadiusAttribute> attributes, byte[] papPassword,
      CompletableFuture<RadiusPacket> result) {}

  private final RadiusClient client;
  private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
  private int outstanding;

  RadiusWindow(RadiusClient client) {
    this.client = client;
  }

  CompletableFuture<RadiusPacket> send(int code, List<RadiusAttribute> attributes, byte[] papPassword) {
    CompletableFuture<RadiusPacket> result = new CompletableFuture<>();
    Queued q = new Queued(code, attributes, papPassword, result);
    synchronized (this) {
      if (outstanding >= LIMIT) {
        waiting.add(q);
        return result;
      }
      outstanding++;
    }
    dispatch(q);
    return result;
  }

  /** Requests waiting for a slot. */
  synchronized int queued() {
    return waiting.size();
  }

  private void dispatch(Queued q) {
    client.send(q.code(), q.attributes(), q.papPassword()).whenComplete((reply, err) -> {
      Queued next;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          outstanding--;
        }
      }
      if (next != null) {
        dispatch(next); // the freed slot goes straight to the oldest waiter
      }
      if (err != null) {
        q.result().completeExceptionally(err);
      } else {
        q.result().complete(reply);
      }
    });
  }
}
