package org.posnet.common.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told to; for tests of timers and expiry. */
public final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong();

  @Override
  public long nanos() {
    return now.get();
  }

  public FakeTicker advance(Duration d) {
    now.addAndGet(d.toNanos());
    return this;
  }
}
