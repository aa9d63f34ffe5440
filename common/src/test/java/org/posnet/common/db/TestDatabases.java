package org.posnet.common.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.posnet.common.config.PosnetConfig;

/**
 * Runs one repository test body on H2 and on PostgreSQL:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("org.posnet.common.db.TestDatabases#all")
 * void upsert_isIdempotent(TestDatabase tdb) {
 *   Database db = tdb.open();
 *   ...
 * }
 * }</pre>
 *
 * <p>H2 always runs (in memory, private name). PostgreSQL runs when {@code POSNET_TEST_PG_URL}
 * (plus {@code POSNET_TEST_PG_USER}, {@code POSNET_TEST_PG_PASSWORD}) is set, each test in a fresh
 * schema that is dropped afterwards. Without it the PostgreSQL case is skipped, unless
 * {@code CI=true}: CI must test both, so there it fails.
 */
public final class TestDatabases {
  public static final String PG_URL = "POSNET_TEST_PG_URL";
  public static final String PG_USER = "POSNET_TEST_PG_USER";
  public static final String PG_PASSWORD = "POSNET_TEST_PG_PASSWORD";

  private TestDatabases() {}

  public static Stream<TestDatabase> all() {
    return Stream.of(h2(), postgresql());
  }

  /** A private in-memory H2 that lives until the test closes it. */
  public static TestDatabase h2() {
    String url = "jdbc:h2:mem:posnet_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    return new TestDatabase("H2", DatabaseVendor.H2, () -> new PosnetConfig.DatabaseConfig(url, "sa", ""),
        () -> execute(Database.h2Url(url), "sa", "", "SHUTDOWN"));
  }

  /** A private schema in the PostgreSQL named by {@code POSNET_TEST_PG_URL}. */
  public static TestDatabase postgresql() {
    return postgresql(System.getenv());
  }

  static TestDatabase postgresql(Map<String, String> env) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String base = env.get(PG_URL);
    String user = env.getOrDefault(PG_USER, "");
    String password = env.getOrDefault(PG_PASSWORD, "");
    return new TestDatabase("PostgreSQL", DatabaseVendor.POSTGRESQL, () -> {
      if (base == null || base.isBlank()) {
        String how = PG_URL + " (e.g. jdbc:postgresql://127.0.0.1:5432/posnet_test) with " + PG_USER + " and " + PG_PASSWORD;
        if ("true".equalsIgnoreCase(env.get("CI"))) {
          Assertions.fail("CI=true but " + PG_URL + " is not set: CI must run the PostgreSQL case too; set " + how);
        }
        Assumptions.abort("PostgreSQL case skipped: set " + how + " to run it");
      }
      execute(base, user, password, "CREATE SCHEMA " + schema);
      String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      return new PosnetConfig.DatabaseConfig(url, user, password);
    }, () -> execute(base, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + sql + " failed: " + e.getMessage(), e);
    }
  }
}
