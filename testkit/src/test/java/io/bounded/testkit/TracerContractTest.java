package io.bounded.testkit;

import io.bounded.actors.tracer.TracerClient;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tracer passes the bound-conformance contract: an insert is a started span, size counts active
 * spans, and a span open longer than max-span-duration expires (ended as orphaned).
 */
class TracerContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.tracer { max-active-spans = 100, max-span-duration = 1h, cleanup-interval = 5m"
              + ", sample-ratio = 1.0 }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    TracerClient tracer = bounded.runtime().tracerClient();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        // starting a span is fire and forget: the stats asked after it are its answer
        tracer.startSpan("contract", "span-" + i, SpanKind.INTERNAL, null, Map.of());
        return tracer.stats();
      }

      public CompletionStage<ComponentStats> stats() {
        return tracer.stats();
      }

      public Duration expiry() {
        return bounded.runtime().settings().tracer().maxSpanDuration();
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().tracer().cleanupInterval();
      }
    };
  }
}
