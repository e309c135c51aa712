package io.bounded.testkit;

import io.bounded.actors.memoizer.Memoized;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A memoizer passes the bound-conformance contract: an insert is a get of a new key. */
class MemoizerContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.memoizer { max-entries = 100, ttl = 2h, cleanup-interval = 20m }");

  private Memoized<Integer, String> memoized;

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    if (memoized == null) {
      Function<Integer, String> square = i -> "value-" + ((long) i * i);
      memoized = bounded.runtime().memoize("contract", square);
    }
    Memoized<Integer, String> m = memoized;
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        return ContractAnswers.answered(m.get(i));
      }

      public CompletionStage<ComponentStats> stats() {
        return m.stats();
      }

      public Duration expiry() {
        return bounded.runtime().settings().memoizer().ttl();
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().memoizer().cleanupInterval();
      }
    };
  }
}
