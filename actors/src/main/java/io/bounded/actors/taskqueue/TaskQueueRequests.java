package io.bounded.actors.taskqueue;

import io.bounded.config.TaskQueueSettings;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.time.Duration;

/**
 * The task queue's input rules in one place: the actor refuses what these name, and edges (the
 * node's HTTP routes) check first to choose a status code. Each method answers the reason a request
 * would be refused, or {@code null} when it is acceptable.
 */
public final class TaskQueueRequests {
  /** The attempts a task may ask for: 1..this. */
  public static final int MAX_ATTEMPTS = 1000;

  private TaskQueueRequests() {}

  /** Why a task type would be refused: empty, or longer than {@code max-key-length}. */
  public static String typeProblem(TaskQueueSettings settings, String type) {
    return keyProblem(settings, "type", type);
  }

  /** Why a task id would be refused: empty, or absurdly long. */
  public static String idProblem(String id) {
    if (id.isEmpty()) {
      return "id must not be empty";
    }
    if (id.length() > 64) {
      return "id is " + id.length() + " characters; task ids are at most 64";
    }
    return null;
  }

  /**
   * Why an enqueue would be refused: the type; a payload over {@code max-payload-bytes} (UTF-8);
   * attempts outside 1..{@value #MAX_ATTEMPTS}; a negative delay or one over {@code max-delay};
   * both {@code delay} and {@code runAt}; a {@code runAt} farther than {@code max-delay}; a bad
   * backoff; a timeout not in (0, {@code max-lease}]; an empty or over-long idempotency key.
   *
   * @param nowMillis the queue's clock, for {@code runAt}
   */
  public static String specProblem(TaskQueueSettings settings, TaskSpec spec, long nowMillis) {
    String problem = typeProblem(settings, spec.type());
    if (problem != null) {
      return problem;
    }
    long bytes = utf8Length(spec.payload(), settings.maxPayloadBytes());
    if (bytes > settings.maxPayloadBytes()) {
      return "payload is more than "
          + settings.maxPayloadBytes()
          + " bytes (bounded.task-queue.max-payload-bytes)";
    }
    if (spec.maxAttempts() != null
        && (spec.maxAttempts() < 1 || spec.maxAttempts() > MAX_ATTEMPTS)) {
      return "maxAttempts must be between 1 and "
          + MAX_ATTEMPTS
          + ", but was "
          + spec.maxAttempts();
    }
    if (spec.delay() != null && spec.runAt() != null) {
      return "give delay or runAt, not both";
    }
    if (spec.delay() != null) {
      if (spec.delay().isNegative()) {
        return "delay must be >= 0, but was " + spec.delay();
      }
      if (spec.delay().compareTo(settings.maxDelay()) > 0) {
        return tooFar("delay", spec.delay(), settings);
      }
    }
    if (spec.runAt() != null) {
      long ahead = spec.runAt().toEpochMilli() - nowMillis;
      if (ahead > settings.maxDelay().toMillis()) {
        return tooFar("runAt", Duration.ofMillis(ahead), settings);
      }
    }
    if (spec.backoff() != null) {
      problem = backoffProblem(settings, spec.backoff());
      if (problem != null) {
        return problem;
      }
    }
    if (spec.timeout() != null) {
      problem = leaseProblem(settings, "timeout", spec.timeout());
      if (problem != null) {
        return problem;
      }
    }
    if (spec.idempotencyKey() != null) {
      return keyProblem(settings, "idempotencyKey", spec.idempotencyKey());
    }
    return null;
  }

  /** Why a backoff would be refused: base not > 0, cap below base or over max-delay, bad jitter. */
  public static String backoffProblem(TaskQueueSettings settings, Backoff b) {
    if (b.base().isNegative() || b.base().toMillis() == 0) {
      return "backoff base must be at least 1ms, but was " + b.base();
    }
    if (b.cap().compareTo(b.base()) < 0) {
      return "backoff cap must be >= base (" + b.base() + "), but was " + b.cap();
    }
    if (b.cap().compareTo(settings.maxDelay()) > 0) {
      return "backoff cap must be <= bounded.task-queue.max-delay ("
          + settings.maxDelay()
          + "), but was "
          + b.cap();
    }
    if (!(b.jitter() >= 0.0 && b.jitter() <= 1.0)) {
      return "backoff jitter must be between 0 and 1, but was " + b.jitter();
    }
    return null;
  }

  /**
   * Why a lease request would be refused: the type, {@code max} outside 1..{@code max-batch}, or a
   * lease not in (0, {@code max-lease}] ({@code null} = the default lease).
   */
  public static String leaseRequestProblem(
      TaskQueueSettings settings, String type, int max, Duration lease) {
    String problem = typeProblem(settings, type);
    if (problem != null) {
      return problem;
    }
    problem = limitProblem(settings, "max", max);
    if (problem != null) {
      return problem;
    }
    return lease == null ? null : leaseProblem(settings, "lease", lease);
  }

  /** Why a lease or timeout would be refused: below 1ms, or above {@code max-lease}. */
  public static String leaseProblem(TaskQueueSettings settings, String name, Duration d) {
    if (d.isNegative() || d.toMillis() == 0) {
      return name + " must be at least 1ms, but was " + d;
    }
    if (d.compareTo(settings.maxLease()) > 0) {
      return name
          + " must be <= bounded.task-queue.max-lease ("
          + settings.maxLease()
          + "), but was "
          + d;
    }
    return null;
  }

  /** Why a batch size ({@code max} of a lease, {@code limit} of a listing) would be refused. */
  public static String limitProblem(TaskQueueSettings settings, String name, int n) {
    if (n < 1 || n > settings.maxBatch()) {
      return name
          + " must be between 1 and bounded.task-queue.max-batch ("
          + settings.maxBatch()
          + "), but was "
          + n;
    }
    return null;
  }

  /** Why a handler's concurrency would be refused: outside 1..{@code max-handler-concurrency}. */
  public static String concurrencyProblem(TaskQueueSettings settings, int concurrency) {
    if (concurrency < 1 || concurrency > settings.maxHandlerConcurrency()) {
      return "concurrency must be between 1 and bounded.task-queue.max-handler-concurrency ("
          + settings.maxHandlerConcurrency()
          + "), but was "
          + concurrency;
    }
    return null;
  }

  /** A backoff type by its JSON name, or {@code null}. */
  public static BackoffType backoffType(String name) {
    return BackoffType.fromKey(name);
  }

  /** An error text cut to {@code max-error-length} characters. */
  public static String cutError(TaskQueueSettings settings, String error) {
    int max = settings.maxErrorLength();
    return error.length() <= max ? error : error.substring(0, max);
  }

  private static String keyProblem(TaskQueueSettings settings, String name, String value) {
    if (value.isEmpty()) {
      return name + " must not be empty";
    }
    if (value.length() > settings.maxKeyLength()) {
      return name
          + " is "
          + value.length()
          + " characters, longer than bounded.task-queue.max-key-length ("
          + settings.maxKeyLength()
          + ")";
    }
    return null;
  }

  private static String tooFar(String name, Duration d, TaskQueueSettings settings) {
    return name
        + " must be at most bounded.task-queue.max-delay ("
        + settings.maxDelay()
        + ") from now, but was "
        + d;
  }

  /** The UTF-8 length of {@code s}, counting no further than just past {@code limit}. */
  static long utf8Length(String s, long limit) {
    if (s.length() > limit) {
      return s.length();
    }
    long n = 0;
    for (int i = 0; i < s.length() && n <= limit; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The later of {@code now} and {@code runAt}, or now + delay: when a new task is due. */
  static long dueAt(TaskSpec spec, long nowMillis) {
    if (spec.runAt() != null) {
      return Math.max(nowMillis, spec.runAt().toEpochMilli());
    }
    if (spec.delay() != null) {
      return nowMillis + spec.delay().toMillis();
    }
    return nowMillis;
  }
}
