package org.posnet.common.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

final class NasTable implements FleetTable<NasClient> {
  static final String COLUMNS = "name, address, secret_sealed, role";
  private final MasterKey lmk;

  NasTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "nas";
  }

  @Override
  public String tableName() {
    return "nas_client";
  }

  @Override
  public String key(NasClient row) {
    return row.name();
  }

  @Override
  public Map<String, NasClient> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM nas_client WHERE name IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> read(rs, lmk))
        .list().stream()
        .collect(Collectors.toMap(NasClient::name, n -> n));
  }

  static NasClient read(ResultSet rs, MasterKey lmk) throws SQLException {
    return new NasClient(rs.getString("name"), rs.getString("address"), lmk.open(rs.getString("secret_sealed")),
        NasRole.parse(rs.getString("role")));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO nas_client (" + COLUMNS + ") VALUES (:name, :address, :secret, :role)";
  }

  @Override
  public String updateSql() {
    return "UPDATE nas_client SET address = :address, secret_sealed = :secret, role = :role,"
        + " updated_at = CURRENT_TIMESTAMP WHERE name = :name";
  }

  @Override
  public void bind(PreparedBatch batch, NasClient row) {
    batch.bind("name", row.name())
        .bind("address", row.address())
        .bind("secret", lmk.seal(row.secret()))
        .bind("role", row.role().text());
  }
}
