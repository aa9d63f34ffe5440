package org.posnet.common.time;

/**
 * Monotonic time for timers and timeouts. State machines read time only through this, so tests
 * drive retransmissions and expiries with {@link FakeTicker} in microseconds, without sockets.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanos();

  static Ticker system() {
    return System::nanoTime;
  }
}
