package org.posnet.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.posnet.common.config.PosnetConfig;

class DatabaseTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void open_migratesTheFleetSchema(TestDatabase tdb) throws Exception {
    Database db = tdb.open();
    assertThat(db.vendor()).isEqualTo(tdb.vendor());
    List<String> tables = db.jdbi().withHandle(h -> h.createQuery(
            "SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) IN"
                + " ('institution','vpdn_domain','nas_client','merchant','terminal','sim','card') ORDER BY 1")
        .mapTo(String.class).list());
    assertThat(tables).containsExactly("card", "institution", "merchant", "nas_client", "sim", "terminal", "vpdn_domain");
    String fleet = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT \"description\" FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\" = TRUE").mapTo(String.class).one());
    assertThat(fleet).isEqualTo("fleet");
    try (var c = db.dataSource().getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void open_twiceOnTheSameDataMigratesOnceAndSharesRows(TestDatabase tdb) {
    Database first = tdb.open();
    first.jdbi().useHandle(h -> h.execute("INSERT INTO institution (code, name) VALUES ('48160000', '示例银行')"));
    Database second = tdb.open();
    String name = second.jdbi().withHandle(h -> h.createQuery("SELECT name FROM institution").mapTo(String.class).one());
    assertThat(name).isEqualTo("示例银行");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.posnet.common.db.TestDatabases#all")
  void schema_ordersNullsLastLikePostgres(TestDatabase tdb) {
    Database db = tdb.open();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO merchant (id, name, mcc, area) VALUES ('A00000000000001', 'a', '5812', NULL)");
      h.execute("INSERT INTO merchant (id, name, mcc, area) VALUES ('A00000000000002', 'b', '5812', '110105')");
    });
    List<String> ids = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM merchant ORDER BY area").mapTo(String.class).list());
    assertThat(ids).containsExactly("A00000000000002", "A00000000000001");
  }

  @Test
  void h2File_autoServerLetsASecondProcessStyleOpenWork(@TempDir Path dir) {
    PosnetConfig.DatabaseConfig config = new PosnetConfig.DatabaseConfig("jdbc:h2:file:" + dir.resolve("posnet"), "", "");
    try (Database server = Database.open(config); Database cli = Database.open(config)) {
      server.jdbi().useHandle(h -> h.execute("INSERT INTO institution (code, name) VALUES ('48160000', 'x')"));
      int count = cli.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM institution").mapTo(Integer.class).one());
      assertThat(count).isEqualTo(1);
    }
  }

  @Test
  void h2Url_addsPostgresCompatibilityOptionsOnlyWhenMissing() {
    assertThat(Database.h2Url("jdbc:h2:file:./data/posnet"))
        .isEqualTo("jdbc:h2:file:./data/posnet;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;WRITE_DELAY=0");
    assertThat(Database.h2Url("jdbc:h2:mem:x;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    assertThat(Database.h2Url("jdbc:h2:file:/d;AUTO_SERVER=FALSE")).contains(";AUTO_SERVER=FALSE").doesNotContain("AUTO_SERVER=TRUE");
  }

  @Test
  void vendor_followsTheUrl() {
    assertThat(DatabaseVendor.of("jdbc:h2:mem:x")).isEqualTo(DatabaseVendor.H2);
    assertThat(DatabaseVendor.of("jdbc:postgresql://h/db")).isEqualTo(DatabaseVendor.POSTGRESQL);
    assertThat(DatabaseVendor.POSTGRESQL.migrationFolder()).isEqualTo("db/migration/postgresql");
    assertThatThrownBy(() -> DatabaseVendor.of("jdbc:mysql://h/db?password=secret"))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("unsupported database url")
        .hasMessageNotContaining("secret");
  }

  @Test
  void open_unreachableDatabaseIsOneLineWithoutPassword() {
    PosnetConfig.DatabaseConfig config =
        new PosnetConfig.DatabaseConfig("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "u", "topsecret");
    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:1/none")
        .hasMessageNotContaining("topsecret")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void postgresqlCase_failsUnderCiWithoutUrlAndSkipsOtherwise() {
    TestDatabase ci = TestDatabases.postgresql(java.util.Map.of("CI", "true"));
    assertThatThrownBy(ci::open).isInstanceOf(org.opentest4j.AssertionFailedError.class).hasMessageContaining("CI=true");
    TestDatabase local = TestDatabases.postgresql(java.util.Map.of());
    assertThatThrownBy(local::open).isInstanceOf(org.opentest4j.TestAbortedException.class)
        .hasMessageContaining("POSNET_TEST_PG_URL");
  }
}
