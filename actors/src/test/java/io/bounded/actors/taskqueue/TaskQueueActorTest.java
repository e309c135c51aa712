package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.TaskQueueSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.taskqueue.TaskHandler;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskQueueActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "TaskQueueActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Backoff NO_JITTER_1S =
      new Backoff(BackoffType.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(1), 0);

  private final TestClock clock = new TestClock();
  private TestProbe<Reply> replies;
  private TestProbe<ComponentStats> stats;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void probes() {
    replies = testKit.createTestProbe(Reply.class);
    stats = testKit.createTestProbe(ComponentStats.class);
  }

  static TaskQueueSettings settings(String hocon) {
    return TaskQueueSettings.fromConfig(
        ConfigFactory.parseString("bounded.task-queue {" + hocon + "}")
            .withFallback(ConfigFactory.defaultReference()));
  }

  private ActorRef<Command> queue(String hocon) {
    return testKit.spawn(TaskQueueActor.create(settings(hocon), clock, new LongAdder(), () -> 0.5));
  }

  /** Moves the clock and the timers together. */
  private void pass(Duration d) {
    clock.advance(d);
    manualTime.timePasses(d);
  }

  private String enqueue(ActorRef<Command> q, TaskSpec spec) {
    q.tell(new Enqueue(spec, replies.ref().narrow()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(Enqueued.class);
    return ((Enqueued) r).id();
  }

  private Reply ask(ActorRef<Command> q, java.util.function.Function<ActorRef<Reply>, Command> m) {
    q.tell(m.apply(replies.ref()));
    return replies.receiveMessage(WAIT);
  }

  @SuppressWarnings("unchecked")
  private <T extends Reply> ActorRef<T> ref() {
    return (ActorRef<T>) (ActorRef<?>) replies.ref();
  }

  private List<Task> lease(ActorRef<Command> q, String type, int max) {
    q.tell(new Lease(type, max, Duration.ofSeconds(30), ref()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(Leased.class);
    return ((Leased) r).tasks();
  }

  private Reply settle(ActorRef<Command> q, Command c) {
    q.tell(c);
    return replies.receiveMessage(WAIT);
  }

  private TaskInfo info(ActorRef<Command> q, String id) {
    q.tell(new GetTask(id, ref()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(TaskInfo.class);
    return (TaskInfo) r;
  }

  private ComponentStats stats(ActorRef<Command> q) {
    q.tell(new GetStats(stats.ref()));
    return stats.receiveMessage(WAIT);
  }

  // ---- order

  @Test
  void lease_mixedPriorities_highestFirstThenFifo() {
    ActorRef<Command> q = queue("");
    String low1 = enqueue(q, TaskSpec.of("email", "1"));
    String high1 = enqueue(q, TaskSpec.of("email", "2").withPriority(10));
    String low2 = enqueue(q, TaskSpec.of("email", "3"));
    String high2 = enqueue(q, TaskSpec.of("email", "4").withPriority(10));
    assertThat(lease(q, "email", 10))
        .extracting(Task::id)
        .containsExactly(high1, high2, low1, low2);
    assertThat(lease(q, "email", 10)).isEmpty();
  }

  @Test
  void lease_max_takesAtMostMaxAndOnlyThatType() {
    ActorRef<Command> q = queue("");
    enqueue(q, TaskSpec.of("a", "1"));
    enqueue(q, TaskSpec.of("a", "2"));
    enqueue(q, TaskSpec.of("b", "3"));
    List<Task> got = lease(q, "a", 1);
    assertThat(got).singleElement().satisfies(t -> assertThat(t.payload()).isEqualTo("1"));
    assertThat(got.get(0).attempt()).isEqualTo(1);
    assertThat(got.get(0).leaseExpiresAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(info(q, got.get(0).id()).state()).isEqualTo(TaskState.RUNNING);
  }

  // ---- delays

  @Test
  void enqueue_withDelay_becomesLeasableOnlyWhenDue() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withDelay(Duration.ofMinutes(5)));
    assertThat(info(q, id).state()).isEqualTo(TaskState.DELAYED);
    pass(Duration.ofMinutes(5).minusMillis(1));
    assertThat(lease(q, "t", 1)).isEmpty();
    pass(Duration.ofMillis(1));
    assertThat(info(q, id).state()).isEqualTo(TaskState.PENDING);
    assertThat(lease(q, "t", 1)).extracting(Task::id).containsExactly(id);
  }

  @Test
  void enqueue_runAtInPast_isDueNow() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withRunAt(clock.instant().minusSeconds(60)));
    assertThat(lease(q, "t", 1)).extracting(Task::id).containsExactly(id);
  }

  // ---- retries, dead letters

  @Test
  void fail_exponentialBackoff_retriesAfterBaseThenTwiceBase() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withMaxAttempts(3).withBackoff(NO_JITTER_1S));
    Task first = lease(q, "t", 1).get(0);
    Reply failed = settle(q, new Fail(id, first.lease(), "boom", true, ref()));
    assertThat(failed)
        .isEqualTo(new FailRecorded(id, TaskState.DELAYED, clock.instant().plusSeconds(1)));
    pass(Duration.ofMillis(999));
    assertThat(lease(q, "t", 1)).isEmpty();
    pass(Duration.ofMillis(1));
    Task second = lease(q, "t", 1).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.lease()).isNotEqualTo(first.lease());
    settle(q, new Fail(id, second.lease(), "boom again", true, ref()));
    pass(Duration.ofMillis(1999));
    assertThat(lease(q, "t", 1)).isEmpty();
    pass(Duration.ofMillis(1));
    assertThat(lease(q, "t", 1)).extracting(Task::attempt).containsExactly(3);
  }

  @Test
  void fail_lastAttempt_movesToDeadWithLastErrorAndRetryRequeues() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withMaxAttempts(1));
    Task t = lease(q, "t", 1).get(0);
    assertThat(settle(q, new Fail(id, t.lease(), "disk full", true, ref())))
        .isEqualTo(new FailRecorded(id, TaskState.DEAD, null));
    TaskInfo dead = info(q, id);
    assertThat(dead.state()).isEqualTo(TaskState.DEAD);
    assertThat(dead.lastError()).isEqualTo("disk full");
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.finishedAt()).isEqualTo(clock.instant());
    q.tell(new ListTasks(TaskState.DEAD, 10, ref()));
    assertThat(((TaskList) replies.receiveMessage(WAIT)).tasks())
        .extracting(TaskInfo::id)
        .containsExactly(id);
    ComponentStats s = stats(q);
    assertThat(s.gauge("dead")).isEqualTo(1);
    assertThat(s.gauge("dead-total")).isEqualTo(1);
    assertThat(s.size()).isZero();

    assertThat(settle(q, new Retry(id, ref()))).isEqualTo(new Requeued(id));
    assertThat(info(q, id).state()).isEqualTo(TaskState.PENDING);
    assertThat(lease(q, "t", 1)).extracting(Task::attempt).containsExactly(1);
    assertThat(settle(q, new Retry(id, ref()))).isInstanceOf(Conflict.class);
  }

  @Test
  void fail_withoutRetry_finishesAsFailed() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withMaxAttempts(5));
    Task t = lease(q, "t", 1).get(0);
    assertThat(settle(q, new Fail(id, t.lease(), "bad input", false, ref())))
        .isEqualTo(new FailRecorded(id, TaskState.FAILED, null));
    assertThat(stats(q).gauge("failed")).isEqualTo(1);
  }

  // ---- leases

  @Test
  void lease_expiresWithoutAck_stalledAttemptRetriedAndOldLeaseRefused() {
    ActorRef<Command> q = queue("");
    String id =
        enqueue(
            q,
            TaskSpec.of("t", "x")
                .withMaxAttempts(2)
                .withBackoff(
                    new Backoff(BackoffType.FIXED, Duration.ofMillis(1), Duration.ofMillis(1), 0)));
    Task crashed = lease(q, "t", 1).get(0);
    pass(Duration.ofSeconds(30));
    TaskInfo after = info(q, id);
    assertThat(after.state()).isEqualTo(TaskState.DELAYED);
    assertThat(after.lastError()).contains("stalled");
    assertThat(stats(q).gauge("stalled-total")).isEqualTo(1);
    pass(Duration.ofMillis(1));
    Task again = lease(q, "t", 1).get(0);
    assertThat(again.attempt()).isEqualTo(2);

    Reply refused = settle(q, new Ack(id, crashed.lease(), ref()));
    assertThat(refused).isInstanceOf(Conflict.class);
    assertThat(((Conflict) refused).reason()).contains("leased again");
    assertThat(settle(q, new Ack(id, again.lease(), ref()))).isEqualTo(new Acked(id));
    assertThat(info(q, id).state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void lease_expiresOnLastAttempt_taskIsDeadNotLost() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x").withMaxAttempts(1));
    lease(q, "t", 1);
    pass(Duration.ofSeconds(30));
    TaskInfo dead = info(q, id);
    assertThat(dead.state()).isEqualTo(TaskState.DEAD);
    assertThat(dead.lastError()).contains("stalled");
  }

  @Test
  void extend_beforeExpiry_pushesDeadline() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x"));
    Task t = lease(q, "t", 1).get(0);
    pass(Duration.ofSeconds(20));
    assertThat(settle(q, new Extend(id, t.lease(), Duration.ofSeconds(30), ref())))
        .isEqualTo(new Extended(id, clock.instant().plusSeconds(30)));
    pass(Duration.ofSeconds(20));
    assertThat(info(q, id).state()).isEqualTo(TaskState.RUNNING);
    pass(Duration.ofSeconds(10));
    assertThat(info(q, id).state()).isEqualTo(TaskState.DELAYED);
  }

  @Test
  void ack_unknownIdOrWrongLease_refusedAndNothingChanges() {
    ActorRef<Command> q = queue("");
    String id = enqueue(q, TaskSpec.of("t", "x"));
    assertThat(settle(q, new Ack("nope", "1", ref()))).isEqualTo(new UnknownTask("nope"));
    assertThat(settle(q, new Ack(id, "1", ref()))).isInstanceOf(Conflict.class);
    Task t = lease(q, "t", 1).get(0);
    assertThat(settle(q, new Ack(id, t.lease() + "x", ref()))).isInstanceOf(Conflict.class);
    assertThat(settle(q, new Ack(id, t.lease(), ref()))).isEqualTo(new Acked(id));
    assertThat(settle(q, new Ack(id, t.lease(), ref())))
        .isInstanceOf(Conflict.class)
        .extracting(r -> ((Conflict) r).state())
        .isEqualTo(TaskState.SUCCEEDED);
  }

  // ---- idempotency

  @Test
  void enqueue_sameIdempotencyKey_answersFirstIdWithoutDuplicate() {
    ActorRef<Command> q = queue("");
    String first = enqueue(q, TaskSpec.of("t", "x").withIdempotencyKey("order-42"));
    q.tell(new Enqueue(TaskSpec.of("t", "y").withIdempotencyKey("order-42"), ref()));
    assertThat(replies.receiveMessage(WAIT)).isEqualTo(new Enqueued(first, true));
    assertThat(stats(q).size()).isEqualTo(1);
    Task t = lease(q, "t", 5).get(0);
    settle(q, new Ack(first, t.lease(), ref()));
    // still known while retained as finished
    q.tell(new Enqueue(TaskSpec.of("t", "z").withIdempotencyKey("order-42"), ref()));
    assertThat(replies.receiveMessage(WAIT)).isEqualTo(new Enqueued(first, true));
  }

  @Test
  void enqueue_keyOfTaskDroppedByRetention_isNewTask() {
    ActorRef<Command> q = queue("completed-retention = 1h, cleanup-interval = 1h");
    String first = enqueue(q, TaskSpec.of("t", "x").withIdempotencyKey("k"));
    settle(q, new Ack(first, lease(q, "t", 1).get(0).lease(), ref()));
    pass(Duration.ofHours(1));
    String second = enqueue(q, TaskSpec.of("t", "x").withIdempotencyKey("k"));
    assertThat(second).isNotEqualTo(first);
  }

  // ---- bounds

  @Test
  void enqueue_capacityOne_secondIsQueueFullAndFirstKept() {
    ActorRef<Command> q = queue("max-tasks = 1");
    String first = enqueue(q, TaskSpec.of("t", "x"));
    q.tell(new Enqueue(TaskSpec.of("t", "y"), ref()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(QueueFull.class);
    assertThat(((QueueFull) r).reason()).contains("max-tasks");
    assertThat(info(q, first).state()).isEqualTo(TaskState.PENDING);
    ComponentStats s = stats(q);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.rejections()).isEqualTo(1);
    assertThat(s.evictions()).isZero();
  }

  @Test
  void enqueue_exactlyFullThenOneMore_rejectsOnlyTheExtraAndAcceptsAfterAck() {
    ActorRef<Command> q = queue("max-tasks = 3");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(enqueue(q, TaskSpec.of("t", "x" + i)));
    }
    assertThat(stats(q).size()).isEqualTo(3);
    q.tell(new Enqueue(TaskSpec.of("t", "extra"), ref()));
    assertThat(replies.receiveMessage(WAIT)).isInstanceOf(QueueFull.class);
    Task t = lease(q, "t", 1).get(0);
    settle(q, new Ack(t.id(), t.lease(), ref()));
    enqueue(q, TaskSpec.of("t", "now fits"));
    assertThat(stats(q).size()).isEqualTo(3);
  }

  @Test
  void retry_whenFull_isConflictAndDeadTaskKept() {
    ActorRef<Command> q = queue("max-tasks = 1");
    String id = enqueue(q, TaskSpec.of("t", "x").withMaxAttempts(1));
    settle(q, new Fail(id, lease(q, "t", 1).get(0).lease(), "e", true, ref()));
    enqueue(q, TaskSpec.of("t", "fills"));
    assertThat(settle(q, new Retry(id, ref()))).isInstanceOf(Conflict.class);
    assertThat(info(q, id).state()).isEqualTo(TaskState.DEAD);
  }

  @Test
  void enqueue_payloadBytesPastMaxBytes_isQueueFullWhileLiveAndShedsFinished() {
    // 2 bytes per character: 4 MiB holds two 1 MiB-character payloads
    ActorRef<Command> q = queue("max-bytes = 4 MiB, max-payload-bytes = 2 MiB");
    String big = "x".repeat(1 << 20);
    String a = enqueue(q, TaskSpec.of("t", big));
    String b = enqueue(q, TaskSpec.of("t", big));
    q.tell(new Enqueue(TaskSpec.of("t", "y"), ref()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(QueueFull.class);
    assertThat(((QueueFull) r).reason()).contains("max-bytes");
    for (Task t : lease(q, "t", 2)) {
      settle(q, new Ack(t.id(), t.lease(), ref()));
    }
    // finished payloads give way to a new live task
    enqueue(q, TaskSpec.of("t", "y"));
    assertThat(settle(q, new GetTask(a, ref()))).isEqualTo(new UnknownTask(a));
    assertThat(info(q, b).state()).isEqualTo(TaskState.SUCCEEDED);
    ComponentStats s = stats(q);
    assertThat(s.byCause(DropCause.BYTES)).isEqualTo(1);
    assertThat(s.gauge("bytes")).isLessThanOrEqualTo(4L << 20);
  }

  @Test
  void enqueue_newTypePastMaxTypes_isQueueFull() {
    ActorRef<Command> q = queue("max-types = 1");
    enqueue(q, TaskSpec.of("a", "x"));
    q.tell(new Enqueue(TaskSpec.of("b", "x"), ref()));
    Reply r = replies.receiveMessage(WAIT);
    assertThat(r).isInstanceOf(QueueFull.class);
    assertThat(((QueueFull) r).reason()).contains("max-types");
  }

  @Test
  void finish_pastMaxFinished_dropsLongestFinishedCountedAsEviction() {
    ActorRef<Command> q = queue("max-finished = 1");
    String a = enqueue(q, TaskSpec.of("t", "a"));
    String b = enqueue(q, TaskSpec.of("t", "b"));
    for (Task t : lease(q, "t", 2)) {
      settle(q, new Ack(t.id(), t.lease(), ref()));
    }
    assertThat(settle(q, new GetTask(a, ref()))).isEqualTo(new UnknownTask(a));
    assertThat(info(q, b).state()).isEqualTo(TaskState.SUCCEEDED);
    ComponentStats s = stats(q);
    assertThat(s.evictions()).isEqualTo(1);
    assertThat(s.byCause(DropCause.SIZE)).isEqualTo(1);
  }

  @Test
  void cleanupTick_pastRetention_dropsFinishedKeepsLive() {
    ActorRef<Command> q = queue("completed-retention = 2h, cleanup-interval = 30m");
    String done = enqueue(q, TaskSpec.of("t", "a"));
    settle(q, new Ack(done, lease(q, "t", 1).get(0).lease(), ref()));
    String waiting = enqueue(q, TaskSpec.of("u", "b"));
    pass(Duration.ofMinutes(90));
    assertThat(info(q, done).state()).isEqualTo(TaskState.SUCCEEDED);
    pass(Duration.ofMinutes(30));
    assertThat(settle(q, new GetTask(done, ref()))).isEqualTo(new UnknownTask(done));
    assertThat(info(q, waiting).state()).isEqualTo(TaskState.PENDING);
    ComponentStats s = stats(q);
    assertThat(s.expirations()).isEqualTo(1);
    assertThat(s.cleanupRuns()).isEqualTo(4);
  }

  // ---- bad input

  @Test
  void badInput_eachRule_rejectedAndNothingChanges() {
    ActorRef<Command> q = queue("max-key-length = 8, max-payload-bytes = 4, max-batch = 5");
    List<Command> bad =
        List.of(
            new Enqueue(TaskSpec.of("", "x"), ref()),
            new Enqueue(TaskSpec.of("waytoolongtype", "x"), ref()),
            new Enqueue(TaskSpec.of("t", "12345"), ref()),
            new Enqueue(TaskSpec.of("t", "é€"), ref()),
            new Enqueue(TaskSpec.of("t", "x").withDelay(Duration.ofSeconds(-1)), ref()),
            new Enqueue(TaskSpec.of("t", "x").withDelay(Duration.ofDays(31)), ref()),
            new Enqueue(
                TaskSpec.of("t", "x").withDelay(Duration.ofSeconds(1)).withRunAt(Instant.EPOCH),
                ref()),
            new Enqueue(TaskSpec.of("t", "x").withMaxAttempts(0), ref()),
            new Enqueue(TaskSpec.of("t", "x").withTimeout(Duration.ZERO), ref()),
            new Enqueue(TaskSpec.of("t", "x").withIdempotencyKey(""), ref()),
            new Enqueue(
                TaskSpec.of("t", "x")
                    .withBackoff(
                        new Backoff(
                            BackoffType.FIXED, Duration.ofSeconds(2), Duration.ofSeconds(1), 0)),
                ref()),
            new Lease("t", 0, null, ref()),
            new Lease("t", 6, null, ref()),
            new Lease("t", 1, Duration.ofSeconds(-5), ref()),
            new Lease("t", 1, Duration.ofHours(2), ref()),
            new ListTasks(TaskState.DEAD, 0, ref()),
            new RegisterHandler("t", 0, task -> null, ref()));
    for (Command c : bad) {
      q.tell(c);
      assertThat(replies.receiveMessage(WAIT)).as(c.toString()).isInstanceOf(Rejected.class);
    }
    ComponentStats s = stats(q);
    assertThat(s.size()).isZero();
    assertThat(s.rejections()).isEqualTo(bad.size());
    assertThat(s.gauge("types")).isZero();
  }

  // ---- in-process handlers

  @Test
  void handler_concurrencyTwo_neverMoreThanTwoRunsAtOnceAndAllSucceed() {
    ActorRef<Command> q = queue("");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    ConcurrentLinkedQueue<CompletableFuture<Void>> open = new ConcurrentLinkedQueue<>();
    TaskHandler handler =
        task -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          CompletableFuture<Void> f = new CompletableFuture<>();
          open.add(f);
          return f.whenComplete((v, e) -> running.decrementAndGet());
        };
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(enqueue(q, TaskSpec.of("work", "n" + i)));
    }
    assertThat(ask(q, r -> new RegisterHandler("work", 2, handler, r.narrow())))
        .isEqualTo(new Registered("work"));
    int completed = 0;
    while (completed < 7) {
      replies.awaitAssert(WAIT, () -> assertThat(open).isNotEmpty());
      CompletableFuture<Void> f = open.poll();
      f.complete(null);
      completed++;
      assertThat(running.get()).isLessThanOrEqualTo(2);
    }
    replies.awaitAssert(WAIT, () -> assertThat(stats(q).gauge("succeeded")).isEqualTo(7));
    assertThat(maxRunning.get()).isEqualTo(2);
    for (String id : ids) {
      assertThat(info(q, id).state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void handler_throws_retriedThenDeadWithItsError() {
    ActorRef<Command> q = queue("");
    AtomicInteger calls = new AtomicInteger();
    String id =
        enqueue(
            q,
            TaskSpec.of("flaky", "x")
                .withMaxAttempts(2)
                .withBackoff(
                    new Backoff(
                        BackoffType.FIXED, Duration.ofSeconds(5), Duration.ofSeconds(5), 0)));
    ask(
        q,
        r ->
            new RegisterHandler(
                "flaky",
                1,
                task -> {
                  calls.incrementAndGet();
                  throw new IllegalStateException("nope " + task.attempt());
                },
                r.narrow()));
    replies.awaitAssert(WAIT, () -> assertThat(info(q, id).state()).isEqualTo(TaskState.DELAYED));
    assertThat(calls.get()).isEqualTo(1);
    pass(Duration.ofSeconds(5));
    replies.awaitAssert(WAIT, () -> assertThat(info(q, id).state()).isEqualTo(TaskState.DEAD));
    assertThat(info(q, id).lastError()).contains("IllegalStateException: nope 2");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void handler_timeout_failsAttemptButKeepsSlotUntilStageCompletes() {
    ActorRef<Command> q = queue("");
    ConcurrentLinkedQueue<CompletableFuture<Void>> open = new ConcurrentLinkedQueue<>();
    AtomicInteger calls = new AtomicInteger();
    String slow =
        enqueue(q, TaskSpec.of("slow", "a").withTimeout(Duration.ofSeconds(10)).withMaxAttempts(1));
    String next = enqueue(q, TaskSpec.of("slow", "b"));
    ask(
        q,
        r ->
            new RegisterHandler(
                "slow",
                1,
                task -> {
                  calls.incrementAndGet();
                  CompletableFuture<Void> f = new CompletableFuture<>();
                  open.add(f);
                  return f;
                },
                r.narrow()));
    replies.awaitAssert(WAIT, () -> assertThat(calls.get()).isEqualTo(1));
    pass(Duration.ofSeconds(10));
    TaskInfo timedOut = info(q, slow);
    assertThat(timedOut.state()).isEqualTo(TaskState.DEAD);
    assertThat(timedOut.lastError()).contains("timed out");
    // the hung run still holds the only slot: the next task (handed to the lane's buffer) waits
    assertThat(calls.get()).isEqualTo(1);
    assertThat(info(q, next).state()).isNotEqualTo(TaskState.SUCCEEDED);
    open.poll().complete(null);
    replies.awaitAssert(WAIT, () -> assertThat(calls.get()).isEqualTo(2));
    assertThat(info(q, slow).state()).isEqualTo(TaskState.DEAD);
    open.poll().complete(null);
    replies.awaitAssert(
        WAIT, () -> assertThat(info(q, next).state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(stats(q).gauge("late-results-total")).isEqualTo(1);
  }

  @Test
  void pause_type_stopsHandlersAndLeasesUntilResume() {
    ActorRef<Command> q = queue("");
    AtomicInteger calls = new AtomicInteger();
    assertThat(ask(q, r -> new Pause("p", r.narrow()))).isEqualTo(new Paused("p"));
    ask(
        q,
        r ->
            new RegisterHandler(
                "p",
                4,
                task -> {
                  calls.incrementAndGet();
                  return CompletableFuture.completedFuture(null);
                },
                r.narrow()));
    String id = enqueue(q, TaskSpec.of("p", "x"));
    assertThat(lease(q, "p", 1)).isEmpty();
    assertThat(info(q, id).state()).isEqualTo(TaskState.PENDING);
    assertThat(calls.get()).isZero();
    assertThat(ask(q, r -> new Resume("p", r.narrow()))).isEqualTo(new Resumed("p"));
    replies.awaitAssert(WAIT, () -> assertThat(info(q, id).state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void register_twiceForOneType_secondRejected() {
    ActorRef<Command> q = queue("");
    TaskHandler h = task -> CompletableFuture.completedFuture(null);
    assertThat(ask(q, r -> new RegisterHandler("t", 1, h, r.narrow())))
        .isEqualTo(new Registered("t"));
    assertThat(ask(q, r -> new RegisterHandler("t", 1, h, r.narrow())))
        .isInstanceOf(Rejected.class);
    assertThat(ask(q, r -> new UnregisterHandler("t", r.narrow())))
        .isEqualTo(new Unregistered("t", true));
    assertThat(ask(q, r -> new RegisterHandler("t", 1, h, r.narrow())))
        .isEqualTo(new Registered("t"));
  }

  @Test
  void listTypes_mixedStates_countsPerType() {
    ActorRef<Command> q = queue("");
    enqueue(q, TaskSpec.of("a", "1"));
    enqueue(q, TaskSpec.of("a", "2"));
    enqueue(q, TaskSpec.of("a", "3").withDelay(Duration.ofMinutes(1)));
    lease(q, "a", 1);
    ask(q, r -> new Pause("b", r.narrow()));
    q.tell(new ListTypes(ref()));
    Types types = (Types) replies.receiveMessage(WAIT);
    assertThat(types.types())
        .containsExactly(
            new TypeCounts("a", 1, 1, 1, 0, 0, false), new TypeCounts("b", 0, 0, 0, 0, 0, true));
  }
}
