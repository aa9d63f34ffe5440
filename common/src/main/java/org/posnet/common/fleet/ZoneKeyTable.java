package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

/** Table {@code zone_key} (V6): the key column is sealed under the master key. */
final class ZoneKeyTable implements FleetTable<ZoneKey> {
  static final String COLUMNS = "name, scheme, key_sealed, check_value";
  private final MasterKey lmk;

  ZoneKeyTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "zoneKeys";
  }

  @Override
  public String tableName() {
    return "zone_key";
  }

  @Override
  public String key(ZoneKey row) {
    return row.name();
  }

  @Override
  public Map<String, ZoneKey> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM zone_key WHERE name IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> new ZoneKey(rs.getString("name"), rs.getString("scheme"), lmk.open(rs.getString("key_sealed")),
            rs.getString("check_value")))
        .list().stream()
        .collect(Collectors.toMap(ZoneKey::name, k -> k));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO zone_key (" + COLUMNS + ") VALUES (:name, :scheme, :key, :kcv)";
  }

  @Override
  public String updateSql() {
    return "UPDATE zone_key SET scheme = :scheme, key_sealed = :key, check_value = :kcv, updated_at = CURRENT_TIMESTAMP"
        + " WHERE name = :name";
  }

  @Override
  public void bind(PreparedBatch batch, ZoneKey row) {
    batch.bind("name", row.name()).bind("scheme", row.scheme()).bind("key", lmk.seal(row.keyHex().toUpperCase()))
        .bind("kcv", row.checkValue().toUpperCase());
  }
}
