package io.bounded.app.bench;

import io.bounded.actors.database.DatabaseClient;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.database.DatabaseProtocol;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The database under 100 × its {@code max-pending} of distinct rows: fire-and-forget batched {@code
 * Write}s, each an upsert of row {@code k} (so the table holds at most 100 × max-pending rows, on
 * disk, however long the soak runs), on a fresh H2 file database in a temporary directory or on
 * PostgreSQL when {@code BOUNDED_TEST_PG_URL} is set. Writes outpace the database, so the queue of
 * pending writes fills and refuses: it never drops a write it accepted. After a window that met
 * refusals the driver waits for the queue to drain to half, then fills it again. The size is the
 * writes waiting to be batched.
 */
final class DatabaseSoak implements SoakSubject {
  static final String TABLE = "bounded_soak_rows";

  /** Rows per statement when the table is filled before the soak. */
  static final int PREFILL_CHUNK = 50_000;

  private final BoundedRuntime runtime;
  private final DatabaseSettings settings;
  private final DatabaseBench.Target target;
  private final String upsert;
  private long next;

  DatabaseSoak(BoundedRuntime runtime, DatabaseBench.Target target) throws Exception {
    this.runtime = runtime;
    this.settings = runtime.settings().database();
    this.target = target;
    boolean postgres = settings.url().startsWith("jdbc:postgresql:");
    this.upsert =
        postgres
            ? "insert into "
                + TABLE
                + " (id, v) values (?, ?) on conflict (id) do update set v = excluded.v"
            : "merge into " + TABLE + " (id, v) key (id) values (?, ?)";
    DatabaseClient db = runtime.databaseClient();
    DatabaseBench.wait(db.update("drop table if exists " + TABLE));
    DatabaseBench.wait(
        db.update("create table " + TABLE + " (id bigint primary key, v varchar(64))"));
    // every row the soak will write, at its final size, then read once: the table and the
    // database's page cache start where they stay, and the heap samples see the soak, not them
    // filling up
    long distinct = distinctKeys();
    for (long from = 0; from < distinct; from += PREFILL_CHUNK) {
      long to = Math.min(distinct, from + PREFILL_CHUNK) - 1;
      DatabaseBench.wait(
          db.update(
              postgres
                  ? "insert into "
                      + TABLE
                      + " (id, v) select g, 'v' || lpad(g::text, 19, '0') from generate_series("
                      + from
                      + ", "
                      + to
                      + ") g"
                  : "insert into "
                      + TABLE
                      + " (id, v) select x, 'v' || lpad(cast(x as varchar), 19, '0') from"
                      + " system_range("
                      + from
                      + ", "
                      + to
                      + ")"));
    }
    DatabaseBench.wait(db.query("select count(*) as n from " + TABLE + " where v <> ''"));
  }

  /** Row {@code n}'s value: 20 characters, distinct per {@code n}, as the table is filled with. */
  static String value(long n) {
    String digits = Long.toString(n);
    return "v" + "0".repeat(Math.max(0, 19 - digits.length())) + digits;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public long capacity() {
    return settings.maxPending();
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    ActorRef<DatabaseProtocol.Command> database = runtime.database();
    int window = SoakDrivers.window(settings.mailboxCapacity());
    long distinct = distinctKeys();
    long n = 0;
    long refusedBefore = stats().rejections();
    while (!stop.getAsBoolean()) {
      for (int j = 0; j < window; j++, n++) {
        long k = (next + n) % distinct;
        database.tell(
            new DatabaseProtocol.Write(
                DatabaseProtocol.Statement.of(upsert, k, value(next + n)), null));
      }
      ComponentStats s = stats();
      long refused = s.rejections();
      if (refused > refusedBefore) {
        s = SoakDrivers.drainToHalf(s, this::stats, capacity(), stop);
      }
      refusedBefore = refused;
      pacer.rest(stop);
    }
    next += n;
    return n;
  }

  @Override
  public ComponentStats stats() throws Exception {
    return SoakDrivers.stats(runtime, runtime.database(), DatabaseProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    return SoakSubject.broken(
        SoakSubject.above(s, "requests-in-flight", settings.maxInFlight(), "max-in-flight"),
        SoakSubject.above(s, "pool-total", settings.maximumPoolSize(), "maximum-pool-size"));
  }

  @Override
  public String summary(ComponentStats s) {
    long rows = -1;
    try {
      rows =
          ((Number)
                  DatabaseBench.wait(
                          runtime.databaseClient().query("select count(*) as n from " + TABLE))
                      .rows()
                      .get(0)
                      .values()
                      .iterator()
                      .next())
              .longValue();
    } catch (Exception e) {
      // the count is for the summary only
    }
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; written %,d in %,d batches, failed %,d, %,d rows in the table (%s)",
            s.gauge("writes-written"),
            s.gauge("batches"),
            s.gauge("failed"),
            rows,
            target.name());
  }

  @Override
  public void close() throws Exception {
    // the writes still queued or in a batch land before the table goes
    long deadline = System.nanoTime() + SoakDrivers.LOST.toNanos();
    ComponentStats s = stats();
    while ((s.size() > 0 || s.gauge("writes-in-batches") > 0) && System.nanoTime() - deadline < 0) {
      Thread.sleep(SoakDrivers.BACKOFF_MILLIS);
      s = stats();
    }
    DatabaseClient db = runtime.databaseClient();
    if (target.temporary() != null) {
      // H2 deletes the files once the runtime's pool closes its last connection
      DatabaseBench.wait(db.update("drop all objects delete files"));
      target.temporary().toFile().deleteOnExit();
    } else {
      DatabaseBench.wait(db.update("drop table " + TABLE));
    }
  }
}
