package io.bounded.actors.database;

import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.Committed;
import io.bounded.protocols.database.DatabaseProtocol.Failed;
import io.bounded.protocols.database.DatabaseProtocol.Query;
import io.bounded.protocols.database.DatabaseProtocol.Rows;
import io.bounded.protocols.database.DatabaseProtocol.Statement;
import io.bounded.protocols.database.DatabaseProtocol.Transact;
import io.bounded.protocols.database.DatabaseProtocol.Update;
import io.bounded.protocols.database.DatabaseProtocol.Updated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking side of queries, updates and transactions. Every method runs on the database
 * dispatcher, takes one pooled connection for the whole request, answers the requester itself
 * (telling an {@code ActorRef} is thread-safe) and never throws: a failure becomes a {@link Failed}
 * reply.
 */
final class JdbcWork {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcWork.class);

  private final DatabaseSettings settings;
  private final JdbcPool pool;
  private final DatabaseMetrics metrics;

  JdbcWork(DatabaseSettings settings, JdbcPool pool, DatabaseMetrics metrics) {
    this.settings = settings;
    this.pool = pool;
    this.metrics = metrics;
  }

  void query(Query query) {
    Statement s = query.statement();
    int maxRows = settings.maxRows();
    try (Connection c = pool.connection();
        PreparedStatement ps = prepare(c, s.sql(), settings)) {
      // one row past the limit tells "more" from "exactly max-rows" without fetching the rest
      ps.setMaxRows(maxRows + 1);
      JdbcValues.bind(ps, s);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
          columns.add(meta.getColumnLabel(i));
          types[i - 1] = meta.getColumnType(i);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          if (rows.size() == maxRows) {
            metrics.requestsFailed.increment();
            query
                .replyTo()
                .tell(
                    new Failed(
                        "the query returned more than "
                            + maxRows
                            + " rows (bounded.database.max-rows); narrow it or page with LIMIT",
                        null));
            return;
          }
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            row.put(columns.get(i - 1), JdbcValues.read(rs, i, types[i - 1]));
          }
          rows.add(row);
        }
        metrics.queries.increment();
        query.replyTo().tell(new Rows(columns, rows));
      }
    } catch (SQLException e) {
      query.replyTo().tell(failed(e));
    } catch (RuntimeException e) {
      query.replyTo().tell(unexpected(e));
    }
  }

  void update(Update update) {
    Statement s = update.statement();
    try (Connection c = pool.connection();
        PreparedStatement ps = prepare(c, s.sql(), settings)) {
      JdbcValues.bind(ps, s);
      int count = ps.executeUpdate();
      metrics.updates.increment();
      update.replyTo().tell(new Updated(count));
    } catch (SQLException e) {
      update.replyTo().tell(failed(e));
    } catch (RuntimeException e) {
      update.replyTo().tell(unexpected(e));
    }
  }

  void transact(Transact transact) {
    List<Statement> statements = transact.statements();
    try (Connection c = pool.connection()) {
      c.setAutoCommit(false);
      List<Integer> counts = new ArrayList<>(statements.size());
      for (int i = 0; i < statements.size(); i++) {
        Statement s = statements.get(i);
        try (PreparedStatement ps = prepare(c, s.sql(), settings)) {
          JdbcValues.bind(ps, s);
          boolean rows = ps.execute();
          counts.add(rows ? -1 : ps.getUpdateCount());
        } catch (SQLException e) {
          rollback(c);
          Failed f = failed(e);
          transact
              .replyTo()
              .tell(
                  new Failed(
                      "statement "
                          + (i + 1)
                          + " of "
                          + statements.size()
                          + " failed, the transaction was rolled back: "
                          + f.reason(),
                      f.sqlState()));
          return;
        }
      }
      try {
        c.commit();
      } catch (SQLException e) {
        rollback(c);
        Failed f = failed(e);
        transact
            .replyTo()
            .tell(new Failed("commit failed, nothing was applied: " + f.reason(), f.sqlState()));
        return;
      }
      metrics.transactions.increment();
      transact.replyTo().tell(new Committed(counts));
    } catch (SQLException e) {
      transact.replyTo().tell(failed(e));
    } catch (RuntimeException e) {
      transact.replyTo().tell(unexpected(e));
    }
  }

  /** A prepared statement limited to {@code bounded.database.query-timeout}. */
  static PreparedStatement prepare(Connection c, String sql, DatabaseSettings settings)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    long seconds = settings.queryTimeout().toSeconds();
    if (seconds > 0) {
      try {
        ps.setQueryTimeout((int) seconds);
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
    }
    return ps;
  }

  static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed (the connection is probably broken): {}", e.toString());
    }
  }

  private Failed failed(SQLException e) {
    metrics.requestsFailed.increment();
    return JdbcErrors.failed(settings, pool, e);
  }

  private Failed unexpected(RuntimeException e) {
    metrics.requestsFailed.increment();
    LOG.error("database request failed unexpectedly", e);
    return new Failed("unexpected failure: " + e, null);
  }
}
