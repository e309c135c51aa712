package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the task queue, from {@code bounded.task-queue}. The queue holds at most {@code
 * maxTasks} pending, delayed and running tasks (past it an enqueue is rejected: pending work is
 * never evicted) and remembers at most {@code maxFinished} finished ones, none longer than {@code
 * completedRetention}.
 *
 * @param maxTasks most pending + delayed + running tasks ({@code bounded.task-queue.max-tasks})
 * @param maxFinished most finished tasks remembered ({@code bounded.task-queue.max-finished})
 * @param completedRetention finished tasks older than this are dropped ({@code
 *     bounded.task-queue.completed-retention})
 * @param cleanupInterval how often finished tasks past retention are dropped ({@code
 *     bounded.task-queue.cleanup-interval})
 * @param defaultMaxAttempts attempts of a task that does not say otherwise ({@code
 *     bounded.task-queue.default-max-attempts})
 * @param backoff retry backoff of a task that does not say otherwise ({@code
 *     bounded.task-queue.backoff})
 * @param defaultLease lease granted to a pull worker that does not ask for one ({@code
 *     bounded.task-queue.default-lease})
 * @param maxLease longest lease a worker may ask for ({@code bounded.task-queue.max-lease})
 * @param maxPayloadBytes largest task payload, in bytes ({@code
 *     bounded.task-queue.max-payload-bytes})
 * @param maxBytes most payload bytes held by live and finished tasks together, counted as the JVM
 *     holds them (2 per character) ({@code bounded.task-queue.max-bytes})
 * @param maxTypes most task types known at once: types with live tasks, a handler or a pause
 *     ({@code bounded.task-queue.max-types})
 * @param maxBatch most tasks one lease or one listing may return ({@code
 *     bounded.task-queue.max-batch})
 * @param maxDelay longest delay (or farthest {@code runAt}) an enqueue may ask for ({@code
 *     bounded.task-queue.max-delay})
 * @param maxKeyLength longest task type or idempotency key, in characters ({@code
 *     bounded.task-queue.max-key-length})
 * @param maxErrorLength longest error message kept per task; longer ones are cut ({@code
 *     bounded.task-queue.max-error-length})
 * @param maxHandlerConcurrency most concurrent runs one in-process handler may ask for ({@code
 *     bounded.task-queue.max-handler-concurrency})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.task-queue.mailbox-capacity})
 */
public record TaskQueueSettings(
    int maxTasks,
    int maxFinished,
    Duration completedRetention,
    Duration cleanupInterval,
    int defaultMaxAttempts,
    Backoff backoff,
    Duration defaultLease,
    Duration maxLease,
    long maxPayloadBytes,
    long maxBytes,
    int maxTypes,
    int maxBatch,
    Duration maxDelay,
    int maxKeyLength,
    int maxErrorLength,
    int maxHandlerConcurrency,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.task-queue";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public TaskQueueSettings {
    Problems p =
        check(
            maxTasks,
            maxFinished,
            completedRetention,
            cleanupInterval,
            defaultMaxAttempts,
            defaultLease,
            maxLease,
            maxPayloadBytes,
            maxBytes,
            maxTypes,
            maxBatch,
            maxDelay,
            maxKeyLength,
            maxErrorLength,
            maxHandlerConcurrency,
            mailboxCapacity);
    p.require(backoff != null, "backoff", "set", "null");
    p.throwIfAny();
  }

  /**
   * Retry backoff, from {@code bounded.task-queue.backoff}. The delay before retry {@code n} (from
   * 1) is {@code base} for {@link Type#FIXED} and {@code base * 2^(n-1)} for {@link
   * Type#EXPONENTIAL}, never more than {@code cap}, then spread at random by up to {@code jitter}
   * of itself either way.
   *
   * @param type how the delay grows ({@code bounded.task-queue.backoff.type})
   * @param base first retry delay ({@code bounded.task-queue.backoff.base})
   * @param cap longest retry delay ({@code bounded.task-queue.backoff.cap})
   * @param jitter random spread of each delay, as a fraction 0..1 ({@code
   *     bounded.task-queue.backoff.jitter})
   */
  public record Backoff(Type type, Duration base, Duration cap, double jitter) {

    /** The config section. */
    public static final String PATH = TaskQueueSettings.PATH + ".backoff";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public Backoff {
      Problems p = new Problems(PATH);
      p.require(type != null, "type", "one of " + Type.configNames(), "null");
      p.positive("base", base);
      p.positive("cap", cap);
      p.atLeast("cap", cap, base, "base");
      p.between("jitter", jitter, 0.0, 1.0);
      p.throwIfAny();
    }

    /** How the retry delay grows, as named in config. */
    public enum Type {
      /** Every retry waits {@code base}. */
      FIXED,
      /** Retry {@code n} waits {@code base * 2^(n-1)}, capped. */
      EXPONENTIAL;

      /** The value used in config, e.g. {@code exponential}. */
      public String configName() {
        return name().toLowerCase(Locale.ROOT);
      }

      /** Every config name, for validation messages. */
      public static Set<String> configNames() {
        return Arrays.stream(values()).map(Type::configName).collect(Collectors.toSet());
      }

      /** The type with that config name, or {@code null}. */
      public static Type fromConfigName(String name) {
        for (Type t : values()) {
          if (t.configName().equals(name)) {
            return t;
          }
        }
        return null;
      }
    }
  }

  /**
   * Reads and validates {@code bounded.task-queue}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static TaskQueueSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxTasks = r.integer("max-tasks");
    Integer maxFinished = r.integer("max-finished");
    Duration completedRetention = r.duration("completed-retention");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Integer defaultMaxAttempts = r.integer("default-max-attempts");
    String typeName = r.string("backoff.type");
    Duration base = r.duration("backoff.base");
    Duration cap = r.duration("backoff.cap");
    Double jitter = r.decimal("backoff.jitter");
    Duration defaultLease = r.duration("default-lease");
    Duration maxLease = r.duration("max-lease");
    Long maxPayloadBytes = r.bytes("max-payload-bytes");
    Long maxBytes = r.bytes("max-bytes");
    Integer maxTypes = r.integer("max-types");
    Integer maxBatch = r.integer("max-batch");
    Duration maxDelay = r.duration("max-delay");
    Integer maxKeyLength = r.integer("max-key-length");
    Integer maxErrorLength = r.integer("max-error-length");
    Integer maxHandlerConcurrency = r.integer("max-handler-concurrency");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    if (typeName != null) {
      r.problems().oneOf("backoff.type", typeName, Backoff.Type.configNames());
    }
    r.problems().throwIfAny();

    Problems p = new Problems(PATH);
    p.addAll(
        check(
                maxTasks,
                maxFinished,
                completedRetention,
                cleanupInterval,
                defaultMaxAttempts,
                defaultLease,
                maxLease,
                maxPayloadBytes,
                maxBytes,
                maxTypes,
                maxBatch,
                maxDelay,
                maxKeyLength,
                maxErrorLength,
                maxHandlerConcurrency,
                mailboxCapacity)
            .list());
    Backoff backoff =
        p.collect(() -> new Backoff(Backoff.Type.fromConfigName(typeName), base, cap, jitter));
    p.throwIfAny();
    return new TaskQueueSettings(
        maxTasks,
        maxFinished,
        completedRetention,
        cleanupInterval,
        defaultMaxAttempts,
        backoff,
        defaultLease,
        maxLease,
        maxPayloadBytes,
        maxBytes,
        maxTypes,
        maxBatch,
        maxDelay,
        maxKeyLength,
        maxErrorLength,
        maxHandlerConcurrency,
        mailboxCapacity);
  }

  /** The rules on this record's own fields; the nested backoff checks itself. */
  private static Problems check(
      int maxTasks,
      int maxFinished,
      Duration completedRetention,
      Duration cleanupInterval,
      int defaultMaxAttempts,
      Duration defaultLease,
      Duration maxLease,
      long maxPayloadBytes,
      long maxBytes,
      int maxTypes,
      int maxBatch,
      Duration maxDelay,
      int maxKeyLength,
      int maxErrorLength,
      int maxHandlerConcurrency,
      int mailboxCapacity) {
    Problems p = new Problems(PATH);
    p.between("max-tasks", maxTasks, 1, 100_000_000);
    p.between("max-finished", maxFinished, 1, 100_000_000);
    p.positive("completed-retention", completedRetention);
    p.positive("cleanup-interval", cleanupInterval);
    p.between("default-max-attempts", defaultMaxAttempts, 1, 1000);
    p.positive("default-lease", defaultLease);
    p.atMost("default-lease", defaultLease, maxLease, "max-lease");
    p.positive("max-lease", maxLease);
    p.positive("max-payload-bytes", maxPayloadBytes);
    p.positive("max-bytes", maxBytes);
    p.require(
        maxBytes <= 0 || maxPayloadBytes <= 0 || maxBytes >= 2 * maxPayloadBytes,
        "max-bytes",
        ">= 2 x max-payload-bytes (" + 2 * maxPayloadBytes + "), so the largest payload fits",
        maxBytes);
    p.between("max-types", maxTypes, 1, 1_000_000);
    p.between("max-batch", maxBatch, 1, 100_000);
    p.positive("max-delay", maxDelay);
    p.between("max-key-length", maxKeyLength, 1, 65_536);
    p.between("max-error-length", maxErrorLength, 1, 1_048_576);
    p.between("max-handler-concurrency", maxHandlerConcurrency, 1, 10_000);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    return p;
  }
}
