package io.bounded.protocols.taskqueue;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of the task queue: a bounded, prioritised queue of tasks, run by in-process handlers or
 * leased by pull workers, retried with backoff and dead-lettered ({@code bounded.task-queue.*}).
 *
 * <p>Contract: the queue holds at most {@code max-tasks} pending, delayed and running tasks; an
 * enqueue past it is answered {@link QueueFull} and evicts nothing. Finished tasks (succeeded,
 * failed, dead) are remembered for {@code completed-retention}, at most {@code max-finished} of
 * them (the longest-finished goes first). Tasks of one type run highest {@code priority} first,
 * first-in first-out within a priority. A failed attempt is retried after its backoff until {@code
 * maxAttempts}, then the task is <em>dead</em>, with its last error. Bad input is answered {@link
 * Rejected} with a reason and changes nothing; a request that finds the queue's inbox full is
 * answered {@link Rejected} by the runtime.
 */
public interface TaskQueueProtocol {

  /** Every message the task queue actor accepts. */
  sealed interface Command {}

  /** The actor's own messages (timer ticks, handler results); implemented only by its actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the task queue sends. */
  sealed interface Reply {}

  /** Answer to {@link Enqueue}: {@link Enqueued}, {@link QueueFull} or {@link Rejected}. */
  sealed interface EnqueueReply extends Reply {}

  /** Answer to {@link Lease}: {@link Leased} or {@link Rejected}. */
  sealed interface LeaseReply extends Reply {}

  /**
   * Answer to {@link Ack}, {@link Fail}, {@link Extend} and {@link Retry}: the matching success
   * reply, {@link UnknownTask}, {@link Conflict} (the task is not in a state that allows it) or
   * {@link Rejected} (bad input).
   */
  sealed interface SettleReply extends Reply {}

  /**
   * Answer to {@link RegisterHandler}, {@link UnregisterHandler}, {@link Pause} and {@link Resume}.
   */
  sealed interface ControlReply extends Reply {}

  /** Answer to {@link GetTask}: {@link TaskInfo}, {@link UnknownTask} or {@link Rejected}. */
  sealed interface GetTaskReply extends Reply {}

  /** Answer to {@link ListTasks}: {@link TaskList} or {@link Rejected}. */
  sealed interface ListReply extends Reply {}

  /** Answer to {@link ListTypes}: {@link Types} or {@link Rejected}. */
  sealed interface TypesReply extends Reply {}

  // ---- values

  /** Where a task is in its life. */
  enum TaskState {
    /** Ready to run, waiting for a worker. */
    PENDING,
    /** Waiting for its {@code runAt}, or for the backoff before a retry. */
    DELAYED,
    /** Held by an in-process handler or leased by a pull worker. */
    RUNNING,
    /** Finished: an attempt succeeded. */
    SUCCEEDED,
    /** Finished: a worker failed it and asked for no retry. */
    FAILED,
    /** Finished: every attempt failed (dead-lettered); {@link Retry} queues it again. */
    DEAD;

    /** The name used in JSON and query strings, e.g. {@code dead}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the task is done (succeeded, failed or dead). */
    public boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == DEAD;
    }

    /** The state with that key, or {@code null}. */
    public static TaskState fromKey(String key) {
      for (TaskState s : values()) {
        if (s.key().equals(key)) {
          return s;
        }
      }
      return null;
    }
  }

  /** How the delay before a retry grows. */
  enum BackoffType {
    /** Every retry waits {@code base}. */
    FIXED,
    /** Retry {@code n} waits {@code base * 2^(n-1)}, at most {@code cap}. */
    EXPONENTIAL;

    /** The name used in JSON and config, e.g. {@code exponential}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type with that key, or {@code null}. */
    public static BackoffType fromKey(String key) {
      for (BackoffType t : values()) {
        if (t.key().equals(key)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * A task's retry backoff. The queue checks {@code base > 0}, {@code cap >= base} and {@code 0 <=
   * jitter <= 1}; each delay is then spread at random by up to {@code jitter} of itself either way.
   */
  record Backoff(BackoffType type, Duration base, Duration cap, double jitter) {
    public Backoff {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(cap, "cap");
    }
  }

  /**
   * What to enqueue. Build with {@link #of(String, String)} and the {@code with…} copies.
   *
   * @param type the task type: selects the handler or the pull workers; non-empty, at most {@code
   *     max-key-length} characters
   * @param payload the work's input (JSON or any text), at most {@code max-payload-bytes} UTF-8
   *     bytes
   * @param priority higher runs first; equal priorities run in enqueue order
   * @param delay run no sooner than this from now, or {@code null}; at most {@code max-delay}
   * @param runAt run no sooner than this instant, or {@code null}; not together with {@code delay}
   * @param maxAttempts attempts before the task is dead, or {@code null} for {@code
   *     default-max-attempts}; 1..1000
   * @param backoff retry backoff, or {@code null} for {@code bounded.task-queue.backoff}
   * @param timeout an attempt still running after this fails, or {@code null} for none; at most
   *     {@code max-lease}
   * @param idempotencyKey while a task with this key is known (live or finished and retained), an
   *     enqueue with the same key answers that task's id instead of adding a duplicate; or {@code
   *     null}
   */
  record TaskSpec(
      String type,
      String payload,
      int priority,
      Duration delay,
      Instant runAt,
      Integer maxAttempts,
      Backoff backoff,
      Duration timeout,
      String idempotencyKey) {
    public TaskSpec {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(payload, "payload");
    }

    /** A task of {@code type} with priority 0, due now, with the queue's defaults. */
    public static TaskSpec of(String type, String payload) {
      return new TaskSpec(type, payload, 0, null, null, null, null, null, null);
    }

    public TaskSpec withPriority(int value) {
      return new TaskSpec(
          type, payload, value, delay, runAt, maxAttempts, backoff, timeout, idempotencyKey);
    }

    public TaskSpec withDelay(Duration value) {
      return new TaskSpec(
          type, payload, priority, value, runAt, maxAttempts, backoff, timeout, idempotencyKey);
    }

    public TaskSpec withRunAt(Instant value) {
      return new TaskSpec(
          type, payload, priority, delay, value, maxAttempts, backoff, timeout, idempotencyKey);
    }

    public TaskSpec withMaxAttempts(Integer value) {
      return new TaskSpec(
          type, payload, priority, delay, runAt, value, backoff, timeout, idempotencyKey);
    }

    public TaskSpec withBackoff(Backoff value) {
      return new TaskSpec(
          type, payload, priority, delay, runAt, maxAttempts, value, timeout, idempotencyKey);
    }

    public TaskSpec withTimeout(Duration value) {
      return new TaskSpec(
          type, payload, priority, delay, runAt, maxAttempts, backoff, value, idempotencyKey);
    }

    public TaskSpec withIdempotencyKey(String value) {
      return new TaskSpec(
          type, payload, priority, delay, runAt, maxAttempts, backoff, timeout, value);
    }
  }

  /**
   * One attempt of a task, as a handler or a pull worker receives it.
   *
   * @param attempt this attempt's number, from 1
   * @param lease the token that {@link Ack}, {@link Fail} and {@link Extend} must present; a newer
   *     attempt has a new one
   * @param leaseExpiresAt when the attempt fails unless settled or extended, or {@code null} when
   *     it has no deadline (an in-process run without a timeout)
   */
  record Task(
      String id,
      String type,
      String payload,
      int priority,
      int attempt,
      int maxAttempts,
      String lease,
      Instant leaseExpiresAt) {
    public Task {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(lease, "lease");
    }
  }

  // ---- requests

  /**
   * Adds a task. Replies {@link Enqueued} (with {@code duplicate = true} and the first task's id
   * when the idempotency key is known), {@link QueueFull} at {@code max-tasks} or {@code
   * max-types}, or {@link Rejected} for bad input.
   *
   * @param replyTo where to answer, or {@code null} for fire and forget (a refusal is then only
   *     counted)
   */
  record Enqueue(TaskSpec spec, ActorRef<EnqueueReply> replyTo) implements Command, Rejectable {
    public Enqueue {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Runs tasks of {@code type} in this process: at most {@code concurrency} at once (1..{@code
   * max-handler-concurrency}), through a Pekko stream whose {@code mapAsyncUnordered} has that
   * parallelism. Replies {@link Registered}, or {@link Rejected} when the type already has a
   * handler or the bounds say no.
   */
  record RegisterHandler(
      String type, int concurrency, TaskHandler handler, ActorRef<ControlReply> replyTo)
      implements Command, Rejectable {
    public RegisterHandler {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Stops the type's handler: no new runs start; runs in progress finish and are settled. Replies
   * {@link Unregistered}.
   */
  record UnregisterHandler(String type, ActorRef<ControlReply> replyTo)
      implements Command, Rejectable {
    public UnregisterHandler {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Stops handing out tasks of {@code type} (to handlers and to leases) until {@link Resume};
   * running tasks carry on. Replies {@link Paused}.
   */
  record Pause(String type, ActorRef<ControlReply> replyTo) implements Command, Rejectable {
    public Pause {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Hands out tasks of {@code type} again. Replies {@link Resumed}. */
  record Resume(String type, ActorRef<ControlReply> replyTo) implements Command, Rejectable {
    public Resume {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * A pull worker takes up to {@code max} (1..{@code max-batch}) pending tasks of {@code type},
   * each leased for {@code lease} ({@code null} = {@code default-lease}; at most {@code
   * max-lease}). Replies {@link Leased}, possibly empty. A lease that runs out without {@link Ack}
   * or {@link Fail} is a failed attempt (counted as stalled).
   */
  record Lease(String type, int max, Duration lease, ActorRef<LeaseReply> replyTo)
      implements Command, Rejectable {
    public Lease {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** The leased attempt succeeded. Replies {@link Acked}. */
  record Ack(String id, String lease, ActorRef<SettleReply> replyTo)
      implements Command, Rejectable {
    public Ack {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * The leased attempt failed with {@code error}. With {@code retry} the task is retried after its
   * backoff (or dead when out of attempts); without, it is finished as {@link TaskState#FAILED}.
   * Replies {@link FailRecorded}.
   */
  record Fail(String id, String lease, String error, boolean retry, ActorRef<SettleReply> replyTo)
      implements Command, Rejectable {
    public Fail {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Pushes the lease's expiry to {@code lease} from now ({@code null} = {@code default-lease}; at
   * most {@code max-lease}). Replies {@link Extended}.
   */
  record Extend(String id, String lease, Duration by, ActorRef<SettleReply> replyTo)
      implements Command, Rejectable {
    public Extend {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Queues a dead or failed task again, with its attempts reset. Replies {@link Requeued}, or
   * {@link Conflict} when the task is not finished as dead or failed, or the queue is full.
   */
  record Retry(String id, ActorRef<SettleReply> replyTo) implements Command, Rejectable {
    public Retry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Reads one task, live or finished. Replies {@link TaskInfo} or {@link UnknownTask}. */
  record GetTask(String id, ActorRef<GetTaskReply> replyTo) implements Command, Rejectable {
    public GetTask {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Lists up to {@code limit} (1..{@code max-batch}) tasks in {@code state}: pending in run order,
   * delayed by due time, running by lease expiry, finished most recent first. Replies {@link
   * TaskList}.
   */
  record ListTasks(TaskState state, int limit, ActorRef<ListReply> replyTo)
      implements Command, Rejectable {
    public ListTasks {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Per-type counts of every known type (at most {@code max-types}). Replies {@link Types}. */
  record ListTypes(ActorRef<TypesReply> replyTo) implements Command, Rejectable {
    public ListTypes {
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Asks for the queue's {@link ComponentStats} (name {@code task-queue}; size = pending + delayed
   * + running; gauges {@code pending}, {@code delayed}, {@code running}, {@code succeeded}, {@code
   * failed}, {@code dead} (held now), {@code succeeded-total}, {@code failed-attempts-total},
   * {@code dead-total}, {@code retries-total}, {@code stalled-total}, {@code timed-out-total},
   * {@code types}, {@code max-finished}, {@code mailbox-capacity}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /**
   * The task is queued.
   *
   * @param duplicate true when the idempotency key was known: {@code id} is the first task's and
   *     nothing was added
   */
  record Enqueued(String id, boolean duplicate) implements EnqueueReply {
    public Enqueued {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * The queue holds {@code max-tasks} live tasks (or {@code max-types} types); nothing was added or
   * evicted. Retry later.
   */
  record QueueFull(String reason) implements EnqueueReply {
    public QueueFull {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The tasks leased, in run order; empty when none was pending (or the type is paused). */
  record Leased(List<Task> tasks) implements LeaseReply {
    public Leased {
      tasks = List.copyOf(tasks);
    }
  }

  /** The task succeeded. */
  record Acked(String id) implements SettleReply {}

  /**
   * The failure is recorded.
   *
   * @param state {@code DELAYED} (a retry is due at {@code retryAt}), {@code DEAD} or {@code
   *     FAILED}
   * @param retryAt when the retry is due, or {@code null}
   */
  record FailRecorded(String id, TaskState state, Instant retryAt) implements SettleReply {}

  /** The lease now runs out at {@code leaseExpiresAt}. */
  record Extended(String id, Instant leaseExpiresAt) implements SettleReply {}

  /** The dead or failed task is pending again, with its attempts reset. */
  record Requeued(String id) implements SettleReply {}

  /** No live or retained task has this id. */
  record UnknownTask(String id) implements SettleReply, GetTaskReply {}

  /**
   * The task exists but is not in a state that allows the request: its lease expired or was
   * re-leased, it already finished, it is not dead, or the queue is full.
   */
  record Conflict(String id, TaskState state, String reason) implements SettleReply {
    public Conflict {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The handler is registered. */
  record Registered(String type) implements ControlReply {}

  /** The type has no handler now. */
  record Unregistered(String type, boolean existed) implements ControlReply {}

  /** The type is paused. */
  record Paused(String type) implements ControlReply {}

  /** The type is running again. */
  record Resumed(String type) implements ControlReply {}

  /**
   * A snapshot of one task.
   *
   * @param attempts attempts started so far
   * @param lastError the last failed attempt's error, or {@code null}
   * @param runAt when the task is (or was) due
   * @param startedAt when its latest attempt started, or {@code null}
   * @param finishedAt when it finished, or {@code null}
   * @param leaseExpiresAt when the running attempt's lease or timeout runs out, or {@code null}
   */
  record TaskInfo(
      String id,
      String type,
      String payload,
      int priority,
      TaskState state,
      int attempts,
      int maxAttempts,
      String lastError,
      Instant createdAt,
      Instant runAt,
      Instant startedAt,
      Instant finishedAt,
      Instant leaseExpiresAt,
      String idempotencyKey)
      implements GetTaskReply {
    public TaskInfo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(state, "state");
    }
  }

  /** Answer to {@link ListTasks}. */
  record TaskList(TaskState state, List<TaskInfo> tasks) implements ListReply {
    public TaskList {
      tasks = List.copyOf(tasks);
    }
  }

  /**
   * One type's counts.
   *
   * @param concurrency the handler's concurrency, 0 without a handler
   * @param inFlight handler runs in progress (including timed-out runs that have not returned)
   */
  record TypeCounts(
      String type,
      int pending,
      int delayed,
      int running,
      int concurrency,
      int inFlight,
      boolean paused) {}

  /** Answer to {@link ListTypes}, sorted by type. */
  record Types(List<TypeCounts> types) implements TypesReply {
    public Types {
      types = List.copyOf(types);
    }
  }

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements EnqueueReply,
          LeaseReply,
          SettleReply,
          ControlReply,
          GetTaskReply,
          ListReply,
          TypesReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
