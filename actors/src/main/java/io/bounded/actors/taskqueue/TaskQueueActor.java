package io.bounded.actors.taskqueue;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.config.TaskQueueSettings;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Ack;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Acked;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Command;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Conflict;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Enqueue;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Enqueued;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Extend;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Extended;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Fail;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.FailRecorded;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.GetStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.GetTask;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Lease;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Leased;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.ListTasks;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.ListTypes;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Pause;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Paused;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.QueueFull;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.RegisterHandler;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Registered;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Rejected;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Requeued;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Resume;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Resumed;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Retry;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.SettleReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Task;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskInfo;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskList;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TypeCounts;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Types;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.UnknownTask;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.UnregisterHandler;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Unregistered;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Materializer;

/**
 * The task queue: bounded, prioritised, retried with backoff, dead-lettered; run by in-process
 * handlers (Pekko streams) or leased by pull workers.
 *
 * <p><b>State.</b> Live tasks (pending, delayed, running) by id, at most {@code max-tasks}; their
 * order in a {@link TaskSchedule} (ready sets per type by priority then FIFO, delayed by due time,
 * running deadlines by expiry). Finished tasks in {@link FinishedTasks}, at most {@code
 * max-finished}, the longest-finished dropped first (cause {@code size}). Idempotency keys of known
 * tasks (at most live + finished). Per-type state (handler lane, pause, counts) for at most {@code
 * max-types} types; a type with no live task, handler or pause is forgotten.
 *
 * <p><b>Bounds.</b> An enqueue past {@code max-tasks}, of a new type past {@code max-types}, or
 * whose payload would take live tasks' payloads past {@code max-bytes}, is answered {@link
 * QueueFull} and evicts nothing: pending work is never dropped to make room. Finished tasks are
 * dropped, longest-finished first, when live and finished payloads together pass {@code max-bytes}
 * (cause {@code bytes}).
 *
 * <p><b>Workers.</b> A registered handler gets a {@link WorkerLane}: a stream whose {@code
 * mapAsyncUnordered} has the handler's concurrency. The actor hands a lane at most twice its
 * concurrency in tasks (the runs plus one waiting batch, so a handler never idles while the actor
 * settles its last result), so work leaves the queue only as fast as handlers finish. Tasks waiting
 * in a lane's buffer already count as running (their timeout runs; a pause does not recall them).
 * Handlers run on stream threads, never this actor's; their results come back through {@link
 * WorkerLane.Completions}, which a full inbox cannot lose. A pull worker's {@link Lease} gives each
 * task a lease token and expiry; {@link Ack}, {@link Fail} and {@link Extend} must present the
 * token, so a worker whose lease ran out (and whose task was leased again) is refused.
 *
 * <p><b>Time.</b> One single timer ({@code Wake}) is armed for the earliest due time or deadline:
 * due tasks become ready, expired leases count as stalled attempts, expired in-process timeouts as
 * failed attempts (the run keeps its concurrency slot until its stage completes, so hung handlers
 * cannot pile up). A failed attempt is retried after {@link RetryBackoff} until {@code
 * maxAttempts}, then the task is dead. The cleanup tick (every {@code cleanup-interval}) drops
 * finished tasks older than {@code completed-retention}; it costs one step per dropped task, and a
 * failure is logged and counted. Ages use the injected {@link Clock}; timers the actor system's
 * scheduler (tests move both).
 */
public final class TaskQueueActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "task-queue";

  private enum CleanupTick implements TaskQueueProtocol.Internal {
    INSTANCE
  }

  private enum Wake implements TaskQueueProtocol.Internal {
    INSTANCE
  }

  private enum DrainResults implements TaskQueueProtocol.Internal {
    INSTANCE
  }

  /** Per-type state; a type appears here while it has live tasks, a handler or a pause. */
  private static final class TypeState {
    int live;
    int running;
    WorkerLane lane;
    boolean paused;
  }

  private final TaskQueueSettings settings;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final DoubleSupplier random;
  private final Materializer materializer;
  private final WorkerLane.Completions completions;
  private final String idPrefix;

  private final Map<String, TaskRecord> live;
  private final TaskSchedule schedule = new TaskSchedule();
  private final FinishedTasks finished;
  private final Map<String, String> idByKey = new HashMap<>();
  private final Map<String, TypeState> types = new HashMap<>();

  private final ComponentCounters counters;
  private long idSequence;
  private long leaseSequence;
  private long laneSequence;
  private long armedAt = Long.MAX_VALUE;
  private long liveBytes;
  private long succeededTotal;
  private long failedAttempts;
  private long failedTotal;
  private long deadTotal;
  private long retries;
  private long stalled;
  private long timedOut;
  private long queueFull;
  private long lateResults;
  private long requeued;

  /**
   * @param settings the bounds and defaults
   * @param clock the clock due times, leases and retention are measured with
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      TaskQueueSettings settings, Clock clock, LongAdder mailboxOverflows) {
    SplittableRandom seed = new SplittableRandom();
    return create(settings, clock, mailboxOverflows, seed::nextDouble);
  }

  /** A queue with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(TaskQueueSettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  /** As above, with the jitter's random source given (tests). */
  static Behavior<Command> create(
      TaskQueueSettings settings, Clock clock, LongAdder mailboxOverflows, DoubleSupplier random) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new TaskQueueActor(ctx, timers, settings, clock, mailboxOverflows, random)));
  }

  private TaskQueueActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      TaskQueueSettings settings,
      Clock clock,
      LongAdder mailboxOverflows,
      DoubleSupplier random) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.timers = timers;
    this.random = random;
    // Tied to this actor: every lane stream stops when the actor stops (or restarts).
    this.materializer = Materializer.createMaterializer(context);
    ActorRef<Command> self = context.getSelf();
    this.completions = new WorkerLane.Completions(() -> self.tell(DrainResults.INSTANCE));
    this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    this.live = new HashMap<>(Math.min(settings.maxTasks(), 1 << 12));
    this.finished = new FinishedTasks(settings.maxFinished());
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
    context
        .getLog()
        .debug(
            "task queue started: max-tasks {}, max-finished {}, completed-retention {}",
            settings.maxTasks(),
            settings.maxFinished(),
            settings.completedRetention());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, this::onEnqueue)
        .onMessage(Lease.class, this::onLease)
        .onMessage(Ack.class, this::onAck)
        .onMessage(Fail.class, this::onFail)
        .onMessage(Extend.class, this::onExtend)
        .onMessage(Retry.class, this::onRetry)
        .onMessage(RegisterHandler.class, this::onRegister)
        .onMessage(UnregisterHandler.class, this::onUnregister)
        .onMessage(Pause.class, this::onPause)
        .onMessage(Resume.class, this::onResume)
        .onMessage(GetTask.class, this::onGetTask)
        .onMessage(ListTasks.class, this::onListTasks)
        .onMessage(ListTypes.class, this::onListTypes)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(DrainResults.INSTANCE, this::onDrainResults)
        .onMessageEquals(Wake.INSTANCE, this::onWake)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  // ---- enqueue

  private Behavior<Command> onEnqueue(Enqueue enqueue) {
    long now = clock.millis();
    drainResults(now);
    TaskSpec spec = enqueue.spec();
    String problem = TaskQueueRequests.specProblem(settings, spec, now);
    if (problem != null) {
      return reject(enqueue.replyTo(), problem);
    }
    if (spec.idempotencyKey() != null) {
      String known = idByKey.get(spec.idempotencyKey());
      if (known != null) {
        counters.hit();
        reply(enqueue.replyTo(), new Enqueued(known, true));
        return this;
      }
    }
    if (live.size() >= settings.maxTasks()) {
      return full(
          enqueue.replyTo(),
          "the task queue holds "
              + live.size()
              + " live tasks, its bound (bounded.task-queue.max-tasks); retry later");
    }
    long bytes = 2L * spec.payload().length();
    if (liveBytes + bytes > settings.maxBytes()) {
      return full(
          enqueue.replyTo(),
          "live tasks hold "
              + liveBytes
              + " payload bytes; this one ("
              + bytes
              + ") would pass bounded.task-queue.max-bytes ("
              + settings.maxBytes()
              + "); retry later");
    }
    TypeState ts = typeState(spec.type());
    if (ts == null) {
      return full(enqueue.replyTo(), tooManyTypes(spec.type()));
    }
    Backoff backoff = spec.backoff() != null ? spec.backoff() : defaultBackoff();
    TaskRecord t =
        new TaskRecord(
            idPrefix + "-" + (++idSequence),
            spec.type(),
            spec.payload(),
            spec.priority(),
            spec.maxAttempts() != null ? spec.maxAttempts() : settings.defaultMaxAttempts(),
            backoff,
            spec.timeout() == null ? 0 : spec.timeout().toMillis(),
            spec.idempotencyKey(),
            now);
    live.put(t.id, t);
    ts.live++;
    liveBytes += bytes;
    if (t.idempotencyKey != null) {
      idByKey.put(t.idempotencyKey, t.id);
    }
    counters.inserted();
    shedFinishedBytes(now);
    if (schedule.schedule(t, TaskQueueRequests.dueAt(spec, now), now)) {
      dispatch(t.type, now);
    }
    reply(enqueue.replyTo(), new Enqueued(t.id, false));
    armWake(now);
    return this;
  }

  // ---- pull workers

  private Behavior<Command> onLease(Lease lease) {
    long now = clock.millis();
    drainResults(now);
    String problem =
        TaskQueueRequests.leaseRequestProblem(settings, lease.type(), lease.max(), lease.lease());
    if (problem != null) {
      return reject(lease.replyTo(), problem);
    }
    promoteDue(now);
    TypeState ts = types.get(lease.type());
    List<Task> out = new ArrayList<>();
    if (ts != null && !ts.paused) {
      long expires =
          now + (lease.lease() != null ? lease.lease() : settings.defaultLease()).toMillis();
      while (out.size() < lease.max()) {
        TaskRecord t = schedule.pollReady(lease.type());
        if (t == null) {
          break;
        }
        schedule.startRunning(t, nextLease(), expires, now);
        t.inProcess = false;
        ts.running++;
        out.add(t.attempt());
      }
    }
    lease.replyTo().tell(new Leased(out));
    armWake(now);
    return this;
  }

  private Behavior<Command> onAck(Ack ack) {
    long now = clock.millis();
    TaskRecord t = leased(ack.id(), ack.lease(), ack.replyTo());
    if (t != null) {
      succeed(t, now);
      ack.replyTo().tell(new Acked(t.id));
      armWake(now);
    }
    return this;
  }

  private Behavior<Command> onFail(Fail fail) {
    long now = clock.millis();
    TaskRecord t = leased(fail.id(), fail.lease(), fail.replyTo());
    if (t != null) {
      attemptFailed(t, fail.error(), fail.retry(), now);
      fail.replyTo()
          .tell(
              new FailRecorded(
                  t.id,
                  t.state,
                  t.state == TaskState.DELAYED ? Instant.ofEpochMilli(t.dueAt) : null));
      dispatch(t.type, now);
      armWake(now);
    }
    return this;
  }

  private Behavior<Command> onExtend(Extend extend) {
    long now = clock.millis();
    if (extend.by() != null) {
      String problem = TaskQueueRequests.leaseProblem(settings, "lease", extend.by());
      if (problem != null) {
        return reject(extend.replyTo(), problem);
      }
    }
    TaskRecord t = leased(extend.id(), extend.lease(), extend.replyTo());
    if (t != null) {
      long expires = now + (extend.by() != null ? extend.by() : settings.defaultLease()).toMillis();
      schedule.extend(t, expires);
      extend.replyTo().tell(new Extended(t.id, Instant.ofEpochMilli(expires)));
      armWake(now);
    }
    return this;
  }

  private Behavior<Command> onRetry(Retry retry) {
    long now = clock.millis();
    String problem = TaskQueueRequests.idProblem(retry.id());
    if (problem != null) {
      return reject(retry.replyTo(), problem);
    }
    TaskRecord t = finished.get(retry.id());
    if (t == null) {
      TaskRecord running = live.get(retry.id());
      retry
          .replyTo()
          .tell(
              running == null
                  ? new UnknownTask(retry.id())
                  : new Conflict(
                      running.id,
                      running.state,
                      "only dead or failed tasks can be retried; this one is "
                          + running.state.key()));
      return this;
    }
    if (t.state != TaskState.DEAD && t.state != TaskState.FAILED) {
      retry
          .replyTo()
          .tell(
              new Conflict(
                  t.id,
                  t.state,
                  "only dead or failed tasks can be retried; this one is " + t.state.key()));
      return this;
    }
    if (live.size() >= settings.maxTasks()) {
      retry
          .replyTo()
          .tell(
              new Conflict(
                  t.id,
                  t.state,
                  "the task queue holds its bound of live tasks (bounded.task-queue.max-tasks ="
                      + " "
                      + settings.maxTasks()
                      + "); retry later"));
      return this;
    }
    TypeState ts = typeState(t.type);
    if (ts == null) {
      retry.replyTo().tell(new Conflict(t.id, t.state, tooManyTypes(t.type)));
      return this;
    }
    finished.remove(t.id);
    t.attempts = 0;
    t.finishedAt = -1;
    live.put(t.id, t);
    ts.live++;
    liveBytes += t.bytes();
    requeued++;
    schedule.schedule(t, now, now);
    retry.replyTo().tell(new Requeued(t.id));
    dispatch(t.type, now);
    armWake(now);
    return this;
  }

  /**
   * The running task {@code id} if {@code lease} is its current lease; otherwise answers {@code
   * replyTo} (unknown id, or why the lease is not current) and returns {@code null}.
   */
  private TaskRecord leased(String id, String lease, ActorRef<SettleReply> replyTo) {
    String problem = TaskQueueRequests.idProblem(id);
    if (problem != null) {
      reject(replyTo, problem);
      return null;
    }
    TaskRecord t = live.get(id);
    if (t == null) {
      TaskRecord done = finished.get(id);
      replyTo.tell(
          done == null
              ? new UnknownTask(id)
              : new Conflict(
                  id, done.state, "the task has already finished as " + done.state.key()));
      return null;
    }
    if (t.state == TaskState.RUNNING && lease.equals(t.lease) && !t.inProcess) {
      return t;
    }
    String reason;
    if (t.state == TaskState.RUNNING) {
      reason =
          t.inProcess
              ? "the task is running in an in-process handler; only its handler settles it"
              : "this lease is no longer current: it expired and the task was leased again"
                  + " (attempt "
                  + t.attempts
                  + ")";
    } else {
      reason =
          "this lease is no longer current: it expired and the task is "
              + t.state.key()
              + " again (attempt "
              + t.attempts
              + " of "
              + t.maxAttempts
              + " failed)";
    }
    replyTo.tell(new Conflict(id, t.state, reason));
    return null;
  }

  // ---- in-process workers

  private Behavior<Command> onRegister(RegisterHandler register) {
    long now = clock.millis();
    String problem = TaskQueueRequests.typeProblem(settings, register.type());
    if (problem == null) {
      problem = TaskQueueRequests.concurrencyProblem(settings, register.concurrency());
    }
    if (problem != null) {
      return reject(register.replyTo(), problem);
    }
    TypeState ts = typeState(register.type());
    if (ts == null) {
      return reject(register.replyTo(), tooManyTypes(register.type()));
    }
    if (ts.lane != null) {
      return reject(
          register.replyTo(),
          "type \"" + register.type() + "\" already has a handler; unregister it first");
    }
    ts.lane =
        WorkerLane.start(
            ++laneSequence,
            register.type(),
            register.concurrency(),
            register.handler(),
            completions,
            materializer);
    register.replyTo().tell(new Registered(register.type()));
    dispatch(register.type(), now);
    armWake(now);
    return this;
  }

  private Behavior<Command> onUnregister(UnregisterHandler unregister) {
    TypeState ts = types.get(unregister.type());
    boolean existed = ts != null && ts.lane != null;
    if (existed) {
      // Runs in progress still report back; their lane id no longer matches, so only the task is
      // settled.
      ts.lane.stop();
      ts.lane = null;
      forgetIfIdle(unregister.type(), ts);
    }
    unregister.replyTo().tell(new Unregistered(unregister.type(), existed));
    return this;
  }

  private Behavior<Command> onPause(Pause pause) {
    String problem = TaskQueueRequests.typeProblem(settings, pause.type());
    if (problem != null) {
      return reject(pause.replyTo(), problem);
    }
    TypeState ts = typeState(pause.type());
    if (ts == null) {
      return reject(pause.replyTo(), tooManyTypes(pause.type()));
    }
    ts.paused = true;
    pause.replyTo().tell(new Paused(pause.type()));
    return this;
  }

  private Behavior<Command> onResume(Resume resume) {
    long now = clock.millis();
    TypeState ts = types.get(resume.type());
    if (ts != null && ts.paused) {
      ts.paused = false;
      forgetIfIdle(resume.type(), ts);
      dispatch(resume.type(), now);
      armWake(now);
    }
    resume.replyTo().tell(new Resumed(resume.type()));
    return this;
  }

  private Behavior<Command> onDrainResults() {
    long now = clock.millis();
    drainResults(now);
    armWake(now);
    return this;
  }

  /** Settles every handler result waiting in the hand-off queue, then refills the lanes. */
  private void drainResults(long now) {
    List<String> refill = new ArrayList<>(2);
    completions.drain(
        r -> {
          TypeState ts = types.get(r.type());
          if (ts != null && ts.lane != null && ts.lane.id == r.laneId()) {
            ts.lane.inFlight--;
          }
          TaskRecord t = live.get(r.taskId());
          if (t != null && t.state == TaskState.RUNNING && r.lease().equals(t.lease)) {
            if (r.error() == null) {
              succeed(t, now);
            } else {
              attemptFailed(t, r.error(), true, now);
            }
          } else {
            // the attempt already timed out (and was retried or dead-lettered)
            lateResults++;
          }
          if (!refill.contains(r.type())) {
            refill.add(r.type());
          }
        });
    for (String type : refill) {
      dispatch(type, now);
    }
  }

  /** Starts ready tasks of {@code type} on its lane while the lane has room. */
  private void dispatch(String type, long now) {
    TypeState ts = types.get(type);
    if (ts == null || ts.lane == null || ts.paused) {
      return;
    }
    WorkerLane lane = ts.lane;
    while (lane.hasRoom()) {
      TaskRecord t = schedule.pollReady(type);
      if (t == null) {
        return;
      }
      long expires = t.timeoutMillis > 0 ? now + t.timeoutMillis : TaskRecord.NO_DEADLINE;
      schedule.startRunning(t, nextLease(), expires, now);
      t.inProcess = true;
      ts.running++;
      if (!lane.offer(t.attempt())) {
        // Cannot happen while inFlight tracks the lane; put the task back rather than lose it.
        schedule.stopRunning(t);
        t.attempts--;
        ts.running--;
        schedule.makeReady(t);
        getContext().getLog().warn("task queue: lane of {} refused a task; will retry", type);
        return;
      }
    }
  }

  // ---- time

  private Behavior<Command> onWake() {
    armedAt = Long.MAX_VALUE;
    long now = clock.millis();
    drainResults(now);
    promoteDue(now);
    TaskRecord t;
    while ((t = schedule.firstExpired(now)) != null) {
      if (t.inProcess) {
        timedOut++;
        attemptFailed(
            t,
            "timed out after "
                + Duration.ofMillis(t.timeoutMillis)
                + " (attempt "
                + t.attempts
                + ")",
            true,
            now);
      } else {
        stalled++;
        attemptFailed(
            t,
            "stalled: the lease expired without ack or fail (attempt " + t.attempts + ")",
            true,
            now);
      }
      dispatch(t.type, now);
    }
    armWake(now);
    return this;
  }

  private void promoteDue(long now) {
    for (String type : schedule.promoteDue(now)) {
      dispatch(type, now);
    }
  }

  /** Arms the single wake timer for the earliest due time or deadline, if it moved earlier. */
  private void armWake(long now) {
    long next = schedule.nextWakeAt();
    if (next < armedAt) {
      armedAt = next;
      timers.startSingleTimer(Wake.INSTANCE, Duration.ofMillis(Math.max(0, next - now)));
    }
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          long now = clock.millis();
          drainResults(now);
          long cutoff = now - settings.completedRetention().toMillis();
          int swept =
              finished.sweep(
                  cutoff,
                  t -> {
                    forgetKey(t);
                    counters.expired(t.id, now);
                  });
          armWake(now);
          getContext().getLog().debug("task queue cleanup dropped {} finished tasks", swept);
        });
    return this;
  }

  // ---- settling

  private void succeed(TaskRecord t, long now) {
    schedule.stopRunning(t);
    types.get(t.type).running--;
    succeededTotal++;
    finish(t, TaskState.SUCCEEDED, now);
  }

  /** A running attempt failed: retry after backoff, or finish as dead (or failed, no retry). */
  private void attemptFailed(TaskRecord t, String error, boolean retry, long now) {
    schedule.stopRunning(t);
    types.get(t.type).running--;
    t.lastError = TaskQueueRequests.cutError(settings, error);
    failedAttempts++;
    if (retry && t.attempts < t.maxAttempts) {
      retries++;
      long delay = RetryBackoff.delayMillis(t.backoff, t.attempts, random.getAsDouble());
      schedule.schedule(t, now + delay, now);
    } else if (retry) {
      deadTotal++;
      getContext()
          .getLog()
          .warn(
              "task {} of type {} is dead after {} attempts: {}", t.id, t.type, t.attempts, error);
      finish(t, TaskState.DEAD, now);
    } else {
      failedTotal++;
      finish(t, TaskState.FAILED, now);
    }
  }

  /** Drops the longest-finished tasks while live and finished payloads pass {@code max-bytes}. */
  private void shedFinishedBytes(long now) {
    while (liveBytes + finished.bytes() > settings.maxBytes()) {
      TaskRecord dropped = finished.dropEldest();
      if (dropped == null) {
        return;
      }
      forgetKey(dropped);
      counters.evicted(DropCause.BYTES, dropped.id, now);
    }
  }

  private void finish(TaskRecord t, TaskState state, long now) {
    live.remove(t.id);
    liveBytes -= t.bytes();
    TypeState ts = types.get(t.type);
    ts.live--;
    forgetIfIdle(t.type, ts);
    t.state = state;
    t.finishedAt = now;
    TaskRecord dropped = finished.add(t);
    if (dropped != null) {
      forgetKey(dropped);
      counters.evicted(DropCause.SIZE, dropped.id, now);
    }
  }

  // ---- reads

  private Behavior<Command> onGetTask(GetTask get) {
    drainResults(clock.millis());
    String problem = TaskQueueRequests.idProblem(get.id());
    if (problem != null) {
      counters.rejected();
      get.replyTo().tell(new Rejected(problem));
      return this;
    }
    TaskRecord t = live.get(get.id());
    if (t == null) {
      t = finished.get(get.id());
    }
    if (t == null) {
      counters.missed();
      get.replyTo().tell(new UnknownTask(get.id()));
    } else {
      counters.hit();
      get.replyTo().tell(t.info());
    }
    return this;
  }

  private Behavior<Command> onListTasks(ListTasks list) {
    drainResults(clock.millis());
    String problem = TaskQueueRequests.limitProblem(settings, "limit", list.limit());
    if (problem != null) {
      counters.rejected();
      list.replyTo().tell(new Rejected(problem));
      return this;
    }
    List<TaskRecord> found =
        switch (list.state()) {
          case PENDING -> schedule.ready(list.limit());
          case DELAYED -> schedule.delayed(list.limit());
          case RUNNING -> running(list.limit());
          default -> finished.newestFirst(list.state(), list.limit());
        };
    List<TaskInfo> infos = new ArrayList<>(found.size());
    found.forEach(t -> infos.add(t.info()));
    list.replyTo().tell(new TaskList(list.state(), infos));
    return this;
  }

  private List<TaskRecord> running(int limit) {
    List<TaskRecord> out = new ArrayList<>();
    for (TaskRecord t : live.values()) {
      if (t.state == TaskState.RUNNING) {
        out.add(t);
      }
    }
    out.sort(
        java.util.Comparator.<TaskRecord>comparingLong(t -> t.startedAt).thenComparing(t -> t.id));
    return out.subList(0, Math.min(limit, out.size()));
  }

  private Behavior<Command> onListTypes(ListTypes list) {
    drainResults(clock.millis());
    Map<String, TypeState> sorted = new TreeMap<>(types);
    List<TypeCounts> out = new ArrayList<>(sorted.size());
    sorted.forEach(
        (type, ts) -> {
          int pending = schedule.readyCount(type);
          out.add(
              new TypeCounts(
                  type,
                  pending,
                  ts.live - pending - ts.running,
                  ts.running,
                  ts.lane == null ? 0 : ts.lane.concurrency,
                  ts.lane == null ? 0 : ts.lane.inFlight,
                  ts.paused));
        });
    list.replyTo().tell(new Types(out));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    drainResults(clock.millis());
    int pending = schedule.readyCount();
    int delayed = schedule.delayedCount();
    Map<String, Long> g = new LinkedHashMap<>();
    g.put("pending", (long) pending);
    g.put("delayed", (long) delayed);
    g.put("running", (long) (live.size() - pending - delayed));
    g.put("succeeded", (long) finished.count(TaskState.SUCCEEDED));
    g.put("failed", (long) finished.count(TaskState.FAILED));
    g.put("dead", (long) finished.count(TaskState.DEAD));
    g.put("succeeded-total", succeededTotal);
    g.put("failed-attempts-total", failedAttempts);
    g.put("failed-total", failedTotal);
    g.put("dead-total", deadTotal);
    g.put("retries-total", retries);
    g.put("stalled-total", stalled);
    g.put("timed-out-total", timedOut);
    g.put("queue-full-total", queueFull);
    g.put("requeued-total", requeued);
    g.put("late-results-total", lateResults);
    g.put("types", (long) types.size());
    g.put("max-types", (long) settings.maxTypes());
    g.put("finished", (long) finished.size());
    g.put("max-finished", (long) settings.maxFinished());
    g.put("bytes", liveBytes + finished.bytes());
    g.put("max-bytes", settings.maxBytes());
    g.put("mailbox-capacity", (long) settings.mailboxCapacity());
    get.replyTo().tell(counters.snapshot(live.size(), settings.maxTasks(), g));
    return this;
  }

  private Behavior<Command> onPostStop() {
    for (TypeState ts : types.values()) {
      if (ts.lane != null) {
        ts.lane.stop();
      }
    }
    materializer.shutdown();
    live.clear();
    liveBytes = 0;
    schedule.clear();
    finished.clear();
    idByKey.clear();
    types.clear();
    return this;
  }

  // ---- helpers

  /** The type's state, created if the type is new and {@code max-types} allows; else null. */
  private TypeState typeState(String type) {
    TypeState ts = types.get(type);
    if (ts == null && types.size() < settings.maxTypes()) {
      ts = new TypeState();
      types.put(type, ts);
    }
    return ts;
  }

  private void forgetIfIdle(String type, TypeState ts) {
    if (ts.live == 0 && ts.lane == null && !ts.paused) {
      types.remove(type);
    }
  }

  private void forgetKey(TaskRecord t) {
    if (t.idempotencyKey != null && t.id.equals(idByKey.get(t.idempotencyKey))) {
      idByKey.remove(t.idempotencyKey);
    }
  }

  private String nextLease() {
    return Long.toString(++leaseSequence, 36);
  }

  private Backoff defaultBackoff() {
    TaskQueueSettings.Backoff b = settings.backoff();
    return new Backoff(
        b.type() == TaskQueueSettings.Backoff.Type.FIXED
            ? BackoffType.FIXED
            : BackoffType.EXPONENTIAL,
        b.base(),
        b.cap(),
        b.jitter());
  }

  private String tooManyTypes(String type) {
    return "type \""
        + type
        + "\" is new and the queue already knows "
        + types.size()
        + " types (bounded.task-queue.max-types)";
  }

  private Behavior<Command> full(ActorRef<? super QueueFull> replyTo, String reason) {
    counters.rejected();
    queueFull++;
    if (replyTo != null) {
      replyTo.tell(new QueueFull(reason));
    }
    return this;
  }

  private <R> void reply(ActorRef<R> replyTo, R reply) {
    if (replyTo != null) {
      replyTo.tell(reply);
    }
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    if (replyTo != null) {
      replyTo.tell(new Rejected(reason));
    }
    return this;
  }
}
