package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

/** SIMs keyed by the terminal they sit in (one each). */
final class SimTable implements FleetTable<SimTable.Row> {
  record Row(String terminalId, Sim sim) {}

  static final String COLUMNS = "terminal_id, imsi, msisdn, vpdn_user, domain, password_sealed, status";
  private final MasterKey lmk;

  SimTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "sims";
  }

  @Override
  public String tableName() {
    return "sim";
  }

  @Override
  public String key(Row row) {
    return row.terminalId();
  }

  @Override
  public Map<String, Row> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM sim WHERE terminal_id IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> new Row(rs.getString("terminal_id"), new Sim(rs.getString("imsi"), rs.getString("msisdn"),
            rs.getString("vpdn_user"), lmk.open(rs.getString("password_sealed")), Status.parse(rs.getString("status")))))
        .list().stream()
        .collect(Collectors.toMap(Row::terminalId, r -> r));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO sim (" + COLUMNS + ") VALUES (:terminal, :imsi, :msisdn, :user, :domain, :password, :status)";
  }

  @Override
  public String updateSql() {
    return "UPDATE sim SET imsi = :imsi, msisdn = :msisdn, vpdn_user = :user, domain = :domain,"
        + " password_sealed = :password, status = :status, updated_at = CURRENT_TIMESTAMP WHERE terminal_id = :terminal";
  }

  @Override
  public void bind(PreparedBatch batch, Row row) {
    Sim sim = row.sim();
    batch.bind("terminal", row.terminalId())
        .bind("imsi", sim.imsi())
        .bind("msisdn", sim.msisdn())
        .bind("user", sim.user())
        .bind("domain", sim.domain())
        .bind("password", lmk.seal(sim.password()))
        .bind("status", sim.status().text());
  }
}
