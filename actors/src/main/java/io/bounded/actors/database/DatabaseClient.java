package io.bounded.actors.database;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.support.RejectedException;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.database.DatabaseProtocol;
import io.bounded.protocols.database.DatabaseProtocol.Command;
import io.bounded.protocols.database.DatabaseProtocol.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

/**
 * A thin {@code CompletionStage} face over the database actor, for code that is not an actor. Every
 * call is one ask; a {@code Rejected} reply completes the stage exceptionally with {@link
 * RejectedException}, a {@code Failed} one with {@link DatabaseException}, no answer in time with
 * {@link java.util.concurrent.TimeoutException}. The stages' {@code *Async} callbacks default to
 * the runtime's dispatcher, never the JDK common pool.
 *
 * <p>Each call is its own submitter: two {@link #write} calls in flight at once may be applied in
 * either order. Chain them (or send {@link DatabaseProtocol.Write} from one actor) when the order
 * matters.
 */
public final class DatabaseClient {
  private final ActorRef<Command> database;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;

  /**
   * @param timeout how long a call waits for its answer; give it at least {@code
   *     bounded.database.connection-timeout} more than a query may take
   */
  public DatabaseClient(
      ActorRef<Command> database, Duration timeout, Scheduler scheduler, Executor executor) {
    this.database = database;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /** Every row of the query, as immutable maps from column label to value. */
  public CompletionStage<DatabaseProtocol.Rows> query(String sql, Object... params) {
    Statement s = Statement.of(sql, params);
    return ask(
        (ActorRef<DatabaseProtocol.QueryReply> r) -> new DatabaseProtocol.Query(s, r),
        reply -> {
          check(reply);
          return (DatabaseProtocol.Rows) reply;
        });
  }

  /** Every row of the query, each turned into a {@code T} by {@code mapper}. */
  public <T> CompletionStage<List<T>> query(
      Function<Map<String, Object>, T> mapper, String sql, Object... params) {
    return query(sql, params)
        .thenApply(
            rows -> {
              List<T> out = new ArrayList<>(rows.rows().size());
              rows.rows().forEach(row -> out.add(mapper.apply(row)));
              return List.copyOf(out);
            });
  }

  /** Runs one statement at once (not batched); answers the rows changed. */
  public CompletionStage<Integer> update(String sql, Object... params) {
    Statement s = Statement.of(sql, params);
    return ask(
        (ActorRef<DatabaseProtocol.UpdateReply> r) -> new DatabaseProtocol.Update(s, r),
        reply -> {
          check(reply);
          return ((DatabaseProtocol.Updated) reply).count();
        });
  }

  /** Runs the statements in one transaction; answers the rows each changed. */
  public CompletionStage<List<Integer>> transact(List<Statement> statements) {
    List<Statement> copy = List.copyOf(statements);
    return ask(
        (ActorRef<DatabaseProtocol.TransactReply> r) -> new DatabaseProtocol.Transact(copy, r),
        reply -> {
          check(reply);
          return ((DatabaseProtocol.Committed) reply).counts();
        });
  }

  /**
   * A batched write; completes once the transaction holding it committed, with the rows changed
   * ({@code -1} when the driver did not say).
   */
  public CompletionStage<Integer> write(String sql, Object... params) {
    Statement s = Statement.of(sql, params);
    return ask(
        (ActorRef<DatabaseProtocol.WriteReply> r) -> new DatabaseProtocol.Write(s, r),
        reply -> {
          check(reply);
          return ((DatabaseProtocol.Written) reply).count();
        });
  }

  /** The database's stats. */
  public CompletionStage<ComponentStats> stats() {
    return EdgeFutures.ask(database, DatabaseProtocol.GetStats::new, timeout, scheduler, executor);
  }

  private <R, T> CompletionStage<T> ask(
      Function<ActorRef<R>, Command> request, Function<R, T> interpret) {
    return EdgeFutures.ask(database, request, timeout, scheduler, executor).thenApply(interpret);
  }

  private static void check(DatabaseProtocol.Reply reply) {
    if (reply instanceof DatabaseProtocol.Rejected rejected) {
      throw new RejectedException(DatabaseActor.NAME, rejected.reason());
    }
    if (reply instanceof DatabaseProtocol.Failed failed) {
      throw new DatabaseException(failed.reason(), failed.sqlState());
    }
  }
}
