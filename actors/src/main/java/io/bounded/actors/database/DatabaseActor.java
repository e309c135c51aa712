package io.bounded.actors.database;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.Command;
import io.bounded.protocols.database.DatabaseProtocol.GetStats;
import io.bounded.protocols.database.DatabaseProtocol.Query;
import io.bounded.protocols.database.DatabaseProtocol.Rejected;
import io.bounded.protocols.database.DatabaseProtocol.Transact;
import io.bounded.protocols.database.DatabaseProtocol.Update;
import io.bounded.protocols.database.DatabaseProtocol.Write;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SubSource;

/**
 * The database: a HikariCP pool, queries, updates and transactions, and batched writes.
 *
 * <p><b>State.</b> No rows: the actor validates, counts, and hands work to two streams it
 * materialises. <i>Requests</i> (queries, updates, transactions) wait in a {@code Source.queue} of
 * {@code max-in-flight} and run {@code dispatcher.thread-pool-executor.fixed-pool-size} at a time
 * on the database dispatcher. <i>Writes</i> wait in a {@code Source.queue} of {@code max-pending},
 * are split by submitter into {@code writers} lanes, grouped per lane (up to {@code batch-size}:
 * whatever arrived while the lane's writer was busy, or {@code groupedWithin(batch-size,
 * batch-delay)} when a linger is configured), and each group is written by {@link WriteBatcher} as
 * one JDBC batch per SQL text in one transaction, one group per lane at a time (so writes are
 * applied in the order they were accepted, per submitter, see {@link WritePlan}).
 *
 * <p><b>Bounds.</b> A full queue answers {@link Rejected} at once ({@code offer} is synchronous);
 * nothing is dropped silently. Up to {@code max-in-flight} requests and {@code max-pending} writes
 * wait; per writer, a forming group and a group being written, and the running requests, are held
 * besides. Queries return at most {@code max-rows} rows.
 *
 * <p><b>Blocking.</b> Every JDBC call, the pool's opening included, runs on {@code
 * bounded.database.dispatcher}; the blocking task answers its requester itself. Counters the tasks
 * update are thread-safe ({@link DatabaseMetrics}); pool readings for stats never block.
 *
 * <p><b>Failure.</b> A database that is down makes requests fail after {@code connection-timeout}
 * with the reason; HikariCP reconnects when it is back. No tick: HikariCP's housekeeper retires
 * idle and old connections. On stop (or restart) both queues are completed, and the pool is closed
 * once the streams have finished, off the actor thread.
 */
public final class DatabaseActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "database";

  private final DatabaseSettings settings;
  private final DatabaseMetrics metrics;
  private final JdbcPool pool;
  private long writesAccepted;
  private final ComponentCounters counters;
  private final BoundedSourceQueue<Runnable> requests;
  private final BoundedSourceQueue<PendingWrite> writes;
  private final CompletableFuture<Object> streamsDone;
  private final JdbcWork work;
  private final AtomicInteger requestsInFlight = new AtomicInteger();

  /**
   * @param settings the pool and the bounds
   * @param clock the clock of the drop ledger
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      DatabaseSettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(ctx -> new DatabaseActor(ctx, settings, clock, mailboxOverflows));
  }

  /** A database with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(DatabaseSettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  private DatabaseActor(
      ActorContext<Command> context,
      DatabaseSettings settings,
      Clock clock,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.metrics = new DatabaseMetrics(settings.batchSize());
    this.pool = new JdbcPool(settings, metrics);
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    Executor jdbc =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig(DatabaseSettings.DISPATCHER_PATH));
    Materializer mat = Materializer.matFromSystem(context.getSystem());
    JdbcWork work = new JdbcWork(settings, pool, metrics);
    WriteBatcher batcher = new WriteBatcher(settings, pool, metrics);

    // Source.queue is a bounded buffer whose offer answers Dropped when full: the actor turns that
    // into a Rejected reply, so nothing waits unbounded and nothing is lost silently.
    Pair<BoundedSourceQueue<Runnable>, CompletionStage<Done>> r =
        Source.<Runnable>queue(settings.maxInFlight())
            .mapAsyncUnordered(
                settings.dispatcherThreads(),
                job ->
                    CompletableFuture.runAsync(job, jdbc)
                        .handle((ok, error) -> requestsInFlight.decrementAndGet()))
            .toMat(Sink.ignore(), Keep.both())
            .run(mat);
    // Same overflow rule for writes. A submitter's writes always take the same lane, and each lane
    // writes one group at a time (mapAsync(1)), which keeps every submitter's order across groups.
    int writers = settings.writers();
    SubSource<PendingWrite, BoundedSourceQueue<PendingWrite>> lanes =
        Source.<PendingWrite>queue(settings.maxPending())
            .groupBy(writers, write -> Math.floorMod(write.submitter().hashCode(), writers));
    Pair<BoundedSourceQueue<PendingWrite>, CompletionStage<Done>> w =
        groups(lanes, settings)
            .mapAsync(1, group -> CompletableFuture.supplyAsync(() -> batcher.write(group), jdbc))
            // answered from the stream, after the commit, while the writer starts the next group
            .map(
                answers -> {
                  answers.send();
                  return answers.size();
                })
            .mergeSubstreams()
            .toMat(Sink.ignore(), Keep.both())
            .run(mat);
    this.requests = r.first();
    this.writes = w.first();
    this.streamsDone =
        CompletableFuture.allOf(r.second().toCompletableFuture(), w.second().toCompletableFuture())
            .handle((ok, error) -> null);
    this.work = work;
    context
        .getLog()
        .debug(
            "database started: url {}, maximum-pool-size {}, max-pending {}, batch-size {}",
            settings.redactedUrl(),
            settings.maximumPoolSize(),
            settings.maxPending(),
            settings.batchSize());
  }

  /**
   * A lane's groups: with no linger, whatever arrived while the lane's writer was busy, up to
   * batch-size, leaves as soon as the writer is free ({@code batch}); with a linger, {@code
   * groupedWithin(batch-size, batch-delay)}. Either holds at most batch-size writes.
   */
  private static SubSource<List<PendingWrite>, BoundedSourceQueue<PendingWrite>> groups(
      SubSource<PendingWrite, BoundedSourceQueue<PendingWrite>> lane, DatabaseSettings settings) {
    if (settings.batchDelay().isZero()) {
      return lane.batch(
          settings.batchSize(),
          first -> {
            List<PendingWrite> group = new ArrayList<>(Math.min(settings.batchSize(), 64));
            group.add(first);
            return group;
          },
          (group, next) -> {
            group.add(next);
            return group;
          });
    }
    return lane.groupedWithin(settings.batchSize(), settings.batchDelay());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Query.class, this::onQuery)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Transact.class, this::onTransact)
        .onMessage(Write.class, this::onWrite)
        .onMessage(GetStats.class, this::onGetStats)
        .onSignal(PreRestart.class, signal -> onStop())
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private Behavior<Command> onQuery(Query query) {
    String problem = DatabaseRequests.statementProblem(query.statement());
    if (problem != null) {
      return reject(query.replyTo(), problem);
    }
    return submit(() -> work.query(query), query.replyTo());
  }

  private Behavior<Command> onUpdate(Update update) {
    String problem = DatabaseRequests.statementProblem(update.statement());
    if (problem != null) {
      return reject(update.replyTo(), problem);
    }
    return submit(() -> work.update(update), update.replyTo());
  }

  private Behavior<Command> onTransact(Transact transact) {
    String problem = DatabaseRequests.transactionProblem(settings, transact.statements());
    if (problem != null) {
      return reject(transact.replyTo(), problem);
    }
    return submit(() -> work.transact(transact), transact.replyTo());
  }

  private Behavior<Command> submit(Runnable job, ActorRef<? super Rejected> replyTo) {
    requestsInFlight.incrementAndGet();
    QueueOfferResult result = requests.offer(job);
    if (result == QueueOfferResult.enqueued()) {
      counters.inserted();
      return this;
    }
    requestsInFlight.decrementAndGet();
    return reject(
        replyTo,
        result == QueueOfferResult.dropped()
            ? "too many requests: bounded.database.max-in-flight ("
                + settings.maxInFlight()
                + ") queries, updates and transactions are already waiting for a connection;"
                + " retry later"
            : "the database component is stopping");
  }

  private Behavior<Command> onWrite(Write write) {
    String problem = DatabaseRequests.statementProblem(write.statement());
    if (problem != null) {
      return reject(write.replyTo(), problem);
    }
    QueueOfferResult result = writes.offer(PendingWrite.of(write.statement(), write.replyTo()));
    if (result == QueueOfferResult.enqueued()) {
      counters.inserted();
      writesAccepted++;
      return this;
    }
    return reject(
        write.replyTo(),
        result == QueueOfferResult.dropped()
            ? "the write queue is full: bounded.database.max-pending ("
                + settings.maxPending()
                + ") writes are already waiting to be batched; retry later"
            : "the database component is stopping");
  }

  private Behavior<Command> onGetStats(GetStats get) {
    JdbcPool.Reading pr = pool.reading();
    Map<String, Long> g = new LinkedHashMap<>();
    g.put("pool-active", (long) pr.active());
    g.put("pool-idle", (long) pr.idle());
    g.put("pool-pending", (long) pr.pending());
    g.put("pool-total", (long) pr.total());
    g.put("maximum-pool-size", (long) settings.maximumPoolSize());
    g.put("dispatcher-threads", (long) settings.dispatcherThreads());
    g.put("writers", (long) settings.writers());
    g.put("connections-created", metrics.connectionsCreated.sum());
    g.put("connection-timeouts", metrics.connectionTimeouts.sum());
    g.put("acquire-wait-p99-micros", metrics.acquireWaitMicros.getValueAtPercentile(99));
    g.put("acquire-wait-max-micros", metrics.acquireWaitMicros.getMaxValue());
    g.put("batches", metrics.batches.sum());
    g.put("batches-retried", metrics.batchesRetried.sum());
    g.put("batch-size-p50", metrics.batchSizes.getValueAtPercentile(50));
    g.put("batch-size-p99", metrics.batchSizes.getValueAtPercentile(99));
    g.put("batch-size-max", metrics.batchSizes.getMaxValue());
    g.put("batch-write-p50-micros", metrics.batchMicros.getValueAtPercentile(50));
    g.put("batch-write-p99-micros", metrics.batchMicros.getValueAtPercentile(99));
    long written = metrics.writesWritten.sum();
    long writeFailures = metrics.writesFailed.sum();
    g.put("writes-written", written);
    g.put("writes-failed", writeFailures);
    // Accepted writes past the offer queue: forming a group or in a group being written (at most
    // 2 x batch-size per writer); counted so that every accepted write is visible somewhere.
    g.put(
        "writes-in-batches", Math.max(0, writesAccepted - written - writeFailures - writes.size()));
    g.put("queries", metrics.queries.sum());
    g.put("updates", metrics.updates.sum());
    g.put("transactions", metrics.transactions.sum());
    g.put("requests-failed", metrics.requestsFailed.sum());
    g.put("failed", metrics.writesFailed.sum() + metrics.requestsFailed.sum());
    g.put("requests-in-flight", (long) requestsInFlight.get());
    g.put("max-in-flight", (long) settings.maxInFlight());
    g.put("mailbox-capacity", (long) settings.mailboxCapacity());
    get.replyTo().tell(counters.snapshot(writes.size(), settings.maxPending(), g));
    return this;
  }

  private Behavior<Command> onStop() {
    // Queued work still runs and is answered; the pool closes once both streams have finished.
    requests.complete();
    writes.complete();
    JdbcPool closing = pool;
    streamsDone.whenComplete(
        (ok, error) -> {
          Thread t = new Thread(closing::close, "bounded-database-close");
          t.setDaemon(false);
          t.start();
        });
    return this;
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    if (replyTo != null) {
      replyTo.tell(new Rejected(reason));
    }
    return this;
  }
}
