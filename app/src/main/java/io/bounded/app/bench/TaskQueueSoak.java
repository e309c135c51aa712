package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.TaskQueueSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The task queue under 100 × its {@code max-tasks} of distinct jobs: fire-and-forget enqueues of
 * type {@value #TYPE}, each with its own idempotency key, run by an in-process no-op handler of
 * concurrency {@value #CONCURRENCY}. (No job fails: each dead-lettered task is logged at WARN,
 * which would drown the soak's output.) Enqueues outpace the handler, so the queue fills and
 * refuses ({@code QueueFull}): it never evicts a live task. After a window that met refusals the
 * driver waits for the queue to drain to half its capacity, then fills it again. The size is the
 * live tasks; finished ones are held under {@code max-finished}.
 */
final class TaskQueueSoak implements SoakSubject {
  static final String TYPE = "soak";
  static final int CONCURRENCY = 16;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final BoundedRuntime runtime;
  private final TaskQueueSettings settings;
  private long next;

  TaskQueueSoak(BoundedRuntime runtime) throws Exception {
    this.runtime = runtime;
    this.settings = runtime.settings().taskQueue();
    Object reply =
        runtime
            .taskQueueClient()
            .register(TYPE, Math.min(CONCURRENCY, settings.maxHandlerConcurrency()), task -> DONE)
            .toCompletableFuture()
            .get(SoakDrivers.LOST.toMillis(), TimeUnit.MILLISECONDS);
    if (!(reply instanceof TaskQueueProtocol.Registered)) {
      throw new IllegalStateException("the soak's handler was not registered: " + reply);
    }
  }

  @Override
  public String name() {
    return "task-queue";
  }

  @Override
  public long capacity() {
    return settings.maxTasks();
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    ActorRef<TaskQueueProtocol.Command> queue = runtime.taskQueue();
    int window = SoakDrivers.window(settings.mailboxCapacity());
    long distinct = distinctKeys();
    long n = 0;
    long refusedBefore = stats().gauge("queue-full-total");
    while (!stop.getAsBoolean()) {
      for (int j = 0; j < window; j++, n++) {
        long k = (next + n) % distinct;
        TaskSpec spec = TaskSpec.of(TYPE, "{\"k\":" + k + "}").withIdempotencyKey("soak-" + k);
        queue.tell(new TaskQueueProtocol.Enqueue(spec, null));
      }
      ComponentStats s = stats();
      long refused = s.gauge("queue-full-total");
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
    return SoakDrivers.stats(runtime, runtime.taskQueue(), TaskQueueProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    return SoakSubject.broken(
        SoakSubject.above(s, "finished", settings.maxFinished(), "max-finished"),
        SoakSubject.above(s, "bytes", settings.maxBytes(), "max-bytes"),
        SoakSubject.above(s, "types", settings.maxTypes(), "max-types"));
  }

  @Override
  public String summary(ComponentStats s) {
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; refused QueueFull %,d, succeeded %,d, %,d finished held at the end",
            s.gauge("queue-full-total"),
            s.gauge("succeeded-total"),
            s.gauge("finished"));
  }

  @Override
  public void close() throws Exception {
    runtime
        .taskQueueClient()
        .unregister(TYPE)
        .toCompletableFuture()
        .get(SoakDrivers.LOST.toMillis(), TimeUnit.MILLISECONDS);
  }
}
