package io.bounded.testkit;

import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task queue passes the bound-conformance contract: an insert is a task of a type no handler
 * runs, so it stays pending; past max-tasks it is answered QueueFull (a counted rejection). Pending
 * tasks never expire (completed-retention applies to finished tasks, which size does not count), so
 * there is no expiry to test on size.
 */
class TaskQueueContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.task-queue { max-tasks = 100, max-finished = 100, cleanup-interval = 30m }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    TaskQueueClient queue = bounded.runtime().taskQueueClient();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        return ContractAnswers.answered(queue.enqueue(TaskSpec.of("no-handler", "task-" + i)));
      }

      public CompletionStage<ComponentStats> stats() {
        return queue.stats();
      }

      public Duration expiry() {
        throw new UnsupportedOperationException("pending tasks never expire");
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().taskQueue().cleanupInterval();
      }

      public boolean expires() {
        return false;
      }
    };
  }
}
