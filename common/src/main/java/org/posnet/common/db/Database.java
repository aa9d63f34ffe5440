package org.posnet.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.posnet.common.config.PosnetConfig;

/**
 * The one database of a PosNet process: a HikariCP pool, migrated by Flyway on open, used through
 * JDBI. Migrations are one set of SQL that both H2 (PostgreSQL mode) and PostgreSQL understand, in
 * {@code db/migration/common}; vendor-only pieces go to {@code db/migration/{h2,postgresql}}.
 */
public final class Database implements AutoCloseable {
  /**
   * H2 options that make it behave like PostgreSQL for our SQL. AUTO_SERVER lets a CLI process
   * (provision, user token) open the same file while {@code serve} holds it. WRITE_DELAY=0 makes a
   * commit reach the file before it returns: H2 otherwise writes up to 500 ms later, and a kill -9
   * would lose approvals and accounting that were already acknowledged.
   */
  private static final Map<String, String> H2_OPTIONS = h2Options();

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final DatabaseVendor vendor;

  private Database(HikariDataSource dataSource, DatabaseVendor vendor) {
    this.dataSource = dataSource;
    this.vendor = vendor;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens the pool and migrates the schema to the latest version. */
  public static Database open(PosnetConfig.DatabaseConfig config) {
    DatabaseVendor vendor = DatabaseVendor.of(config.url());
    String url = vendor == DatabaseVendor.H2 ? h2Url(config.url()) : config.url();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setPoolName("posnet-db");
    hikari.setMaximumPoolSize(10);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new DatabaseException("cannot open database " + redact(url) + ": " + rootMessage(e)
          + " (check database.url, user and password in posnet.yaml)", e);
    }
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration/common", "classpath:" + vendor.migrationFolder())
          .load()
          .migrate();
    } catch (FlywayException e) {
      ds.close();
      throw new DatabaseException("cannot migrate database " + redact(url) + ": " + rootMessage(e), e);
    }
    return new Database(ds, vendor);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** Adds the PostgreSQL-compatibility options an H2 url lacks; options already given win. */
  static String h2Url(String url) {
    StringBuilder out = new StringBuilder(url);
    String upper = url.toUpperCase(Locale.ROOT);
    boolean inMemory = upper.startsWith("JDBC:H2:MEM:");
    for (Map.Entry<String, String> option : H2_OPTIONS.entrySet()) {
      if (inMemory && option.getKey().equals("AUTO_SERVER")) {
        continue; // a mem: database lives in one process; H2 refuses AUTO_SERVER for it
      }
      if (!upper.contains(";" + option.getKey() + "=")) {
        out.append(';').append(option.getKey()).append('=').append(option.getValue());
      }
    }
    return out.toString();
  }

  /** A url fit for a log line or an error: anything after "password=" is hidden. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }

  private static Map<String, String> h2Options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("MODE", "PostgreSQL");
    m.put("DATABASE_TO_LOWER", "TRUE");
    m.put("DEFAULT_NULL_ORDERING", "HIGH");
    m.put("AUTO_SERVER", "TRUE");
    m.put("WRITE_DELAY", "0");
    return m;
  }
}
