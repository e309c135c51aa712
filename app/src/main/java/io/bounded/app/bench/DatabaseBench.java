package io.bounded.app.bench;

import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bounded.actors.database.DatabaseClient;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.ComponentStats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;

/**
 * The database benchmark: inserts per second of single-row writes from {@value #SUBMITTERS}
 * concurrent submitters, (1) through the batching component ({@code Write}), (2) one {@code
 * executeUpdate} per row through the same component and so the same HikariCP pool ({@code Update}),
 * and (3) for reference, one {@code executeUpdate} per row from {@value #SUBMITTERS} plain threads
 * on a HikariCP pool configured the same. Against PostgreSQL (when {@code BOUNDED_TEST_PG_URL},
 * {@code _USER}, {@code _PASSWORD} are set) and an H2 file database, in one run. Run it from the
 * shaded jar:
 *
 * <pre>{@code
 * java -cp app/target/bounded-app.jar io.bounded.app.bench.DatabaseBench [rows] [hocon]
 * }</pre>
 *
 * <p>{@code rows} (default 100,000) is the number of inserts per measurement; {@code hocon} is
 * optional configuration over the defaults, e.g. {@code "bounded.database.batch-size = 64"}. Every
 * submitter keeps one insert outstanding and sends the next when it is answered. Each path runs for
 * 5 s first, unmeasured (JIT, connections, the database's caches). Absolute figures move between
 * runs on a shared machine; compare the ratios of one run.
 */
public final class DatabaseBench {
  static final int SUBMITTERS = 64;
  private static final long WARMUP_NANOS = 5_000_000_000L;
  private static final int WARMUP_CHUNK = 5_000;

  private final int rows;
  private final String overrides;
  private final PrintStream out;

  private DatabaseBench(int rows, String overrides, PrintStream out) {
    this.rows = rows;
    this.overrides = overrides;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String overrides = args.length > 1 ? args[1] : "";
    new DatabaseBench(rows, overrides, System.out).run();
    System.exit(0);
  }

  /**
   * A database to run on.
   *
   * @param temporary the temporary directory holding an H2 database's files, null for PostgreSQL
   */
  record Target(String name, String url, String user, String password, Path temporary) {
    /** The configuration that points {@code bounded.database} at this database. */
    com.typesafe.config.Config config() {
      return ConfigFactory.parseString(
          "bounded.database { url = \""
              + url
              + "\", user = \""
              + user
              + "\", password = \""
              + password
              + "\" }");
    }
  }

  /** PostgreSQL from {@code BOUNDED_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}, or null. */
  static Target postgres() {
    String pg = System.getenv("BOUNDED_TEST_PG_URL");
    if (pg == null || pg.isBlank()) {
      return null;
    }
    return new Target(
        "PostgreSQL",
        pg,
        System.getenv().getOrDefault("BOUNDED_TEST_PG_USER", ""),
        System.getenv().getOrDefault("BOUNDED_TEST_PG_PASSWORD", ""),
        null);
  }

  /** A fresh H2 file database in a temporary directory. */
  static Target h2() throws java.io.IOException {
    Path dir = Files.createTempDirectory("bounded-db-bench");
    return new Target("H2 (file)", "jdbc:h2:file:" + dir.resolve("bench"), "sa", "", dir);
  }

  private void run() throws Exception {
    out.printf(
        "Bounded database bench: %d cores, max heap %d MiB, Java %s, %d rows per measurement,"
            + " %d submitters, overrides [%s]%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        rows,
        SUBMITTERS,
        overrides);
    List<Target> targets = new ArrayList<>();
    Target pg = postgres();
    if (pg != null) {
      targets.add(pg);
    } else {
      out.println("PostgreSQL: skipped (BOUNDED_TEST_PG_URL is not set)");
    }
    targets.add(h2());
    out.println();
    out.printf(
        Locale.ROOT, "%-12s %-52s %12s %8s%n", "database", "measurement", "inserts/s", "ratio");
    for (Target t : targets) {
      measure(t);
    }
  }

  private void measure(Target t) throws Exception {
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString(overrides).withFallback(t.config()))) {
      DatabaseSettings settings = runtime.settings().database();
      DatabaseClient db = runtime.databaseClient();
      String name = "bench_rows";
      wait(db.update("drop table if exists " + name));
      wait(db.update("create table " + name + " (id bigint primary key, v varchar(64))"));
      String insert = "insert into " + name + " (id, v) values (?, ?)";
      AtomicLong ids = new AtomicLong();

      // warm-up (JIT, the pool's connections, the database's caches) until each path has run for
      // WARMUP, then the measured rounds; the rows of every round land in the same table
      warmUp(() -> submitters(WARMUP_CHUNK, (id, v) -> db.write(insert, id, v), ids, null));
      warmUp(() -> submitters(WARMUP_CHUNK, (id, v) -> db.update(insert, id, v), ids, null));
      ComponentStats before = wait(db.stats());
      double batched = submitters(rows, (id, v) -> db.write(insert, id, v), ids, null);
      ComponentStats after = wait(db.stats());
      double perRow = submitters(rows, (id, v) -> db.update(insert, id, v), ids, null);
      warmUp(() -> rawThreads(t, settings, insert, ids, WARMUP_CHUNK, null));
      double raw = rawThreads(t, settings, insert, ids, rows, null);
      long batches = after.gauge("batches") - before.gauge("batches");
      row(t.name(), "batched Write, " + SUBMITTERS + " submitters", batched, batched / perRow);
      row(
          "",
          String.format(
              Locale.ROOT,
              "  (%d batches, mean %.1f rows; write+commit p50 %.1f ms)",
              batches,
              batches == 0 ? 0.0 : (double) rows / batches,
              after.gauge("batch-write-p50-micros") / 1000.0),
          Double.NaN,
          Double.NaN);
      row("", "Update per row (executeUpdate), same pool", perRow, 1.0);
      row("", "raw HikariCP executeUpdate per row, 64 threads", raw, raw / perRow);
      row(
          "",
          "  (connections created by the component: " + after.gauge("connections-created") + ")",
          Double.NaN,
          Double.NaN);
      wait(db.update("drop table " + name));
    }
  }

  private interface Round {
    double run() throws Exception;
  }

  /** Runs {@code round} until {@value #WARMUP_NANOS} ns have passed. */
  private static void warmUp(Round round) throws Exception {
    long end = System.nanoTime() + WARMUP_NANOS;
    do {
      round.run();
    } while (System.nanoTime() - end < 0);
  }

  private void row(String db, String what, double rate, double ratio) {
    out.printf(
        Locale.ROOT,
        "%-12s %-52s %12s %8s%n",
        db,
        what,
        Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%,.0f", rate),
        Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio));
  }

  /**
   * {@value #SUBMITTERS} chains, each sending its next insert when the previous one was answered,
   * until {@code total} inserts were answered; answers inserts per second. When {@code latency} is
   * given, each insert's time from sending to its answer is added to it.
   */
  static double submitters(
      int total,
      BiFunction<Long, String, CompletionStage<Integer>> insert,
      AtomicLong ids,
      Histogram latency)
      throws Exception {
    AtomicLong remaining = new AtomicLong(total);
    List<CompletableFuture<Void>> chains = new ArrayList<>();
    // one histogram per chain: a chain's callbacks run one after another, so none is shared
    List<Histogram> perChain = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < SUBMITTERS; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      chains.add(done);
      Histogram h = latency == null ? null : BenchContext.histogram();
      perChain.add(h);
      next(insert, ids, remaining, done, h);
    }
    CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double rate = total * 1e9 / (System.nanoTime() - start);
    if (latency != null) {
      perChain.forEach(latency::add);
    }
    return rate;
  }

  private static void next(
      BiFunction<Long, String, CompletionStage<Integer>> insert,
      AtomicLong ids,
      AtomicLong remaining,
      CompletableFuture<Void> done,
      Histogram latency) {
    if (remaining.getAndDecrement() <= 0) {
      done.complete(null);
      return;
    }
    long sent = System.nanoTime();
    insert
        .apply(ids.incrementAndGet(), "value")
        .whenComplete(
            (count, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else {
                if (latency != null) {
                  BenchContext.record(latency, System.nanoTime() - sent);
                }
                next(insert, ids, remaining, done, latency);
              }
            });
  }

  /** One executeUpdate per row from plain threads on a pool configured like the component's. */
  static double rawThreads(
      Target t, DatabaseSettings s, String insert, AtomicLong ids, int rows, Histogram latency)
      throws Exception {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(t.url());
    c.setUsername(t.user());
    c.setPassword(t.password());
    c.setMaximumPoolSize(s.maximumPoolSize());
    c.setMinimumIdle(s.minimumIdle());
    c.setConnectionTimeout(s.connectionTimeout().toMillis());
    ExecutorService threads = Executors.newFixedThreadPool(SUBMITTERS);
    try (HikariDataSource ds = new HikariDataSource(c)) {
      AtomicLong remaining = new AtomicLong(rows);
      List<Future<Histogram>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < SUBMITTERS; i++) {
        all.add(
            threads.submit(
                () -> {
                  Histogram mine = latency == null ? null : BenchContext.histogram();
                  while (remaining.getAndDecrement() > 0) {
                    long begin = System.nanoTime();
                    try (Connection conn = ds.getConnection();
                        PreparedStatement ps = conn.prepareStatement(insert)) {
                      ps.setLong(1, ids.incrementAndGet());
                      ps.setString(2, "value");
                      ps.executeUpdate();
                    }
                    if (mine != null) {
                      BenchContext.record(mine, System.nanoTime() - begin);
                    }
                  }
                  return mine;
                }));
      }
      List<Histogram> done = new ArrayList<>();
      for (Future<Histogram> f : all) {
        done.add(f.get(10, TimeUnit.MINUTES));
      }
      double rate = rows * 1e9 / (System.nanoTime() - start);
      if (latency != null) {
        done.forEach(latency::add);
      }
      return rate;
    } finally {
      threads.shutdownNow();
    }
  }

  static <T> T wait(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
