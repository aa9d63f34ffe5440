package org.posnet.aaa.accounting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes accounting changes durably in batches on one thread: many requests share one transaction,
 * and each caller's future completes only after its change is committed — so the NAS gets its
 * Accounting-Response only for what is really stored.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  private static final int MAX_BATCH = 512;

  private record Pending(AcctSession session, CompletableFuture<Void> done) {}

  private final SessionStore store;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean running = true;

  GroupCommit(SessionStore store, int capacity) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "aaa-acct-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a change; the future fails at once when the queue is full (the NAS will retransmit). */
  CompletableFuture<Void> submit(AcctSession s) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!running || !queue.offer(new Pending(s, f))) f.completeExceptionally(new Overloaded());
    return f;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<AcctSession> sessions = new ArrayList<>(batch.size());
        for (Pending p : batch) sessions.add(p.session());
        try {
          store.save(sessions);
          for (Pending p : batch) p.done().complete(null);
        } catch (RuntimeException e) {
          log.warn("event=acct_write_failed sessions={} error={}", batch.size(), e.toString());
          for (Pending p : batch) p.done().completeExceptionally(e);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The writer's queue is full: shed load rather than grow without bound. */
  static final class Overloaded extends RuntimeException {
    Overloaded() {
      super("accounting writer queue full", null, false, false);
    }
  }
}
