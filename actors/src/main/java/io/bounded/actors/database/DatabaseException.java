package io.bounded.actors.database;

/**
 * The database refused a request sent through {@link DatabaseClient}, or no connection could be had
 * within {@code bounded.database.connection-timeout}. Nothing of that request was applied.
 */
public final class DatabaseException extends RuntimeException {
  private final String sqlState;

  public DatabaseException(String reason, String sqlState) {
    super(reason);
    this.sqlState = sqlState;
  }

  /** The SQLState the driver reported, or {@code null}. */
  public String sqlState() {
    return sqlState;
  }
}
