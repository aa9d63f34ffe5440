package org.posnet.aaa.policy;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.common.time.Ticker;

/** One {@link IpPool} per domain; a reload keeps the pools (and leases) of unchanged domains. */
public final class IpPools {
  private final Map<String, IpPool> pools = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final Duration offerTtl;

  public IpPools(Ticker ticker, Duration offerTtl) {
    this.ticker = ticker;
    this.offerTtl = offerTtl;
  }

  public void reconcile(Collection<Domain> domains) {
    for (Domain d : domains) {
      String key = d.name().toUpperCase(java.util.Locale.ROOT);
      IpPool existing = pools.get(key);
      if (existing == null || !existing.cidr().equals(d.pool())) pools.put(key, new IpPool(d.pool(), ticker, offerTtl));
    }
    pools.keySet().removeIf(k -> domains.stream().noneMatch(d -> d.name().equalsIgnoreCase(k)));
  }

  public IpPool of(String domain) {
    return domain == null ? null : pools.get(domain.toUpperCase(java.util.Locale.ROOT));
  }

  /** The pool holding this address, for binding leases from accounting. */
  public IpPool containing(int address) {
    for (IpPool p : pools.values()) {
      if (p.cidr().contains(address)) return p;
    }
    return null;
  }
}
