package org.posnet.aaa.policy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.posnet.common.time.Ticker;

/**
 * Addresses of one domain's pool. A user keeps the same address while its lease lives: an offer made
 * at Access-Accept lasts {@code offerTtl} unless accounting binds it to a session, and a bound lease
 * lasts until Stop or session expiry. Thread-safe (the server's event loops share it).
 */
public final class IpPool {
  private final Cidr pool;
  private final int first;
  private final int count;
  private final BitSet used;
  private final Map<String, Lease> leases = new HashMap<>();
  private final ArrayDeque<Offer> offers = new ArrayDeque<>();
  private final Ticker ticker;
  private final long offerTtlNanos;
  private int cursor;

  private static final class Lease {
    final String user;
    final int address;
    long expiresAt;
    boolean bound;

    Lease(String user, int address, long expiresAt) {
      this.user = user;
      this.address = address;
      this.expiresAt = expiresAt;
    }
  }

  /**
   * One queue entry per offered lease, in the order they were due when queued. A renewal only moves
   * the lease's own expiry; when its entry comes due it is queued again, so renewing at a high rate
   * never grows the queue.
   */
  private record Offer(Lease lease, long expiresAt) {}

  public IpPool(Cidr pool, Ticker ticker, Duration offerTtl) {
    if (pool.prefix() > 30) throw new IllegalArgumentException("pool " + pool + " is too small (at most /30)");
    this.pool = pool;
    this.first = pool.network() + 1; // skip the network address
    this.count = (int) (pool.size() - 2); // and the broadcast address
    this.used = new BitSet(count);
    this.ticker = ticker;
    this.offerTtlNanos = offerTtl.toNanos();
  }

  public Cidr cidr() {
    return pool;
  }

  /** The user's address: its current lease renewed, or a new one; 0 when the pool is exhausted. */
  public synchronized int offer(String user) {
    long now = ticker.nanos();
    expireOffers(now);
    Lease l = leases.get(user);
    if (l != null) {
      if (!l.bound) l.expiresAt = now + offerTtlNanos; // its queued offer is re-queued when it comes due
      return l.address;
    }
    int i = used.nextClearBit(cursor);
    if (i >= count) i = used.nextClearBit(0);
    if (i >= count) return 0;
    used.set(i);
    cursor = i + 1;
    l = new Lease(user, first + i, now + offerTtlNanos);
    leases.put(user, l);
    offers.addLast(new Offer(l, l.expiresAt));
    return l.address;
  }

  /** Accounting started: the lease now lives with the session. Re-creates it after a restart. */
  public synchronized void bind(String user, int address) {
    Lease l = leases.get(user);
    if (l != null && l.address == address) {
      l.bound = true;
      return;
    }
    if (!pool.contains(address)) return;
    int i = address - first;
    if (i < 0 || i >= count || used.get(i)) return; // held by someone else: keep theirs
    if (l != null) release(user);
    used.set(i);
    l = new Lease(user, address, Long.MAX_VALUE);
    l.bound = true;
    leases.put(user, l);
  }

  /** Session over: the address goes back to the pool. */
  public synchronized void release(String user) {
    Lease l = leases.remove(user);
    if (l != null) used.clear(l.address - first);
  }

  public synchronized int inUse() {
    expireOffers(ticker.nanos());
    return leases.size();
  }

  public int capacity() {
    return count;
  }

  private void expireOffers(long now) {
    Offer head;
    while ((head = offers.peekFirst()) != null && head.expiresAt - now <= 0) {
      offers.pollFirst();
      Lease l = head.lease;
      if (l.bound || leases.get(l.user) != l) continue; // bound to a session, or already gone
      if (l.expiresAt - now <= 0) {
        leases.remove(l.user);
        used.clear(l.address - first);
      } else {
        offers.addLast(new Offer(l, l.expiresAt)); // renewed since it was queued
      }
    }
  }
}
