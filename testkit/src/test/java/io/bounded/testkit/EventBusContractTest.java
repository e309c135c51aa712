package io.bounded.testkit;

import io.bounded.actors.eventbus.EventBusClient;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event bus passes the bound-conformance contract: an insert is a published event. */
class EventBusContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.event-bus { max-events = 100, retention = 2h, cleanup-interval = 20m }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    EventBusClient bus = bounded.runtime().eventBusClient();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        // a few topics, so the bound is checked across topics, not per topic
        return ContractAnswers.answered(bus.publish("topic-" + (i % 3), "event-" + i));
      }

      public CompletionStage<ComponentStats> stats() {
        return bus.stats();
      }

      public Duration expiry() {
        return bounded.runtime().settings().eventBus().retention();
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().eventBus().cleanupInterval();
      }
    };
  }
}
