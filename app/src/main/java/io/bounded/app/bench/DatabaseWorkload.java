package io.bounded.app.bench;

import com.typesafe.config.Config;
import io.bounded.actors.database.DatabaseClient;
import io.bounded.actors.runtime.BoundedRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's standard workload, reusing {@link DatabaseBench}: single-row inserts from {@value
 * DatabaseBench#SUBMITTERS} submitters through the batching {@code Write}, against one {@code
 * executeUpdate} per row through the same component and HikariCP pool ({@code Update}), and plain
 * threads on a HikariCP pool configured the same. On PostgreSQL when {@code BOUNDED_TEST_PG_URL},
 * {@code _USER} and {@code _PASSWORD} are set, else on a fresh H2 file database; it starts its own
 * runtime on that database over the bench's configuration.
 */
final class DatabaseWorkload implements Workload {
  private static final int CHUNK = 5_000;

  /** The database the soak runs on, chosen by {@link #soakConfig}. */
  private DatabaseBench.Target soakTarget;

  @Override
  public String name() {
    return "database";
  }

  @Override
  public String description() {
    return "batched single-row inserts vs row-at-a-time JDBC through the same HikariCP pool";
  }

  @Override
  public int measurements() {
    return 3;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    DatabaseBench.Target pg = DatabaseBench.postgres();
    DatabaseBench.Target target = pg != null ? pg : DatabaseBench.h2();
    ctx.note("database: on " + target.name());
    try (BoundedRuntime runtime =
        BoundedRuntime.start(target.config().withFallback(ctx.config()))) {
      DatabaseClient db = runtime.databaseClient();
      String table = "bench_rows";
      DatabaseBench.wait(db.update("drop table if exists " + table));
      DatabaseBench.wait(
          db.update("create table " + table + " (id bigint primary key, v varchar(64))"));
      String insert = "insert into " + table + " (id, v) values (?, ?)";
      AtomicLong ids = new AtomicLong();
      String on = " (" + target.name() + ")";
      Measurement perRow =
          ctx.measure(
              "Update per row, same pool" + on,
              true,
              (deadline, h) ->
                  Workloads.chunks(
                      deadline,
                      CHUNK,
                      n -> {
                        DatabaseBench.submitters(
                            (int) n, (id, v) -> db.update(insert, id, v), ids, h);
                        return n;
                      }));
      Measurement raw =
          ctx.measure(
              "raw HikariCP executeUpdate per row, 64 threads" + on,
              true,
              (deadline, h) ->
                  Workloads.chunks(
                      deadline,
                      CHUNK,
                      n -> {
                        DatabaseBench.rawThreads(
                            target, runtime.settings().database(), insert, ids, (int) n, h);
                        return n;
                      }));
      Measurement batched =
          ctx.measure(
              "batched Write, 64 submitters" + on,
              true,
              (deadline, h) ->
                  Workloads.chunks(
                      deadline,
                      CHUNK,
                      n -> {
                        DatabaseBench.submitters(
                            (int) n, (id, v) -> db.write(insert, id, v), ids, h);
                        return n;
                      }));
      DatabaseBench.wait(db.update("drop table " + table));
      return List.of(
          Row.baseline(name(), perRow),
          Row.baseline(name(), raw),
          Row.compared(name(), batched, perRow));
    }
  }

  /** The soak's runtime writes to PostgreSQL when configured, else to a fresh H2 file database. */
  @Override
  public Config soakConfig(Config config) throws Exception {
    DatabaseBench.Target pg = DatabaseBench.postgres();
    soakTarget = pg != null ? pg : DatabaseBench.h2();
    return soakTarget.config();
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) throws Exception {
    if (soakTarget == null) {
      throw new IllegalStateException("soakConfig was not called: the soak has no database");
    }
    return Optional.of(new DatabaseSoak(runtime, soakTarget));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
