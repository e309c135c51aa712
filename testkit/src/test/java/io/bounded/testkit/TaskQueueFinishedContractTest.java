package io.bounded.testkit;

import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task queue's finished tasks pass the bound-conformance contract: an insert is a task
 * enqueued, leased and acked; size is the {@code finished} gauge, capacity {@code max-finished}; a
 * finished task expires after completed-retention. (Pending tasks: {@link TaskQueueContractTest}.)
 */
class TaskQueueFinishedContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.task-queue { max-tasks = 100, max-finished = 20, completed-retention = 2h"
              + ", cleanup-interval = 30m }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    TaskQueueClient queue = bounded.runtime().taskQueueClient();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        return queue
            .enqueue(TaskSpec.of("pulled", "task-" + i))
            .thenCompose(enqueued -> queue.lease("pulled", 1, Duration.ofMinutes(1)))
            .thenCompose(
                leased -> {
                  TaskQueueProtocol.Task t = ((TaskQueueProtocol.Leased) leased).tasks().get(0);
                  return queue.ack(t.id(), t.lease());
                });
      }

      public CompletionStage<ComponentStats> stats() {
        return queue.stats().thenApply(this::finishedOnly);
      }

      /** The stats with size and capacity those of the finished tasks. */
      private ComponentStats finishedOnly(ComponentStats s) {
        return new ComponentStats(
            s.name(),
            s.gauge("finished"),
            s.gauge("max-finished"),
            s.inserts(),
            s.hits(),
            s.misses(),
            s.evictions(),
            s.expirations(),
            s.rejections(),
            s.drops(),
            s.mailboxOverflows(),
            s.cleanupRuns(),
            s.cleanupFailures(),
            s.lastCleanupDuration(),
            s.byCause(),
            s.gauges(),
            s.recent());
      }

      public Duration expiry() {
        return bounded.runtime().settings().taskQueue().completedRetention();
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().taskQueue().cleanupInterval();
      }
    };
  }
}
