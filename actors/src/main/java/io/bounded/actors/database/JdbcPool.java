package io.bounded.actors.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.bounded.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The HikariCP pool, opened on first use. Opening loads the driver and may touch files (an embedded
 * H2 database), so it happens on the database dispatcher inside the first request, never on an
 * actor thread; a runtime that never uses the database creates no file and holds no connection.
 *
 * <p>The pool starts even when the database is down ({@code initializationFailTimeout = -1}):
 * requests then fail after {@code connection-timeout} with the reason, and HikariCP connects again
 * by itself once the database is back.
 */
final class JdbcPool {
  static final String POOL_NAME = "bounded-database";
  private static final Duration HIKARI_KEEPALIVE = Duration.ofMinutes(2);

  private final DatabaseSettings settings;
  private final DatabaseMetrics metrics;
  private volatile HikariDataSource dataSource;
  private boolean closed;

  JdbcPool(DatabaseSettings settings, DatabaseMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A pooled connection; blocks up to {@code connection-timeout}. Database dispatcher only. */
  Connection connection() throws SQLException {
    return open().getConnection();
  }

  private HikariDataSource open() throws SQLException {
    HikariDataSource ds = dataSource;
    if (ds != null) {
      return ds;
    }
    synchronized (this) {
      if (closed) {
        throw new SQLException("the database component has stopped", "08003");
      }
      if (dataSource == null) {
        dataSource = new HikariDataSource(config());
      }
      return dataSource;
    }
  }

  private HikariConfig config() {
    HikariConfig c = new HikariConfig();
    c.setPoolName(POOL_NAME);
    c.setJdbcUrl(settings.url());
    c.setUsername(settings.user());
    c.setPassword(settings.password());
    c.setMaximumPoolSize(settings.maximumPoolSize());
    c.setMinimumIdle(settings.minimumIdle());
    c.setConnectionTimeout(settings.connectionTimeout().toMillis());
    // HikariCP would raise a validation timeout above the connection timeout itself; keep it below
    c.setValidationTimeout(Math.min(5_000, settings.connectionTimeout().toMillis()));
    c.setIdleTimeout(settings.idleTimeout().toMillis());
    c.setMaxLifetime(settings.maxLifetime().toMillis());
    // HikariCP disables (with a warning) a keepalive that is not below the lifetime; say so here
    if (settings.maxLifetime().compareTo(HIKARI_KEEPALIVE) <= 0) {
      c.setKeepaliveTime(0);
    }
    c.setLeakDetectionThreshold(settings.leakDetectionThreshold().toMillis());
    c.setInitializationFailTimeout(-1);
    c.setAutoCommit(true);
    c.setMetricsTrackerFactory(metrics);
    // HikariCP evicts a connection on the SQLStates it knows to be fatal (08xxx and a few more);
    // a driver that reports a closed or broken link otherwise (H2's "database is already closed",
    // 90121) would leave a dead connection in the pool, so every connection-class failure evicts.
    c.setExceptionOverride(new EvictOnConnectionFailure());
    return c;
  }

  /** Evicts the connection on every connection-class failure ({@link JdbcErrors}). */
  private static final class EvictOnConnectionFailure implements SQLExceptionOverride {
    @java.lang.Override
    public Override adjudicate(SQLException e) {
      return JdbcErrors.isConnectionFailure(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
  }

  /** Pool occupancy now; zeros before the pool opened. Never blocks. */
  Reading reading() {
    HikariDataSource ds = dataSource;
    HikariPoolMXBean pool = ds == null ? null : ds.getHikariPoolMXBean();
    if (pool == null) {
      return new Reading(0, 0, 0, 0);
    }
    return new Reading(
        pool.getActiveConnections(),
        pool.getIdleConnections(),
        pool.getThreadsAwaitingConnection(),
        pool.getTotalConnections());
  }

  /** Connections in use, idle, threads waiting for one, and all connections. */
  record Reading(int active, int idle, int pending, int total) {}

  /** Closes the pool (blocks while connections close); later requests fail. Idempotent. */
  void close() {
    HikariDataSource ds;
    synchronized (this) {
      closed = true;
      ds = dataSource;
    }
    if (ds != null) {
      ds.close();
    }
  }
}
