package org.posnet.aaa.accounting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounting sessions kept in memory only: for labs, benchmarks and tests, where a database would
 * measure or test the wrong thing. {@link #failWrites} simulates a database that is down.
 */
public final class MemorySessionStore implements SessionStore {
  private final ConcurrentHashMap<String, AcctSession> rows = new ConcurrentHashMap<>();
  private volatile boolean failWrites;

  @Override
  public void save(List<AcctSession> batch) {
    if (failWrites) throw new IllegalStateException("database down (simulated)");
    for (AcctSession s : batch) rows.put(s.key(), s);
  }

  @Override
  public List<AcctSession> active() {
    return rows.values().stream().filter(s -> s.state() == AcctSession.State.ACTIVE).toList();
  }

  @Override
  public List<AcctSession> find(String user, boolean activeOnly, int limit) {
    return rows.values().stream().filter(s -> user == null || s.user().equals(user)).filter(s -> !activeOnly || s.state() == AcctSession.State.ACTIVE)
        .sorted(Comparator.comparing(AcctSession::updatedAt).reversed()).limit(limit).toList();
  }

  /** Every stored session, in no particular order. */
  public List<AcctSession> all() {
    return new ArrayList<>(rows.values());
  }

  public void failWrites(boolean fail) {
    failWrites = fail;
  }
}
