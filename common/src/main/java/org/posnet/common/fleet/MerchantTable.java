package org.posnet.common.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;

/** Merchants; the settlement account's number sealed under the LMK (V14), never written in clear. */
final class MerchantTable implements FleetTable<Merchant> {
  static final String COLUMNS = "id, name, mcc, licence, legal_person, address, area, geo_lat, geo_lon, geo_radius_m,"
      + " settlement_number, settlement_number_sealed, settlement_holder";
  private final MasterKey lmk;

  MerchantTable(MasterKey lmk) {
    this.lmk = lmk;
  }

  @Override
  public String section() {
    return "merchants";
  }

  @Override
  public String tableName() {
    return "merchant";
  }

  @Override
  public String key(Merchant row) {
    return row.id();
  }

  @Override
  public Map<String, Merchant> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM merchant WHERE id IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> read(rs, lmk))
        .list().stream()
        .collect(Collectors.toMap(Merchant::id, m -> m));
  }

  /** A row as stored: the number opened from its sealed column, or (a row from before V14 not yet sealed) as it is. */
  static Merchant read(ResultSet rs, MasterKey lmk) throws SQLException {
    Double lat = rs.getObject("geo_lat", Double.class);
    Geo geo = lat == null ? null : new Geo(lat, rs.getDouble("geo_lon"), rs.getInt("geo_radius_m"));
    String sealed = rs.getString("settlement_number_sealed");
    String number = sealed != null ? lmk.open(sealed) : rs.getString("settlement_number");
    SettlementAccount account = number == null ? null : new SettlementAccount(number, rs.getString("settlement_holder"));
    return new Merchant(rs.getString("id"), rs.getString("name"), rs.getString("mcc"), rs.getString("licence"),
        rs.getString("legal_person"), rs.getString("address"), rs.getString("area"), geo, account);
  }

  @Override
  public String insertSql() {
    return "INSERT INTO merchant (" + COLUMNS + ") VALUES (:id, :name, :mcc, :licence, :legalPerson, :address, :area,"
        + " :lat, :lon, :radiusM, NULL, :accountNumber, :accountHolder)";
  }

  @Override
  public String updateSql() {
    return "UPDATE merchant SET name = :name, mcc = :mcc, licence = :licence, legal_person = :legalPerson,"
        + " address = :address, area = :area, geo_lat = :lat, geo_lon = :lon, geo_radius_m = :radiusM,"
        + " settlement_number = NULL, settlement_number_sealed = :accountNumber, settlement_holder = :accountHolder,"
        + " updated_at = CURRENT_TIMESTAMP"
        + " WHERE id = :id";
  }

  @Override
  public void bind(PreparedBatch batch, Merchant row) {
    Geo geo = row.geo();
    SettlementAccount account = row.settlementAccount();
    batch.bind("id", row.id())
        .bind("name", row.name())
        .bind("mcc", row.mcc())
        .bind("licence", row.licence())
        .bind("legalPerson", row.legalPerson())
        .bind("address", row.address())
        .bind("area", row.area())
        .bind("lat", geo == null ? null : geo.lat())
        .bind("lon", geo == null ? null : geo.lon())
        .bind("radiusM", geo == null ? null : geo.radiusM())
        .bind("accountNumber", account == null || account.number() == null ? null : lmk.seal(account.number()))
        .bind("accountHolder", account == null ? null : account.holder());
  }
}
