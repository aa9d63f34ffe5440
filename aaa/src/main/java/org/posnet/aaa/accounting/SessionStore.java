package org.posnet.aaa.accounting;

import java.util.List;

/** Where accounting sessions are kept durably. {@link #save} returns only once the batch is durable. */
public interface SessionStore {
  /** Inserts or replaces each session by (nas, sessionId), all in one transaction. */
  void save(List<AcctSession> batch);

  /** Sessions still active, to rebuild memory and address leases after a restart. */
  List<AcctSession> active();

  /** Most recent first; {@code user} null for all users; {@code activeOnly} for live sessions. */
  List<AcctSession> find(String user, boolean activeOnly, int limit);
}
