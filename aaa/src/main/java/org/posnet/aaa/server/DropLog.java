package org.posnet.aaa.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.posnet.aaa.codec.DropReason;
import org.posnet.common.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each kind of drop from each source once per interval, with the count suppressed since, so a
 * flood from one address costs a counter increment and not a log line per packet.
 */
final class DropLog {
  private static final Logger log = LoggerFactory.getLogger("org.posnet.aaa.drop");

  private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final long intervalNanos;

  DropLog(Ticker ticker, long intervalNanos) {
    this.ticker = ticker;
    this.intervalNanos = intervalNanos;
  }

  void drop(DropReason reason, String source, String detail) {
    String key = reason.name() + '|' + source;
    long now = ticker.nanos();
    AtomicLong last = lastLogged.computeIfAbsent(key, k -> new AtomicLong(now - intervalNanos));
    long prev = last.get();
    if (now - prev >= intervalNanos && last.compareAndSet(prev, now)) {
      AtomicLong s = suppressed.remove(key);
      long more = s == null ? 0 : s.get();
      log.warn("event=radius_drop reason={} source={} detail=\"{}\" suppressed_since_last={}", reason.label(), source, detail, more);
      if (lastLogged.size() > 10_000) lastLogged.clear(); // a spoofed-source flood must not grow this map
    } else {
      suppressed.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      if (suppressed.size() > 10_000) suppressed.clear();
    }
  }
}
