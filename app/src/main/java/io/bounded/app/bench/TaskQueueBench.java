package io.bounded.app.bench;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Registered;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The task queue benchmark: tasks per second through enqueue → in-process no-op handler → ack, at
 * concurrency 1 and 16, side by side in one JVM run with a {@link ThreadPoolExecutor} over a
 * bounded {@link ArrayBlockingQueue} running the same no-op work. Run it from the shaded jar:
 *
 * <pre>{@code java -cp app/target/bounded-app.jar io.bounded.app.bench.TaskQueueBench [scale]}
 * </pre>
 *
 * <p>Both sides keep at most {@link #WINDOW} tasks outstanding (enqueued, not yet run), below the
 * queue's {@code max-tasks} and inbox and the executor's queue capacity, so neither ever refuses a
 * task. {@code scale} (default 1.0) multiplies the task counts. Absolute figures move between runs
 * on a shared machine; compare the ratios of one run. Target: the queue at least 0.30 of the
 * executor.
 */
public final class TaskQueueBench {
  private static final int WINDOW = 5_000;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final double scale;
  private final PrintStream out;

  private TaskQueueBench(double scale, PrintStream out) {
    this.scale = scale;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    new TaskQueueBench(scale, System.out).run();
  }

  private long n(long base) {
    return Math.max(10_000, (long) (base * scale));
  }

  public void run() throws Exception {
    out.printf(
        "Bounded task queue bench: %d cores, max heap %d MiB, Java %s, scale %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        scale);
    int[] concurrencies = {1, 16};
    double[] executor = new double[concurrencies.length];
    double[] queue = new double[concurrencies.length];
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.task-queue.max-tasks = 10000"))) {
      int lane = 0;
      for (int round = 0; round < 3; round++) { // round 0 warms up
        for (int i = 0; i < concurrencies.length; i++) {
          long tasks = n(round == 0 ? 100_000 : 400_000);
          executor[i] = executor(concurrencies[i], tasks);
          queue[i] = queue(runtime, "bench-" + (lane++), concurrencies[i], tasks);
        }
      }
      ComponentStats s = runtime.taskQueueClient().stats().toCompletableFuture().get();
      out.printf(
          "task queue after the run: %d succeeded in all, %d rejected, %d mailbox overflows%n",
          s.gauge("succeeded-total"), s.rejections(), s.mailboxOverflows());
    }
    out.println();
    out.printf("%-58s %14s %10s%n", "measurement", "tasks/s", "ratio");
    for (int i = 0; i < concurrencies.length; i++) {
      row(
          "ThreadPoolExecutor(" + concurrencies[i] + ") + ArrayBlockingQueue, no-op",
          executor[i],
          null);
      row(
          "task queue enqueue → handler (concurrency " + concurrencies[i] + ") → ack",
          queue[i],
          queue[i] / executor[i]);
    }
    out.printf("%-58s %14s %10s%n", "", "", "(vs executor; target >= 0.30)");
  }

  private void row(String name, double perSec, Double ratio) {
    out.printf(
        Locale.ROOT,
        "%-58s %,14.0f %10s%n",
        name,
        perSec,
        ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio));
  }

  /** The baseline: the same no-op work on a bounded thread pool. */
  static double executor(int threads, long tasks) throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(2 * WINDOW));
    AtomicLong done = new AtomicLong();
    Runnable work = done::incrementAndGet;
    long start = System.nanoTime();
    for (long i = 0; i < tasks; i++) {
      while (i - done.get() >= WINDOW) {
        Thread.onSpinWait();
      }
      pool.execute(work);
    }
    while (done.get() < tasks) {
      Thread.onSpinWait();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    return tasks * 1e9 / elapsed;
  }

  /**
   * Tell-only enqueues into the queue, a no-op handler registered for the type; finished when the
   * queue reports every task succeeded (settled by the actor, not just run).
   */
  static double queue(BoundedRuntime runtime, String type, int concurrency, long tasks)
      throws Exception {
    TaskQueueClient client = runtime.taskQueueClient();
    ActorRef<TaskQueueProtocol.Command> ref = runtime.taskQueue();
    AtomicLong ran = new AtomicLong();
    Object reply =
        client
            .register(
                type,
                concurrency,
                task -> {
                  ran.incrementAndGet();
                  return DONE;
                })
            .toCompletableFuture()
            .get(1, TimeUnit.MINUTES);
    if (!(reply instanceof Registered)) {
      throw new IllegalStateException("could not register: " + reply);
    }
    long before = client.stats().toCompletableFuture().get().gauge("succeeded-total");
    TaskSpec spec = TaskSpec.of(type, "{}");
    TaskQueueProtocol.Enqueue enqueue = new TaskQueueProtocol.Enqueue(spec, null);
    long start = System.nanoTime();
    for (long i = 0; i < tasks; i++) {
      while (i - ran.get() >= WINDOW) {
        Thread.onSpinWait();
      }
      ref.tell(enqueue);
    }
    long settled;
    do {
      settled =
          client.stats().toCompletableFuture().get(1, TimeUnit.MINUTES).gauge("succeeded-total")
              - before;
    } while (settled < tasks);
    long elapsed = System.nanoTime() - start;
    if (settled != tasks) {
      throw new IllegalStateException("settled " + settled + " of " + tasks);
    }
    client.unregister(type).toCompletableFuture().get(1, TimeUnit.MINUTES);
    return tasks * 1e9 / elapsed;
  }
}
