package io.bounded.protocols.database;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of the database: a HikariCP pool of at most {@code bounded.database.maximum-pool-size}
 * connections, parameterised queries, updates and transactions, and batched writes ({@code
 * bounded.database.*}).
 *
 * <p>Contract: every JDBC call runs on the dispatcher {@code bounded.database.dispatcher}, never on
 * an actor thread, and every request is answered exactly once. Bad input (blank SQL, a parameter of
 * an unsupported type, an empty or over-long transaction) and requests past a bound ({@code
 * max-in-flight} queries, updates and transactions; {@code max-pending} writes; a full inbox) are
 * answered {@link Rejected} and never reach the database. What the database refuses, or a
 * connection that cannot be had within {@code connection-timeout}, is answered {@link Failed} with
 * the reason and changed nothing for that request.
 *
 * <p>Parameters are bound in order to the {@code ?} of the SQL. Accepted types: {@code null},
 * {@code String}, {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, Pekko {@code
 * ByteString} (binary), and {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}, {@code
 * OffsetDateTime}, {@code Instant} (bound as UTC).
 */
public interface DatabaseProtocol {

  /** Every message the database actor accepts. */
  sealed interface Command {}

  /** The actor's own messages; implemented only by the database actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the database sends. */
  sealed interface Reply {}

  /** Answer to {@link Query}: {@link Rows}, {@link Failed} or {@link Rejected}. */
  sealed interface QueryReply extends Reply {}

  /** Answer to {@link Update}: {@link Updated}, {@link Failed} or {@link Rejected}. */
  sealed interface UpdateReply extends Reply {}

  /** Answer to {@link Transact}: {@link Committed}, {@link Failed} or {@link Rejected}. */
  sealed interface TransactReply extends Reply {}

  /** Answer to {@link Write}: {@link Written}, {@link Failed} or {@link Rejected}. */
  sealed interface WriteReply extends Reply {}

  /**
   * One parameterised SQL statement.
   *
   * @param sql the SQL text with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order; may hold {@code null} (SQL NULL)
   */
  record Statement(String sql, List<Object> params) {
    public Statement {
      Objects.requireNonNull(sql, "sql");
      params = copy(params);
    }

    /** A statement with its parameters given inline. */
    public static Statement of(String sql, Object... params) {
      return new Statement(sql, params == null ? List.of() : java.util.Arrays.asList(params));
    }
  }

  // ---- requests

  /**
   * Runs a query and answers every row it returns, as {@link Rows}. A query that would return more
   * than {@code bounded.database.max-rows} rows is answered {@link Failed} naming the limit, never
   * a truncated answer.
   */
  record Query(Statement statement, ActorRef<QueryReply> replyTo) implements Command, Rejectable {
    public Query {
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Runs one statement at once (auto-commit, not batched) and answers {@link Updated} with the
   * number of rows it changed.
   */
  record Update(Statement statement, ActorRef<UpdateReply> replyTo) implements Command, Rejectable {
    public Update {
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Runs statements atomically, in order, in one transaction: {@link Committed} when all succeeded
   * and the commit did; otherwise {@link Failed} and nothing was applied. At most {@code
   * bounded.database.max-transaction-statements} statements.
   */
  record Transact(List<Statement> statements, ActorRef<TransactReply> replyTo)
      implements Command, Rejectable {
    public Transact {
      statements = List.copyOf(statements);
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * A write to be batched: it waits in a queue of at most {@code bounded.database.max-pending}
   * writes, is grouped with others (at most {@code batch-size}: those that arrived while the writer
   * was busy, or, with a {@code batch-delay}, those within that linger), sent as one JDBC batch per
   * SQL text in one transaction, and answered {@link Written} only after that transaction
   * committed. When the batch fails, its writes are retried one by one, so a bad row fails only its
   * own write. Writes with the same {@code replyTo} are applied in the order they were sent.
   *
   * @param replyTo where to answer, or {@code null} for fire and forget (a failure is then only
   *     counted)
   */
  record Write(Statement statement, ActorRef<WriteReply> replyTo) implements Command, Rejectable {
    public Write {
      Objects.requireNonNull(statement, "statement");
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Asks for the database's {@link ComponentStats} (name {@code database}; size = writes waiting to
   * be batched, capacity = {@code max-pending}; gauges {@code pool-active}, {@code pool-idle},
   * {@code pool-pending}, {@code pool-total}, {@code connections-created}, {@code
   * acquire-wait-p99-micros}, {@code batches}, {@code batch-size-p50}, {@code batch-size-p99},
   * {@code failed} and more; see the README).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /**
   * Every row of a {@link Query}.
   *
   * @param columns the column labels, in order
   * @param rows each row as an unmodifiable map from column label to value (in column order; SQL
   *     NULL is {@code null}); at most {@code max-rows} rows. Values are immutable: numbers,
   *     strings, booleans, {@code java.time} values for dates and times, {@code ByteString} for
   *     binary, lists for SQL arrays, and the text of any other type.
   */
  record Rows(List<String> columns, List<Map<String, Object>> rows) implements QueryReply {
    public Rows {
      columns = List.copyOf(columns);
      List<Map<String, Object>> copied = new ArrayList<>(rows.size());
      for (Map<String, Object> row : rows) {
        copied.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
      }
      rows = Collections.unmodifiableList(copied);
    }
  }

  /**
   * Answer to {@link Update}.
   *
   * @param count rows changed
   */
  record Updated(int count) implements UpdateReply {}

  /**
   * Answer to {@link Transact}: the transaction committed.
   *
   * @param counts rows changed by each statement, in order ({@code -1} for a statement that
   *     returned rows)
   */
  record Committed(List<Integer> counts) implements TransactReply {
    public Committed {
      counts = List.copyOf(counts);
    }
  }

  /**
   * Answer to {@link Write}: the transaction holding the write committed.
   *
   * @param count rows changed, or {@code -1} when the driver did not say
   */
  record Written(int count) implements WriteReply {}

  /**
   * The database refused the request, or no connection could be had: nothing of this request was
   * applied.
   *
   * @param reason what went wrong, naming the setting involved where one is
   * @param sqlState the SQLState the driver reported, or {@code null}
   */
  record Failed(String reason, String sqlState)
      implements QueryReply, UpdateReply, TransactReply, WriteReply {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The request was refused before it reached the database and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason) implements QueryReply, UpdateReply, TransactReply, WriteReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** An unmodifiable copy that keeps {@code null} elements (SQL NULL parameters). */
  private static List<Object> copy(List<Object> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }
}
