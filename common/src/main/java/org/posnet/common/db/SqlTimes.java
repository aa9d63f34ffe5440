package org.posnet.common.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A {@code TIMESTAMP WITH TIME ZONE} column as both databases' drivers hand it over. */
public final class SqlTimes {
  private SqlTimes() {
  }

  /** The instant of a value read with {@code getObject}; {@code column} names it in the error. */
  public static Instant instant(Object value, String column) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalStateException("unexpected type for " + column + ": "
        + (value == null ? "null" : value.getClass().getName()));
  }
}
