package io.bounded.testkit;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IP tracker passes the bound-conformance contract: an insert is a check of a new address. */
class IpTrackerContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.ip-tracker { max-addresses = 100, window = 10m, cleanup-interval = 1m }");

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    BoundedRuntime runtime = bounded.runtime();
    Duration timeout = runtime.settings().runtime().askTimeout();
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        String address = "10.1." + (i / 250) + "." + (i % 250 + 1);
        return ContractAnswers.answered(
            EdgeFutures.ask(
                runtime.ipTracker(),
                (ActorRef<IpTrackerProtocol.CheckReply> r) ->
                    new IpTrackerProtocol.Check(address, null, r),
                timeout,
                runtime.system().scheduler(),
                runtime.executor()));
      }

      public CompletionStage<ComponentStats> stats() {
        return EdgeFutures.ask(
            runtime.ipTracker(),
            IpTrackerProtocol.GetStats::new,
            timeout,
            runtime.system().scheduler(),
            runtime.executor());
      }

      public Duration expiry() {
        return runtime.settings().ipTracker().window();
      }

      public Duration cleanupInterval() {
        return runtime.settings().ipTracker().cleanupInterval();
      }
    };
  }
}
