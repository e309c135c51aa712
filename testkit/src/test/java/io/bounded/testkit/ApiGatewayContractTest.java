package io.bounded.testkit;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API gateway passes the bound-conformance contract: an insert is a new route; past max-routes
 * a route is rejected. Routes live until removed, so there is no expiry to test.
 */
class ApiGatewayContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.api-gateway { max-routes = 100, cleanup-interval = 10m }");

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
        ApiGatewayProtocol.RouteSpec route =
            new ApiGatewayProtocol.RouteSpec(
                "route-" + i,
                "/route-" + i,
                List.of(URI.create("http://127.0.0.1:9")),
                null,
                null,
                null,
                null,
                null);
        return EdgeFutures.ask(
            runtime.apiGateway(),
            (ActorRef<ApiGatewayProtocol.PutRouteReply> r) ->
                new ApiGatewayProtocol.PutRoute(route, r),
            timeout,
            runtime.system().scheduler(),
            runtime.executor());
      }

      public CompletionStage<ComponentStats> stats() {
        return EdgeFutures.ask(
            runtime.apiGateway(),
            ApiGatewayProtocol.GetStats::new,
            timeout,
            runtime.system().scheduler(),
            runtime.executor());
      }

      public Duration expiry() {
        throw new UnsupportedOperationException("routes never expire");
      }

      public Duration cleanupInterval() {
        return runtime.settings().apiGateway().cleanupInterval();
      }

      public boolean expires() {
        return false;
      }
    };
  }
}
