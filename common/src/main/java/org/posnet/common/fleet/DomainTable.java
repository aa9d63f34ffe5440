package org.posnet.common.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

final class DomainTable implements FleetTable<VpdnDomain> {
  static final String COLUMNS = "name, endpoints, tunnel_password_sealed, lacs, pool, dns";
  private final MasterKey lmk;

  DomainTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "domains";
  }

  @Override
  public String tableName() {
    return "vpdn_domain";
  }

  @Override
  public String key(VpdnDomain row) {
    return row.name();
  }

  @Override
  public Map<String, VpdnDomain> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM vpdn_domain WHERE name IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> read(rs, lmk))
        .list().stream()
        .collect(Collectors.toMap(VpdnDomain::name, d -> d));
  }

  static VpdnDomain read(ResultSet rs, MasterKey lmk) throws SQLException {
    Tunnel tunnel = new Tunnel(CommaList.split(rs.getString("endpoints")), lmk.open(rs.getString("tunnel_password_sealed")),
        CommaList.split(rs.getString("lacs")));
    return new VpdnDomain(rs.getString("name"), tunnel, rs.getString("pool"), CommaList.split(rs.getString("dns")));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO vpdn_domain (" + COLUMNS + ") VALUES (:name, :endpoints, :password, :lacs, :pool, :dns)";
  }

  @Override
  public String updateSql() {
    return "UPDATE vpdn_domain SET endpoints = :endpoints, tunnel_password_sealed = :password, lacs = :lacs,"
        + " pool = :pool, dns = :dns, updated_at = CURRENT_TIMESTAMP WHERE name = :name";
  }

  @Override
  public void bind(PreparedBatch batch, VpdnDomain row) {
    batch.bind("name", row.name())
        .bind("endpoints", CommaList.join(row.tunnel().endpoints()))
        .bind("password", lmk.seal(row.tunnel().password()))
        .bind("lacs", CommaList.join(row.tunnel().lacs()))
        .bind("pool", row.pool())
        .bind("dns", CommaList.join(row.dns()));
  }
}
