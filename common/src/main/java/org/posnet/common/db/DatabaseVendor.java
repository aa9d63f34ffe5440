package org.posnet.common.db;

import java.util.Locale;

/** The two databases PosNet runs on; each names its folder of vendor-only migrations. */
public enum DatabaseVendor {
  H2,
  POSTGRESQL;

  public static DatabaseVendor of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new DatabaseException("unsupported database url " + Database.redact(jdbcUrl)
        + " (use jdbc:h2:file:... or jdbc:postgresql://host/db)");
  }

  /** {@code classpath:db/migration/h2} or {@code .../postgresql}. */
  public String migrationFolder() {
    return "db/migration/" + name().toLowerCase(Locale.ROOT);
  }
}
