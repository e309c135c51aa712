package io.bounded.actors.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.database.DatabaseProtocol.*;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * What the database component promises, run against every database a subclass names (H2 always,
 * PostgreSQL where one can be reached; otherwise each test is reported skipped with the reason).
 * Real time, no {@code ManualTime}: the batching stream's {@code batch-delay} is a stream timer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseActorContract {
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger TABLES = new AtomicInteger();

  final ActorTestKit testKit =
      ActorTestKit.create(
          getClass().getSimpleName(),
          ConfigFactory.parseString(
                  "bounded.database.dispatcher.thread-pool-executor.fixed-pool-size = 4")
              .withFallback(ConfigFactory.defaultReference()));

  private final List<String> tables = new ArrayList<>();
  private final List<ActorRef<Command>> started = new ArrayList<>();
  private Connection held;

  /** The database under test; its {@code skipReason} skips every test. */
  abstract TestDatabase database();

  @BeforeEach
  void requireDatabase(TestInfo test) {
    TestDatabase db = database();
    if (!db.available()) {
      LoggerFactory.getLogger(getClass())
          .warn(
              "{}.{} {}",
              getClass().getSimpleName(),
              test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?"),
              db.skipReason());
    }
    assumeTrue(db.available(), db.skipReason());
  }

  @AfterEach
  void cleanUp() throws SQLException {
    release();
    started.forEach(testKit::stop);
    started.clear();
    if (database().available()) {
      try (Connection c = database().connect()) {
        for (String t : tables) {
          c.createStatement().execute("drop table if exists " + t);
        }
      }
    }
    tables.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  // ---- helpers

  DatabaseSettings settings(String overrides) {
    TestDatabase db = database();
    String base =
        "bounded.database { url = \""
            + db.url()
            + "\", user = \""
            + db.user()
            + "\", password = \""
            + db.password()
            + "\", maximum-pool-size = 4, minimum-idle = 0,"
            + " dispatcher.thread-pool-executor.fixed-pool-size = 4, batch-delay = 20ms }\n";
    return DatabaseSettings.fromConfig(
        ConfigFactory.parseString(base + overrides).withFallback(ConfigFactory.defaultReference()));
  }

  ActorRef<Command> database(DatabaseSettings settings) {
    ActorRef<Command> ref = testKit.spawn(DatabaseActor.create(settings, new TestClock()));
    started.add(ref);
    return ref;
  }

  /** A new table {@code (id int primary key, v varchar(100))}, dropped after the test. */
  String table() throws SQLException {
    String name = "bounded_t" + TABLES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = database().connect()) {
      c.createStatement().execute("drop table if exists " + name);
      c.createStatement().execute("create table " + name + " (id int primary key, v varchar(100))");
    }
    tables.add(name);
    return name;
  }

  long count(String table) throws SQLException {
    try (Connection c = database().connect();
        ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Locks row 1 of {@code table} from a connection outside the pool, so that a component statement
   * touching it waits (holding its pooled connection) until {@link #release()}.
   */
  void lockRow(String table) throws SQLException {
    try (Connection c = database().connect()) {
      c.createStatement().execute("insert into " + table + " (id, v) values (1, 'gate')");
    }
    held = database().connect();
    held.setAutoCommit(false);
    held.createStatement().execute("update " + table + " set v = 'held' where id = 1");
  }

  /** Row 1 of {@code table}, locked when the database's slow update needs it. */
  void slowRow(String table) throws SQLException {
    if (database().lockFirst()) {
      lockRow(table);
    } else {
      try (Connection c = database().connect()) {
        c.createStatement().execute("insert into " + table + " (id, v) values (1, 'gate')");
      }
    }
  }

  void release() throws SQLException {
    if (held != null) {
      held.rollback();
      held.close();
      held = null;
    }
  }

  /**
   * {@code n} probes, each sending one insert of row {@code 10 + i} into {@code table} from 10
   * threads at once.
   */
  List<TestProbe<WriteReply>> insertConcurrently(ActorRef<Command> db, String table, int n)
      throws InterruptedException {
    List<TestProbe<WriteReply>> probes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      probes.add(testKit.createTestProbe(WriteReply.class));
    }
    ExecutorService senders = Executors.newFixedThreadPool(10);
    try {
      for (int i = 0; i < n; i++) {
        int id = i + 10;
        ActorRef<WriteReply> replyTo = probes.get(i).ref();
        senders.execute(
            () ->
                db.tell(
                    new Write(
                        Statement.of("insert into " + table + " (id, v) values (?, ?)", id, "w"),
                        replyTo)));
      }
    } finally {
      senders.shutdown();
      assertThat(senders.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
    return probes;
  }

  /**
   * Every probe of {@link #insertConcurrently} is answered {@code Written(1)}, and only after the
   * commit: when the answer arrives, another connection already sees the row.
   */
  void assertAnsweredAfterCommit(List<TestProbe<WriteReply>> probes, String table)
      throws SQLException {
    try (Connection c = database().connect()) {
      for (int i = 0; i < probes.size(); i++) {
        assertThat(probes.get(i).receiveMessage(WAIT)).isEqualTo(new Written(1));
        try (ResultSet rs =
            c.createStatement()
                .executeQuery("select count(*) from " + table + " where id = " + (i + 10))) {
          rs.next();
          assertThat(rs.getInt(1)).as("row %d visible when acknowledged", i + 10).isEqualTo(1);
        }
      }
    }
  }

  ComponentStats stats(ActorRef<Command> db) {
    TestProbe<ComponentStats> probe = testKit.createTestProbe(ComponentStats.class);
    db.tell(new GetStats(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  <R> R ask(
      ActorRef<Command> db, java.util.function.Function<ActorRef<R>, Command> make, Class<R> type) {
    TestProbe<R> probe = testKit.createTestProbe(type);
    db.tell(make.apply(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  QueryReply query(ActorRef<Command> db, String sql, Object... params) {
    return ask(db, r -> new Query(Statement.of(sql, params), r), QueryReply.class);
  }

  UpdateReply update(ActorRef<Command> db, String sql, Object... params) {
    return ask(db, r -> new Update(Statement.of(sql, params), r), UpdateReply.class);
  }

  // ---- queries, updates, transactions

  @Test
  void query_rows_areImmutableMapsInColumnOrderWithNulls() throws SQLException {
    String t = table();
    ActorRef<Command> db = database(settings(""));
    assertThat(update(db, "insert into " + t + " (id, v) values (?, ?)", 1, "one"))
        .isEqualTo(new Updated(1));
    assertThat(update(db, "insert into " + t + " (id, v) values (?, ?)", 2, null))
        .isEqualTo(new Updated(1));
    QueryReply reply = query(db, "select id, v from " + t + " where id >= ? order by id", 1);
    assertThat(reply).isInstanceOf(Rows.class);
    Rows rows = (Rows) reply;
    assertThat(rows.columns()).hasSize(2);
    assertThat(rows.rows()).hasSize(2);
    Map<String, Object> first = rows.rows().get(0);
    assertThat(first.values()).containsExactly(1, "one");
    assertThat(rows.rows().get(1).values()).containsExactly(2, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void query_moreThanMaxRows_failsNamingTheLimit_exactlyMaxRowsIsAnswered() throws SQLException {
    String t = table();
    ActorRef<Command> db = database(settings("bounded.database.max-rows = 3"));
    for (int i = 1; i <= 4; i++) {
      update(db, "insert into " + t + " (id, v) values (?, ?)", i, "v" + i);
    }
    assertThat(query(db, "select * from " + t + " where id <= 3")).isInstanceOf(Rows.class);
    QueryReply tooMany = query(db, "select * from " + t);
    assertThat(tooMany).isInstanceOf(Failed.class);
    assertThat(((Failed) tooMany).reason())
        .contains("more than 3 rows")
        .contains("bounded.database.max-rows");
  }

  @Test
  void transact_allGood_commitsEveryStatement() throws SQLException {
    String t = table();
    ActorRef<Command> db = database(settings(""));
    TransactReply reply =
        ask(
            db,
            r ->
                new Transact(
                    List.of(
                        Statement.of("insert into " + t + " (id, v) values (?, ?)", 1, "a"),
                        Statement.of("insert into " + t + " (id, v) values (?, ?)", 2, "b"),
                        Statement.of("update " + t + " set v = ? where id = ?", "c", 1)),
                    r),
            TransactReply.class);
    assertThat(reply).isEqualTo(new Committed(List.of(1, 1, 1)));
    assertThat(count(t)).isEqualTo(2);
  }

  @Test
  void transact_failingStatement_rollsBackEverythingAndNamesIt() throws SQLException {
    String t = table();
    ActorRef<Command> db = database(settings(""));
    TransactReply reply =
        ask(
            db,
            r ->
                new Transact(
                    List.of(
                        Statement.of("insert into " + t + " (id, v) values (?, ?)", 1, "a"),
                        Statement.of("insert into " + t + " (id, v) values (?, ?)", 1, "dup")),
                    r),
            TransactReply.class);
    assertThat(reply).isInstanceOf(Failed.class);
    assertThat(((Failed) reply).reason())
        .startsWith("statement 2 of 2 failed")
        .contains("rolled back");
    assertThat(((Failed) reply).sqlState()).isEqualTo("23505");
    assertThat(count(t)).isZero();
  }

  @Test
  void badInput_isRejectedAndTheComponentKeepsServing() throws SQLException {
    String t = table();
    ActorRef<Command> db = database(settings("bounded.database.max-transaction-statements = 2"));
    assertThat(query(db, "  ")).isEqualTo(new Rejected("sql must not be blank"));
    assertThat(update(db, "insert into " + t + " (id, v) values (?, ?)", 1, new Object()))
        .isInstanceOf(Rejected.class)
        .extracting(r -> ((Rejected) r).reason())
        .asString()
        .contains("parameter 2 has unsupported type java.lang.Object");
    Statement s = Statement.of("insert into " + t + " (id) values (?)", 1);
    assertThat(ask(db, r -> new Transact(List.of(), r), TransactReply.class))
        .isEqualTo(new Rejected("a transaction needs at least one statement"));
    assertThat(ask(db, r -> new Transact(List.of(s, s, s), r), TransactReply.class))
        .isInstanceOf(Rejected.class)
        .extracting(r -> ((Rejected) r).reason())
        .asString()
        .contains("bounded.database.max-transaction-statements (2)");
    assertThat(count(t)).isZero();
    assertThat(stats(db).rejections()).isEqualTo(4);
    assertThat(update(db, "insert into " + t + " (id, v) values (?, ?)", 1, "ok"))
        .isEqualTo(new Updated(1));
  }

  // ---- batched writes

  @Test
  void write_100ConcurrentSubmitters_fewBatchesEachAnsweredAfterCommit() throws Exception {
    String t = table();
    ActorRef<Command> db =
        database(settings("bounded.database { batch-size = 100, batch-delay = 200ms }"));
    List<TestProbe<WriteReply>> probes = insertConcurrently(db, t, 100);
    assertAnsweredAfterCommit(probes, t);
    ComponentStats s = stats(db);
    assertThat(s.gauge("writes-written")).isEqualTo(100);
    assertThat(s.gauge("batches")).isBetween(1L, 10L);
    assertThat(s.gauge("batch-size-max")).isGreaterThanOrEqualTo(10);
    assertThat(count(t)).isEqualTo(100);
  }

  @Test
  void write_noLinger_100ConcurrentSubmitters_formOneBatchWhileTheWriterIsBusy() throws Exception {
    String gate = table();
    String t = table();
    ActorRef<Command> db =
        database(settings("bounded.database { batch-size = 100, batch-delay = 0, writers = 1 }"));
    lockRow(gate);
    // the first write waits on the lock, holding the only writer (with no linger it left alone)
    TestProbe<WriteReply> first = testKit.createTestProbe(WriteReply.class);
    db.tell(new Write(Statement.of("update " + gate + " set v = 'w' where id = 1"), first.ref()));
    first.awaitAssert(WAIT, () -> assertThat(stats(db).gauge("pool-active")).isEqualTo(1));
    List<TestProbe<WriteReply>> probes = insertConcurrently(db, t, 99);
    // all 99 are out of the queue and held by the forming group while the writer is busy
    first.awaitAssert(
        WAIT,
        () -> {
          ComponentStats s = stats(db);
          assertThat(s.inserts()).isEqualTo(100);
          assertThat(s.size()).isZero();
          return assertThat(s.gauge("writes-in-batches")).isEqualTo(100);
        });
    assertThat(stats(db).gauge("batches")).isZero();
    for (TestProbe<WriteReply> p : probes) {
      p.expectNoMessage(Duration.ofMillis(1)); // nobody is answered before the commit
    }
    release();
    assertThat(first.receiveMessage(WAIT)).isEqualTo(new Written(1));
    assertAnsweredAfterCommit(probes, t);
    ComponentStats s = stats(db);
    assertThat(s.gauge("batches")).isEqualTo(2);
    assertThat(s.gauge("batch-size-max")).isEqualTo(99);
    assertThat(s.gauge("writes-written")).isEqualTo(100);
    assertThat(s.gauge("writes-in-batches")).isZero();
    assertThat(count(t)).isEqualTo(99);
  }

  @Test
  void write_noLinger_oneWriteAlone_isWrittenWithoutWaiting() throws Exception {
    String t = table();
    // nothing else arrives, so the group is this write alone: no linger waits for company
    ActorRef<Command> db = database(settings("bounded.database { batch-delay = 0 }"));
    TestProbe<WriteReply> probe = testKit.createTestProbe(WriteReply.class);
    db.tell(new Write(Statement.of("insert into " + t + " (id, v) values (1, 'x')"), probe.ref()));
    assertThat(probe.receiveMessage(WAIT)).isEqualTo(new Written(1));
    assertThat(stats(db).gauge("batch-size-max")).isEqualTo(1);
  }

  @Test
  void write_severalWriters_eachSubmitterKeepsItsOrder() throws Exception {
    String t = table();
    ActorRef<Command> db =
        database(
            settings(
                "bounded.database { batch-delay = 0, writers = 4, batch-size = 7,"
                    + " maximum-pool-size = 4 }"));
    String insert = "insert into " + t + " (id, v) values (?, ?)";
    String change = "update " + t + " set v = ? where id = ?";
    List<TestProbe<WriteReply>> submitters = new ArrayList<>();
    for (int s = 0; s < 16; s++) {
      submitters.add(testKit.createTestProbe(WriteReply.class));
    }
    // each submitter inserts its row, then changes it 20 times without waiting for answers
    for (int step = 0; step <= 20; step++) {
      for (int s = 0; s < 16; s++) {
        ActorRef<WriteReply> me = submitters.get(s).ref();
        Statement st =
            step == 0 ? Statement.of(insert, s, "v0") : Statement.of(change, "v" + step, s);
        db.tell(new Write(st, me));
      }
    }
    for (TestProbe<WriteReply> p : submitters) {
      assertThat(p.receiveSeveralMessages(21, WAIT)).containsOnly(new Written(1));
    }
    QueryReply rows = query(db, "select v from " + t);
    assertThat(((Rows) rows).rows()).hasSize(16).allMatch(r -> r.containsValue("v20"));
    assertThat(stats(db).gauge("writers")).isEqualTo(4);
  }

  @Test
  void write_badRowAmongGood_failsOnlyItsOwnSubmitter() throws Exception {
    String t = table();
    try (Connection c = database().connect()) {
      c.createStatement().execute("insert into " + t + " (id, v) values (50, 'already there')");
    }
    ActorRef<Command> db =
        database(settings("bounded.database { batch-size = 100, batch-delay = 200ms }"));
    List<TestProbe<WriteReply>> probes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      TestProbe<WriteReply> p = testKit.createTestProbe(WriteReply.class);
      probes.add(p);
      db.tell(
          new Write(Statement.of("insert into " + t + " (id, v) values (?, ?)", i, "w"), p.ref()));
    }
    for (int i = 0; i < 100; i++) {
      WriteReply reply = probes.get(i).receiveMessage(WAIT);
      if (i == 50) {
        assertThat(reply).isInstanceOf(Failed.class);
        assertThat(((Failed) reply).sqlState()).isEqualTo("23505");
      } else {
        assertThat(reply).as("write %d", i).isEqualTo(new Written(1));
      }
    }
    assertThat(count(t)).isEqualTo(100);
    ComponentStats s = stats(db);
    assertThat(s.gauge("batches-retried")).isGreaterThanOrEqualTo(1);
    assertThat(s.gauge("writes-failed")).isEqualTo(1);
    assertThat(s.gauge("failed")).isEqualTo(1);
  }

  @Test
  void write_oneSubmitterInsertThenUpdate_appliesInItsOrder() throws Exception {
    String t = table();
    ActorRef<Command> db =
        database(settings("bounded.database { batch-size = 100, batch-delay = 200ms }"));
    TestProbe<WriteReply> a = testKit.createTestProbe(WriteReply.class);
    TestProbe<WriteReply> b = testKit.createTestProbe(WriteReply.class);
    String insert = "insert into " + t + " (id, v) values (?, ?)";
    String change = "update " + t + " set v = ? where id = ?";
    // b's update comes first, so grouping by SQL alone would run every update before the inserts
    db.tell(new Write(Statement.of(change, "b", 99), b.ref()));
    for (int i = 1; i <= 5; i++) {
      db.tell(new Write(Statement.of(insert, 100 + i, "new"), a.ref()));
      db.tell(new Write(Statement.of(change, "changed", 100 + i), a.ref()));
    }
    assertThat(b.receiveMessage(WAIT)).isEqualTo(new Written(0));
    for (int i = 0; i < 10; i++) {
      assertThat(a.receiveMessage(WAIT)).isEqualTo(new Written(1));
    }
    QueryReply rows = query(db, "select v from " + t + " where id > 100");
    assertThat(((Rows) rows).rows()).hasSize(5).allMatch(r -> r.containsValue("changed"));
  }

  @Test
  void write_pendingQueueExactlyFull_acceptsThenRejectsTheNextNamingTheBound() throws Exception {
    String gate = table();
    String t = table();
    ActorRef<Command> db =
        database(
            settings(
                "bounded.database { max-pending = 2, batch-size = 1, maximum-pool-size = 2 }"));
    TestProbe<WriteReply> probe = testKit.createTestProbe(WriteReply.class);
    lockRow(gate);
    // the first write waits on the lock, holding the one-group-at-a-time writer
    db.tell(new Write(Statement.of("update " + gate + " set v = 'w' where id = 1"), probe.ref()));
    probe.awaitAssert(WAIT, () -> assertThat(stats(db).gauge("pool-active")).isEqualTo(1));
    String insert = "insert into " + t + " (id, v) values (?, ?)";
    // groupedWithin takes the next full group (one write) and holds the write after it, leaving
    // the queue itself empty
    db.tell(new Write(Statement.of(insert, 2, "w"), probe.ref()));
    db.tell(new Write(Statement.of(insert, 3, "w"), probe.ref()));
    probe.awaitAssert(WAIT, () -> assertThat(stats(db).size()).isZero());
    db.tell(new Write(Statement.of(insert, 4, "w"), probe.ref()));
    db.tell(new Write(Statement.of(insert, 5, "w"), probe.ref()));
    assertThat(stats(db).size()).isEqualTo(2);
    db.tell(new Write(Statement.of(insert, 6, "w"), probe.ref()));
    WriteReply rejected = probe.receiveMessage(WAIT);
    assertThat(rejected).isInstanceOf(Rejected.class);
    assertThat(((Rejected) rejected).reason()).contains("bounded.database.max-pending (2)");
    release();
    List<WriteReply> rest = probe.receiveSeveralMessages(5, WAIT);
    assertThat(rest).containsOnly(new Written(1));
    assertThat(count(t)).isEqualTo(4);
    assertThat(stats(db).rejections()).isEqualTo(1);
  }

  // ---- pool

  @Test
  void request_maxInFlightFull_isRejectedNamingTheBound() throws Exception {
    String gate = table();
    ActorRef<Command> db =
        database(
            settings(
                "bounded.database { max-in-flight = 1, maximum-pool-size = 1,"
                    + " dispatcher.thread-pool-executor.fixed-pool-size = 1 }"));
    lockRow(gate);
    TestProbe<UpdateReply> probe = testKit.createTestProbe(UpdateReply.class);
    Statement blocked = Statement.of("update " + gate + " set v = 'u' where id = 1");
    db.tell(new Update(blocked, probe.ref()));
    probe.awaitAssert(WAIT, () -> assertThat(stats(db).gauge("pool-active")).isEqualTo(1));
    db.tell(new Update(Statement.of("select 1"), probe.ref())); // waits: exactly full
    db.tell(new Update(Statement.of("select 1"), probe.ref())); // full + 1
    UpdateReply rejected = probe.receiveMessage(WAIT);
    assertThat(rejected).isInstanceOf(Rejected.class);
    assertThat(((Rejected) rejected).reason()).contains("bounded.database.max-in-flight (1)");
    release();
    assertThat(probe.receiveMessage(WAIT)).isEqualTo(new Updated(1));
    probe.receiveMessage(WAIT); // the waiting one ran (its answer depends on the driver)
  }

  @Test
  void request_poolExhausted_failsAfterConnectionTimeoutNamingTheBounds() throws Exception {
    String gate = table();
    ActorRef<Command> db =
        database(
            settings(
                "bounded.database { maximum-pool-size = 1, connection-timeout = 250ms,"
                    + " dispatcher.thread-pool-executor.fixed-pool-size = 2 }"));
    lockRow(gate);
    TestProbe<UpdateReply> holder = testKit.createTestProbe(UpdateReply.class);
    db.tell(new Update(Statement.of("update " + gate + " set v = 'u' where id = 1"), holder.ref()));
    holder.awaitAssert(WAIT, () -> assertThat(stats(db).gauge("pool-active")).isEqualTo(1));
    QueryReply starved = query(db, "select 1");
    assertThat(starved).isInstanceOf(Failed.class);
    assertThat(((Failed) starved).reason())
        .contains("connection pool exhausted")
        .contains("250ms (bounded.database.connection-timeout)")
        .contains("all 1 connections (bounded.database.maximum-pool-size)");
    assertThat(stats(db).gauge("connection-timeouts")).isEqualTo(1);
    release();
    assertThat(holder.receiveMessage(WAIT)).isEqualTo(new Updated(1));
    assertThat(query(db, "select 1")).isInstanceOf(Rows.class);
  }

  @Test
  void update_pastQueryTimeout_isCancelledNamingTheBound_andTheNextRuns() throws Exception {
    String gate = table();
    ActorRef<Command> db = database(settings("bounded.database.query-timeout = 1s"));
    slowRow(gate);
    UpdateReply reply = update(db, database().slowUpdate(gate));
    assertThat(reply).isInstanceOf(Failed.class);
    assertThat(((Failed) reply).reason())
        .contains("longer than 1s (bounded.database.query-timeout)");
    assertThat(stats(db).gauge("requests-failed")).isEqualTo(1);
    release();
    assertThat(update(db, "update " + gate + " set v = 'u' where id = 1"))
        .isEqualTo(new Updated(1));
  }

  @Test
  void write_batchPastQueryTimeout_failsItsGroupNamingTheBound_andTheNextIsWritten()
      throws Exception {
    String gate = table();
    String t = table();
    ActorRef<Command> db =
        database(settings("bounded.database { query-timeout = 1s, batch-delay = 0 }"));
    slowRow(gate);
    TestProbe<WriteReply> probe = testKit.createTestProbe(WriteReply.class);
    db.tell(new Write(Statement.of(database().slowUpdate(gate)), probe.ref()));
    WriteReply reply = probe.receiveMessage(WAIT);
    assertThat(reply).isInstanceOf(Failed.class);
    assertThat(((Failed) reply).reason())
        .contains("longer than 1s (bounded.database.query-timeout)");
    ComponentStats s = stats(db);
    assertThat(s.gauge("writes-failed")).isEqualTo(1);
    assertThat(s.gauge("batches-retried")).isZero(); // not retried one by one
    release();
    db.tell(new Write(Statement.of("insert into " + t + " (id, v) values (1, 'x')"), probe.ref()));
    assertThat(probe.receiveMessage(WAIT)).isEqualTo(new Written(1));
  }

  @Test
  void pool_thousandsOfOperations_reuseAtMostPoolSizeConnections() throws Exception {
    String t = table();
    ActorRef<Command> db =
        database(settings("bounded.database { max-pending = 10000, max-in-flight = 10000 }"));
    TestProbe<Reply> probe = testKit.createTestProbe(Reply.class);
    int n = 3000;
    for (int i = 0; i < n; i++) {
      switch (i % 3) {
        case 0 ->
            db.tell(
                new Write(
                    Statement.of("insert into " + t + " (id, v) values (?, ?)", i, "x"),
                    probe.ref().narrow()));
        case 1 ->
            db.tell(new Query(Statement.of("select count(*) from " + t), probe.ref().narrow()));
        default ->
            db.tell(
                new Update(
                    Statement.of("update " + t + " set v = ? where id = ?", "y", i - 2),
                    probe.ref().narrow()));
      }
    }
    List<Reply> replies = probe.receiveSeveralMessages(n, Duration.ofSeconds(60));
    assertThat(replies)
        .filteredOn(r -> r instanceof Failed || r instanceof Rejected)
        .as("failed or rejected")
        .isEmpty();
    ComponentStats s = stats(db);
    assertThat(s.gauge("connections-created")).isBetween(1L, 4L);
    assertThat(s.gauge("pool-total")).isLessThanOrEqualTo(4);
    assertThat(s.gauge("queries") + s.gauge("updates") + s.gauge("writes-written")).isEqualTo(n);
    assertThat(s.name()).isEqualTo("database");
    assertThat(s.capacity()).isEqualTo(10000);
  }
}
