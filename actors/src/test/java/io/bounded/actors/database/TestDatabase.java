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

  boolean available() {
    return skipReason == null;
  }
}
