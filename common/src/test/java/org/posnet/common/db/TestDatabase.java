package org.posnet.common.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.posnet.common.config.PosnetConfig;

/**
 * One database a repository test runs on, fresh and private to the test. Use through
 * {@link TestDatabases#all()}; JUnit closes it after each invocation, which closes every
 * {@link Database} opened from it and drops its data.
 */
public final class TestDatabase implements AutoCloseable {
  private final String name;
  private final DatabaseVendor vendor;
  private final Supplier<PosnetConfig.DatabaseConfig> prepare;
  private final Runnable cleanup;
  private final List<Database> opened = new ArrayList<>();
  private PosnetConfig.DatabaseConfig config;

  TestDatabase(String name, DatabaseVendor vendor, Supplier<PosnetConfig.DatabaseConfig> prepare, Runnable cleanup) {
    this.name = name;
    this.vendor = vendor;
    this.prepare = prepare;
    this.cleanup = cleanup;
  }

  /**
   * Opens (and migrates) the database; opening again gives a second pool on the same data, like a
   * CLI process beside a running server. Aborts (skips) the test when PostgreSQL is not configured,
   * or fails it when {@code CI=true}.
   */
  public synchronized Database open() {
    Database db = Database.open(config());
    opened.add(db);
    return db;
  }

  /** The connection settings; the first call creates the private schema or database. */
  public synchronized PosnetConfig.DatabaseConfig config() {
    if (config == null) {
      config = prepare.get();
    }
    return config;
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  @Override
  public synchronized void close() {
    opened.forEach(Database::close);
    opened.clear();
    if (config != null) {
      cleanup.run();
    }
  }

  /** The name JUnit shows for the parameter: {@code H2} or {@code PostgreSQL}. */
  @Override
  public String toString() {
    return name;
  }
}
