package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

/** Terminals without their SIMs; {@link SimTable} counts those as a section of their own. */
final class TerminalTable implements FleetTable<Terminal> {
  static final String COLUMNS = "id, merchant_id, serial, model, key_scheme, tmk_sealed, status, mac_algorithm";
  private final MasterKey lmk;

  TerminalTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "terminals";
  }

  @Override
  public String tableName() {
    return "terminal";
  }

  @Override
  public String key(Terminal row) {
    return row.id();
  }

  @Override
  public Map<String, Terminal> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM terminal WHERE id IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> new Terminal(rs.getString("id"), rs.getString("merchant_id"), rs.getString("serial"),
            rs.getString("model"),
            new TerminalKeys(KeyScheme.parse(rs.getString("key_scheme")), lmk.open(rs.getString("tmk_sealed")),
                rs.getString("mac_algorithm")),
            null, Status.parse(rs.getString("status"))))
        .list().stream()
        .collect(Collectors.toMap(Terminal::id, t -> t));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO terminal (" + COLUMNS + ") VALUES (:id, :merchant, :serial, :model, :scheme, :tmk, :status, :mac)";
  }

  @Override
  public String updateSql() {
    return "UPDATE terminal SET merchant_id = :merchant, serial = :serial, model = :model, key_scheme = :scheme,"
        + " tmk_sealed = :tmk, status = :status, mac_algorithm = :mac, updated_at = CURRENT_TIMESTAMP WHERE id = :id";
  }

  @Override
  public void bind(PreparedBatch batch, Terminal row) {
    batch.bind("id", row.id())
        .bind("merchant", row.merchant())
        .bind("serial", row.serial())
        .bind("model", row.model())
        .bind("scheme", row.keys().scheme().text())
        .bind("tmk", lmk.seal(row.keys().tmk()))
        .bind("status", row.status().text())
        .bind("mac", row.keys().mac());
  }
}
