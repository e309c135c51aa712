package io.bounded.actors.database;

import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.Failed;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns what JDBC throws into a {@link Failed} reply that says what happened and what bounds it.
 */
final class JdbcErrors {
  private JdbcErrors() {}

  /**
   * Whether the failure is about the connection (the database is unreachable, the pool gave none,
   * the link broke), not about the statement: retrying statements one by one cannot help then.
   */
  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"));
  }

  /**
   * Whether the statement was cancelled by {@code bounded.database.query-timeout}: JDBC's own
   * exception, or SQLState 57014 ("query canceled", what PostgreSQL and H2 answer).
   */
  static boolean isTimeout(SQLException e) {
    return e instanceof SQLTimeoutException || "57014".equals(e.getSQLState());
  }

  static Failed failed(DatabaseSettings settings, JdbcPool pool, SQLException e) {
    return new Failed(describe(settings, pool, e), e.getSQLState());
  }

  static String describe(DatabaseSettings settings, JdbcPool pool, SQLException e) {
    String timeout = render(settings);
    if (e instanceof SQLTransientConnectionException && isAcquireTimeout(e)) {
      Throwable cause = e.getCause();
      JdbcPool.Reading r = pool.reading();
      if (cause != null || r.total() < settings.maximumPoolSize()) {
        return "database unavailable: no connection within "
            + timeout
            + " (bounded.database.connection-timeout)"
            + (cause == null ? "" : ": " + message(cause));
      }
      return "connection pool exhausted: no connection free within "
          + timeout
          + " (bounded.database.connection-timeout); all "
          + settings.maximumPoolSize()
          + " connections (bounded.database.maximum-pool-size) are in use";
    }
    if (isConnectionFailure(e)) {
      return "database unavailable: " + message(e);
    }
    if (isTimeout(e) && !settings.queryTimeout().isZero()) {
      return "the statement ran longer than "
          + settings.queryTimeout().toSeconds()
          + "s (bounded.database.query-timeout) and was cancelled: "
          + message(e);
    }
    String state = e.getSQLState();
    return message(e) + (state == null ? "" : " (SQLState " + state + ")");
  }

  private static boolean isAcquireTimeout(SQLException e) {
    String m = e.getMessage();
    return m != null && m.contains("Connection is not available");
  }

  private static String render(DatabaseSettings settings) {
    long ms = settings.connectionTimeout().toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
  }
}
