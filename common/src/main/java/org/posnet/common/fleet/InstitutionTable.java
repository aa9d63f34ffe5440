package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

final class InstitutionTable implements FleetTable<Institution> {
  @Override
  public String section() {
    return "institution";
  }

  @Override
  public String tableName() {
    return "institution";
  }

  @Override
  public String key(Institution row) {
    return row.code();
  }

  @Override
  public Map<String, Institution> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT code, name FROM institution WHERE code IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> new Institution(rs.getString("code"), rs.getString("name")))
        .list().stream()
        .collect(Collectors.toMap(Institution::code, i -> i));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO institution (code, name) VALUES (:code, :name)";
  }

  @Override
  public String updateSql() {
    return "UPDATE institution SET name = :name, updated_at = CURRENT_TIMESTAMP WHERE code = :code";
  }

  @Override
  public void bind(PreparedBatch batch, Institution row) {
    batch.bind("code", row.code()).bind("name", row.name());
  }
}
