package io.bounded.testkit;

import io.bounded.actors.cache.CacheClient;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

// README-BEGIN contract
/** The cache passes the bound-conformance contract (run yours with your own config). */
class CacheContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.cache { max-entries = 200, default-ttl = 2h, cleanup-interval = 20m }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    CacheClient cache = bounded.cacheClient();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        return cache.putString("key-" + i, "value-" + i);
      }

      public CompletionStage<ComponentStats> stats() {
        return cache.stats();
      }

      public Duration expiry() {
        return bounded.runtime().settings().cache().defaultTtl();
      }

      public Duration cleanupInterval() {
        return bounded.runtime().settings().cache().cleanupInterval();
      }
    };
  }
}
// README-END contract
