package org.posnet.aaa.accounting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.aaa.policy.Cidr;

/**
 * Accounting sessions in table {@code aaa_session}. An upsert without ON CONFLICT DO UPDATE (H2 lacks
 * it): update every row of the batch, then insert those no row matched — one transaction.
 */
public final class JdbiSessionStore implements SessionStore {
  private static final String COLUMNS = "nas, session_id, nas_address, user_name, terminal_id, calling_station_id, imsi, framed_ip, location, state, "
      + "started_at, updated_at, stopped_at, input_octets, output_octets, session_time, terminate_cause";

  private final Jdbi jdbi;

  public JdbiSessionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void save(List<AcctSession> batch) {
    // A session changed twice in one batch: only its latest state needs writing.
    java.util.Map<String, AcctSession> latest = new java.util.LinkedHashMap<>();
    for (AcctSession s : batch) latest.put(s.key(), s);
    List<AcctSession> rows = new ArrayList<>(latest.values());
    jdbi.useTransaction(h -> {
      PreparedBatch update = h.prepareBatch("UPDATE aaa_session SET nas_address = :nasAddress, user_name = :user, terminal_id = :terminal, "
          + "calling_station_id = :calling, imsi = :imsi, framed_ip = :framedIp, location = :location, state = :state, started_at = :startedAt, "
          + "updated_at = :updatedAt, stopped_at = :stoppedAt, input_octets = :inOctets, output_octets = :outOctets, session_time = :sessionTime, "
          + "terminate_cause = :cause WHERE nas = :nas AND session_id = :sessionId");
      for (AcctSession s : rows) bind(update, s).add();
      int[] counts = update.execute();
      PreparedBatch insert = h.prepareBatch("INSERT INTO aaa_session (" + COLUMNS + ") VALUES (:nas, :sessionId, :nasAddress, :user, :terminal, "
          + ":calling, :imsi, :framedIp, :location, :state, :startedAt, :updatedAt, :stoppedAt, :inOctets, :outOctets, :sessionTime, :cause)");
      boolean any = false;
      for (int i = 0; i < rows.size(); i++) {
        if (counts[i] == 0) {
          bind(insert, rows.get(i)).add();
          any = true;
        }
      }
      if (any) insert.execute();
    });
  }

  private static PreparedBatch bind(PreparedBatch b, AcctSession s) {
    return b.bind("nas", s.nas()).bind("sessionId", s.sessionId()).bind("nasAddress", s.nasAddress()).bind("user", s.user())
        .bind("terminal", s.terminalId()).bind("calling", s.callingStationId()).bind("imsi", s.imsi())
        .bind("framedIp", s.framedIp() == 0 ? null : Cidr.format(s.framedIp())).bind("location", s.location()).bind("state", s.state().name())
        .bind("startedAt", utc(s.startedAt())).bind("updatedAt", utc(s.updatedAt())).bind("stoppedAt", utc(s.stoppedAt()))
        .bind("inOctets", s.inputOctets()).bind("outOctets", s.outputOctets()).bind("sessionTime", s.sessionTime()).bind("cause", s.terminateCause());
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  @Override
  public List<AcctSession> active() {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM aaa_session WHERE state = 'ACTIVE'").map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public List<AcctSession> find(String user, boolean activeOnly, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM aaa_session WHERE 1 = 1");
    if (user != null) sql.append(" AND user_name = :user");
    if (activeOnly) sql.append(" AND state = 'ACTIVE'");
    sql.append(" ORDER BY updated_at DESC LIMIT :limit");
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql.toString()).bind("limit", limit);
      if (user != null) q.bind("user", user);
      return new ArrayList<>(q.map((rs, ctx) -> row(rs)).list());
    });
  }

  private static AcctSession row(ResultSet rs) throws SQLException {
    String ip = rs.getString("framed_ip");
    return new AcctSession(rs.getString("nas"), rs.getString("nas_address"), rs.getString("session_id"), rs.getString("user_name"),
        rs.getString("terminal_id"), rs.getString("calling_station_id"), rs.getString("imsi"), ip == null ? 0 : Cidr.parseAddress(ip),
        rs.getString("location"), AcctSession.State.valueOf(rs.getString("state")), instant(rs, "started_at"), instant(rs, "updated_at"),
        instant(rs, "stopped_at"), rs.getLong("input_octets"), rs.getLong("output_octets"), rs.getLong("session_time"), rs.getInt("terminate_cause"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
