package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The task queue's standard workload, reusing {@link TaskQueueBench}: no-op tasks through enqueue →
 * in-process handler → ack at concurrency 1 and 16, against a {@code ThreadPoolExecutor} of as many
 * threads over a bounded queue.
 */
final class TaskQueueWorkload implements Workload {
  private static final int[] CONCURRENCY = {1, 16};
  private final AtomicInteger types = new AtomicInteger();

  @Override
  public String name() {
    return "task-queue";
  }

  @Override
  public String description() {
    return "task queue enqueue → no-op handler → ack vs ThreadPoolExecutor, concurrency 1 and 16";
  }

  @Override
  public int measurements() {
    return 2 * CONCURRENCY.length;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    List<Row> rows = new ArrayList<>();
    for (int c : CONCURRENCY) {
      Measurement executor =
          ctx.measure(
              "ThreadPoolExecutor(" + c + "), no-op",
              false,
              (deadline, h) ->
                  Workloads.chunks(
                      deadline,
                      200_000,
                      n -> {
                        TaskQueueBench.executor(c, n);
                        return n;
                      }));
      Measurement queue =
          ctx.measure(
              "task queue, concurrency " + c + ", no-op",
              false,
              (deadline, h) ->
                  Workloads.chunks(
                      deadline,
                      100_000,
                      n -> {
                        TaskQueueBench.queue(runtime, "bench-" + types.incrementAndGet(), c, n);
                        return n;
                      }));
      rows.add(Row.baseline(name(), executor));
      rows.add(Row.compared(name(), queue, executor));
    }
    return rows;
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) throws Exception {
    return Optional.of(new TaskQueueSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
