package org.posnet.aaa.server;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.common.time.Ticker;

/**
 * RFC 5080 §2.2.2: a request is the same request when client address, port, identifier and
 * authenticator all match; the same request again gets the cached reply byte for byte, and a new
 * authenticator under the same identifier is a new request. The key space is bounded by
 * (source address, port) × 256 identifiers, and entries older than the lifetime count as gone.
 */
public final class DuplicateCache {
  /** What to do with an arriving request. */
  public enum Verdict { NEW, REPLAY, IN_PROGRESS }

  private static final class Entry {
    final byte[] authenticator;
    final long createdAt;
    volatile byte[] reply;

    Entry(byte[] authenticator, long createdAt) {
      this.authenticator = authenticator;
      this.createdAt = createdAt;
    }
  }

  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final long lifetimeNanos;
  private final int maxEntries;

  public DuplicateCache(Ticker ticker, long lifetimeNanos, int maxEntries) {
    this.ticker = ticker;
    this.lifetimeNanos = lifetimeNanos;
    this.maxEntries = maxEntries;
  }

  public static long key(int address, int port, int code, int identifier) {
    // Access and accounting share identifiers on different ports; the code class keeps them apart.
    return ((long) address << 32) | ((long) port << 16) | ((long) (code == 4 ? 1 : 0) << 8) | identifier;
  }

  /**
   * Checks the request and, when new, records it as in progress. {@code replay[0]} receives the
   * cached reply for {@link Verdict#REPLAY}.
   */
  public Verdict check(long key, byte[] authenticator, byte[][] replay) {
    long now = ticker.nanos();
    Entry fresh = new Entry(authenticator, now);
    Entry e = entries.putIfAbsent(key, fresh);
    if (e == null) {
      if (entries.size() > maxEntries) sweep(now);
      return Verdict.NEW;
    }
    if (now - e.createdAt < lifetimeNanos && Arrays.equals(e.authenticator, authenticator)) {
      byte[] r = e.reply;
      if (r == null) return Verdict.IN_PROGRESS;
      replay[0] = r;
      return Verdict.REPLAY;
    }
    entries.put(key, fresh);
    return Verdict.NEW;
  }

  /** The reply to remember for this request; later identical requests get these bytes. */
  public void answered(long key, byte[] authenticator, byte[] reply) {
    Entry e = entries.get(key);
    if (e != null && Arrays.equals(e.authenticator, authenticator)) e.reply = reply;
  }

  /** No reply will come (dropped); forget it so a retransmission is processed afresh. */
  public void forget(long key, byte[] authenticator) {
    Entry e = entries.get(key);
    if (e != null && Arrays.equals(e.authenticator, authenticator)) entries.remove(key, e);
  }

  public int size() {
    return entries.size();
  }

  private void sweep(long now) {
    entries.values().removeIf(x -> now - x.createdAt >= lifetimeNanos);
  }
}
