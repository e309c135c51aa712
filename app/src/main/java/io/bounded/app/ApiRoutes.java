package io.bounded.app;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.NodeSettings;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's whole API: {@code /health} (always open), then, behind the bearer token when one is
 * configured, {@code /stats}, {@code /metrics}, {@code /cache}, {@code /events}, {@code /admin}.
 * Every answer that is not a success carries the JSON error body; every response is counted in the
 * metrics.
 */
final class ApiRoutes extends AllDirectives {
  private final BoundedRuntime runtime;
  private final NodeSettings node;
  private final Metrics metrics;
  private final BearerToken token;
  private final ErrorHandling errors;

  ApiRoutes(BoundedRuntime runtime, NodeSettings node, Metrics metrics) {
    this.runtime = runtime;
    this.node = node;
    this.metrics = metrics;
    this.token = new BearerToken(node.apiToken());
    this.errors = new ErrorHandling(node.maxBody());
  }

  Route route() {
    Route health = new HealthRoutes(runtime).route();
    Route guarded =
        concat(
            new StatsRoutes(runtime).route(),
            new MetricsRoutes(metrics).route(),
            new CacheRoutes(
                    runtime.cacheClient(),
                    runtime.settings().cache(),
                    node.maxBody(),
                    node.requestTimeout())
                .route(),
            new EventRoutes(
                    runtime.eventBusClient(),
                    runtime.settings().eventBus(),
                    node.maxBody(),
                    node.requestTimeout())
                .route(),
            new TracerRoutes(
                    runtime.tracerClient(),
                    runtime.settings().tracer(),
                    node.maxBody(),
                    node.requestTimeout())
                .route(),
            new TaskQueueRoutes(runtime.taskQueueClient(), runtime.settings().taskQueue()).route(),
            new AdminRoutes(runtime).route(),
            new ApiGatewayRoutes(runtime, node.requestTimeout()).route(),
            new IpTrackerRoutes(runtime, node.requestTimeout()).route());
    return withRequestTimeoutResponse(
        request ->
            Json.error(
                StatusCodes.SERVICE_UNAVAILABLE,
                "timeout",
                "no answer within bounded.node.http.request-timeout ("
                    + node.requestTimeout()
                    + ")"),
        () ->
            mapResponse(
                response -> {
                  metrics.countResponse(response.status().intValue());
                  return response;
                },
                () -> errors.wrap(concat(health, authenticated(guarded)))));
  }

  private Route authenticated(Route inner) {
    if (!token.required()) {
      return inner;
    }
    return extractRequest(
        request ->
            token.accepts(request.getHeader("Authorization").map(HttpHeader::value))
                ? inner
                : complete(
                    Json.error(
                        StatusCodes.UNAUTHORIZED,
                        "unauthorized",
                        "this endpoint requires \"Authorization: Bearer <token>\" with the token of"
                            + " bounded.node.api.token",
                        WWWAuthenticate.create(HttpChallenge.create("Bearer", "bounded")))));
  }
}
