package org.posnet.host.param;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.posnet.common.db.Database;

/**
 * {@link ParameterStore} over JDBI, in the SQL both H2 and PostgreSQL run (no ON CONFLICT): an upsert is
 * an UPDATE, then an INSERT when no row existed, inside one transaction.
 */
public final class DatabaseParameterStore implements ParameterStore {
    private static final String SET_COLUMNS = "version, merchant_name, txn_timeout_s, dial_retries, reversal_retries,"
            + " host_addresses, host_phones, management_phone, tip_allowed, tip_percent, manual_entry_allowed, auto_sign_off";

    private final Database db;

    public DatabaseParameterStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<ParameterSet> stored(String terminalId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + SET_COLUMNS + " FROM terminal_parameter_set"
                        + " WHERE terminal_id = :id")
                .bind("id", terminalId).map((rs, ctx) -> set(rs)).findOne());
    }

    @Override
    public ParameterSet update(String terminalId, ParameterSet values, Instant now) {
        return db.jdbi().inTransaction(h -> {
            Optional<Long> previous = h.createQuery("SELECT version FROM terminal_parameter_set WHERE terminal_id = :id FOR UPDATE")
                    .bind("id", terminalId).mapTo(Long.class).findOne();
            ParameterSet stored = values.withVersion(previous.map(v -> v + 1).orElse(1L));
            String sql = previous.isPresent()
                    ? "UPDATE terminal_parameter_set SET version = :version, merchant_name = :name, txn_timeout_s = :timeout,"
                            + " dial_retries = :dial, reversal_retries = :reversal, host_addresses = :addresses,"
                            + " host_phones = :phones, management_phone = :mgmt, tip_allowed = :tip, tip_percent = :tipPercent,"
                            + " manual_entry_allowed = :manual, auto_sign_off = :autoOff, updated_at = :now WHERE terminal_id = :id"
                    : "INSERT INTO terminal_parameter_set (terminal_id, " + SET_COLUMNS + ", updated_at) VALUES (:id, :version,"
                            + " :name, :timeout, :dial, :reversal, :addresses, :phones, :mgmt, :tip, :tipPercent, :manual, :autoOff, :now)";
            h.createUpdate(sql).bind("id", terminalId).bind("version", stored.version())
                    .bind("name", stored.merchantName().isEmpty() ? null : stored.merchantName())
                    .bind("timeout", stored.timeoutSeconds()).bind("dial", stored.dialRetries())
                    .bind("reversal", stored.reversalRetries()).bind("addresses", String.join(",", stored.hostAddresses()))
                    .bind("phones", String.join(",", stored.hostPhones())).bind("mgmt", stored.managementPhone())
                    .bind("tip", stored.tipAllowed()).bind("tipPercent", stored.tipPercent())
                    .bind("manual", stored.manualEntryAllowed()).bind("autoOff", stored.autoSignOff()).bind("now", at(now))
                    .execute();
            return stored;
        });
    }

    /** Two queries for any number of terminals (the host's background re-read, a batch at a time). */
    @Override
    public Map<String, Versions> versions(List<String> terminalIds) {
        Map<String, long[]> found = new HashMap<>();
        terminalIds.forEach(id -> found.put(id, new long[] {0, -1}));
        if (!terminalIds.isEmpty()) {
            db.jdbi().useHandle(h -> {
                h.createQuery("SELECT terminal_id, version FROM terminal_parameter_set WHERE terminal_id IN (<ids>)")
                        .bindList("ids", terminalIds)
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(e -> found.get(e.getKey())[0] = e.getValue());
                h.createQuery("SELECT terminal_id, parameter_version FROM terminal_status WHERE terminal_id IN (<ids>)"
                                + " AND parameter_version IS NOT NULL")
                        .bindList("ids", terminalIds)
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(e -> found.get(e.getKey())[1] = e.getValue());
            });
        }
        Map<String, Versions> out = new HashMap<>();
        found.forEach((id, v) -> out.put(id, new Versions(v[0], v[1])));
        return out;
    }

    @Override
    public OptionalLong terminalVersion(String terminalId) {
        Optional<Long> v = db.jdbi().withHandle(h -> h.createQuery("SELECT parameter_version FROM terminal_status WHERE terminal_id = :id")
                .bind("id", terminalId).map((rs, ctx) -> {
                    long value = rs.getLong(1);
                    return rs.wasNull() ? null : value;
                }).findFirst().flatMap(Optional::ofNullable));
        return v.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void terminalHolds(String terminalId, long version, Instant at) {
        db.jdbi().useTransaction(h -> {
            ensureRow(h, terminalId);
            h.createUpdate("UPDATE terminal_status SET parameter_version = :v, version_at = :at WHERE terminal_id = :id")
                    .bind("v", version).bind("at", at(at)).bind("id", terminalId).execute();
        });
    }

    @Override
    public void reported(StatusReport report) {
        db.jdbi().useTransaction(h -> {
            ensureRow(h, report.terminal());
            h.createUpdate("UPDATE terminal_status SET reported_at = :at, report = :report WHERE terminal_id = :id")
                    .bind("at", at(report.at())).bind("report", report.encoded()).bind("id", report.terminal()).execute();
            if (report.parameterVersion() != null) {
                h.createUpdate("UPDATE terminal_status SET parameter_version = :v, version_at = :at WHERE terminal_id = :id")
                        .bind("v", report.parameterVersion()).bind("at", at(report.at())).bind("id", report.terminal()).execute();
            }
        });
    }

    @Override
    public Optional<StatusReport> lastReport(String terminalId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT s.reported_at, s.report, t.merchant_id FROM terminal_status s"
                        + " JOIN terminal t ON t.id = s.terminal_id WHERE s.terminal_id = :id AND s.reported_at IS NOT NULL")
                .bind("id", terminalId)
                .map((rs, ctx) -> new StatusReport(terminalId, rs.getString("merchant_id"),
                        rs.getObject("reported_at", OffsetDateTime.class).toInstant(), StatusReport.decodeItems(rs.getString("report"))))
                .findOne());
    }

    /** A terminal_status row to update; the lock on it (FOR UPDATE) orders concurrent reports of one terminal. */
    private static void ensureRow(Handle h, String terminalId) {
        boolean exists = h.createQuery("SELECT terminal_id FROM terminal_status WHERE terminal_id = :id FOR UPDATE")
                .bind("id", terminalId).mapTo(String.class).findOne().isPresent();
        if (!exists) {
            h.createUpdate("INSERT INTO terminal_status (terminal_id) VALUES (:id)").bind("id", terminalId).execute();
        }
    }

    private static ParameterSet set(ResultSet rs) throws SQLException {
        return new ParameterSet(rs.getLong("version"), rs.getString("merchant_name"), rs.getInt("txn_timeout_s"),
                rs.getInt("dial_retries"), rs.getInt("reversal_retries"), list(rs.getString("host_addresses")),
                list(rs.getString("host_phones")), rs.getString("management_phone"), rs.getBoolean("tip_allowed"),
                rs.getInt("tip_percent"), rs.getBoolean("manual_entry_allowed"), rs.getBoolean("auto_sign_off"));
    }

    private static List<String> list(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
