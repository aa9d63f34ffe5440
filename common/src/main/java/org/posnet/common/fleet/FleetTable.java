package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * One fleet table as provisioning sees it: rows with a text key, read back with their secrets
 * opened so that an unchanged row compares equal although its sealed text differs (new IV).
 * Insert and update SQL use the same named parameters, bound by {@link #bind}.
 */
interface FleetTable<R> {

  String section();

  String tableName();

  String key(R row);

  /** The rows among {@code keys} already stored, by key, secrets opened. */
  Map<String, R> load(Handle h, List<String> keys);

  /** Whether a stored row (as {@link #load} read it) already says what {@code row} says. */
  default boolean unchanged(R stored, R row) {
    return stored.equals(row);
  }

  String insertSql();

  String updateSql();

  void bind(PreparedBatch batch, R row);
}
