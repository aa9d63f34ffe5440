package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Insert-or-update without {@code ON CONFLICT DO UPDATE} (H2 lacks it): per chunk of rows, one
 * {@code SELECT ... IN (...)} finds what exists, then one insert batch and one update batch. A
 * million fresh terminals thus cost a thousand selects, not a million.
 */
final class Upsert {
  static final int CHUNK = 1000;

  private Upsert() {}

  static <R> SectionCounts run(Handle h, FleetTable<R> table, List<R> rows) {
    // A fresh table (the first provisioning of a big fleet) needs no lookups at all.
    boolean empty = rows.isEmpty() || h.createQuery("SELECT COUNT(*) FROM " + table.tableName()).mapTo(Long.class).one() == 0;
    int inserted = 0;
    int updated = 0;
    int unchanged = 0;
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<R> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      Map<String, R> existing = empty ? Map.of() : table.load(h, chunk.stream().map(table::key).toList());
      PreparedBatch insert = h.prepareBatch(table.insertSql());
      PreparedBatch update = h.prepareBatch(table.updateSql());
      for (R row : chunk) {
        R old = existing.get(table.key(row));
        if (old == null) {
          table.bind(insert, row);
          insert.add();
          inserted++;
        } else if (!table.unchanged(old, row)) {
          table.bind(update, row);
          update.add();
          updated++;
        } else {
          unchanged++;
        }
      }
      if (insert.size() > 0) {
        insert.execute();
      }
      if (update.size() > 0) {
        update.execute();
      }
    }
    return new SectionCounts(inserted, updated, unchanged);
  }
}
