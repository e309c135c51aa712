package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.EnqueueReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Enqueued;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The task queue as an embedding application uses it: started by the runtime, via its client. */
class TaskQueueEmbeddingTest {
  @Test
  void registerBlockingAndEnqueue_inRuntime_runsOnBlockingDispatcherAndSucceeds() throws Exception {
    ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.task-queue.max-tasks = 100"))) {
      TaskQueueClient tasks = runtime.taskQueueClient();
      tasks
          .registerBlocking("email", 4, task -> threads.add(Thread.currentThread().getName()))
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      EnqueueReply reply =
          tasks
              .enqueue(
                  TaskSpec.of("email", "{\"to\":\"ada@example.com\"}")
                      .withPriority(5)
                      .withIdempotencyKey("welcome-42"))
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      assertThat(reply).isInstanceOf(Enqueued.class);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      ComponentStats s = tasks.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
      while (s.gauge("succeeded-total") < 1 && System.nanoTime() < deadline) {
        s = tasks.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
      assertThat(s.gauge("succeeded-total")).isEqualTo(1);
      assertThat(s.name()).isEqualTo("task-queue");
      assertThat(s.capacity()).isEqualTo(100);
    }
    assertThat(threads).singleElement().asString().contains("blocking-dispatcher");
  }
}
