package org.posnet.common.db;

/** The database cannot be reached or migrated; the message is one line and holds no password. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
