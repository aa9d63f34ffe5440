package org.posnet.vpdn.lns;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at shutdown for the accounting requests still outstanding (one Accounting-Stop per call).
 * A fixed wait does not work: 100,000 Stops through a 240-request RADIUS window take tens of seconds,
 * and a fixed 5 s let only 23,159 of them reach the AAA. So the wait grows with the count
 * ({@code base + perRequest × n}) and ends early only when the AAA stops answering altogether (no
 * request settled for {@code stall}): then waiting longer would only delay the exit.
 */
final class StopDrain {
  private static final Logger log = LoggerFactory.getLogger(StopDrain.class);

  /** What the wait saw: requests settled (answered, or failed after the client's retries) and left. */
  record Outcome(int total, int settled, int failed, long millis) {
    boolean complete() {
      return settled == total;
    }
  }

  private final Duration base;
  private final Duration perRequest;
  private final Duration stall;
  private final Duration progressEvery;

  StopDrain(Duration base, Duration perRequest, Duration stall, Duration progressEvery) {
    this.base = base;
    this.perRequest = perRequest;
    this.stall = stall;
    this.progressEvery = progressEvery;
  }

  /**
   * Production: 5 s plus 2 ms per request (a floor of 500 Stops/s, ten times slower than the AAA
   * answers here), giving up after 15 s without a single answer (longer than RadiusClient's
   * timeout × attempts, so a retried request still counts as progress).
   */
  static StopDrain production() {
    return new StopDrain(Duration.ofSeconds(5), Duration.ofMillis(2), Duration.ofSeconds(15), Duration.ofSeconds(1));
  }

  /** The longest this drain waits for {@code n} requests. */
  Duration bound(int n) {
    return base.plus(perRequest.multipliedBy(n));
  }

  Outcome await(Collection<? extends CompletableFuture<?>> pending) throws InterruptedException {
    int total = pending.size();
    AtomicInteger settled = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Object signal = new Object();
    for (CompletableFuture<?> f : pending) {
      f.whenComplete((ok, err) -> {
        if (err != null) {
          failed.incrementAndGet();
        }
        settled.incrementAndGet();
        synchronized (signal) {
          signal.notifyAll();
        }
      });
    }
    long start = System.nanoTime();
    long deadline = start + bound(total).toNanos();
    long lastProgressAt = start;
    long nextLog = start + progressEvery.toNanos();
    int seen = settled.get();
    while (seen < total) {
      long now = System.nanoTime();
      if (now >= deadline || now - lastProgressAt >= stall.toNanos()) {
        break;
      }
      if (now >= nextLog) {
        log.info("event=lns_shutdown_accounting settled={} of={} failed={}", seen, total, failed.get());
        nextLog = now + progressEvery.toNanos();
      }
      long wait = Math.min(Math.min(deadline, nextLog), lastProgressAt + stall.toNanos()) - now;
      synchronized (signal) {
        if (settled.get() == seen) {
          TimeUnit.NANOSECONDS.timedWait(signal, Math.max(1, wait));
        }
      }
      int s = settled.get();
      if (s > seen) {
        seen = s;
        lastProgressAt = System.nanoTime();
      }
    }
    return new Outcome(total, settled.get(), failed.get(), (System.nanoTime() - start) / 1_000_000);
  }
}
