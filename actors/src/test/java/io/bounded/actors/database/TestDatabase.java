package io.bounded.actors.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A database the contract tests run against: how to reach it, and whether it can be reached.
 *
 * @param name how test reports name it
 * @param url JDBC URL
 * @param skipReason why it cannot be used, or {@code null} when it can
 */
record TestDatabase(String name, String url, String user, String password, String skipReason) {
  /** The environment variables {@code .ci/run} exports for the PostgreSQL tests. */
  static final String PG_URL = "BOUNDED_TEST_PG_URL";

  static final String PG_USER = "BOUNDED_TEST_PG_USER";
  static final String PG_PASSWORD = "BOUNDED_TEST_PG_PASSWORD";

  /** A fresh in-memory H2 database, kept until the JVM ends. */
  static TestDatabase h2() {
    return new TestDatabase(
        "H2",
        "jdbc:h2:mem:bounded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000",
        "sa",
        "",
        null);
  }

  /**
   * The PostgreSQL named by {@value #PG_URL} (user {@value #PG_USER}, password {@value
   * #PG_PASSWORD}); unusable, with the reason, when the variable is not set or the server cannot be
   * reached.
   */
  static TestDatabase postgres() {
    String url = System.getenv(PG_URL);
    String user = System.getenv().getOrDefault(PG_USER, "");
    String password = System.getenv().getOrDefault(PG_PASSWORD, "");
    if (url == null || url.isBlank()) {
      return new TestDatabase(
          "PostgreSQL",
          "",
          user,
          password,
          "SKIPPED: no PostgreSQL to test against: "
              + PG_URL
              + " is not set (.ci/run installs, starts and exports it)");
    }
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      if (!c.isValid(5)) {
        throw new SQLException("the connection is not valid");
      }
      return new TestDatabase("PostgreSQL", url, user, password, null);
    } catch (SQLException e) {
      return new TestDatabase(
          "PostgreSQL",
          url,
          user,
          password,
          "SKIPPED: PostgreSQL at " + url + " cannot be reached: " + e.getMessage());
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * An update of row 1 of {@code table} that runs for much longer than a second unless it is
   * cancelled: on PostgreSQL, which cancels a statement waiting for a lock, a plain update of the
   * row the caller locked ({@code lockFirst}); on H2, which does not (its LOCK_TIMEOUT governs), a
   * scan of billions of generated rows, which it does cancel.
   */
  String slowUpdate(String table) {
    if (lockFirst()) {
      return "update " + table + " set v = 'slow' where id = 1";
    }
    return "update "
        + table
        + " set v = (select cast(sum(x) as varchar(100)) from system_range(1, 100000000000))"
        + " where id = 1";
  }

  /** Whether {@link #slowUpdate} is slow because the caller locked the row first. */
  boolean lockFirst() {
    return !name.equals("H2");
  }

  boolean available() {
    return skipReason == null;
  }
}
