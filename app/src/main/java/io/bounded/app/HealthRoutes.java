package io.bounded.app;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.ComponentHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health}: 200 when every component answered its stats request within {@code
 * bounded.runtime.ask-timeout}, 503 otherwise; the body gives each component's state. Open even
 * when a token is configured, so that load balancers and orchestrators can probe it.
 */
final class HealthRoutes extends RouteSupport {
  private final BoundedRuntime runtime;
  private final Instant started;

  HealthRoutes(BoundedRuntime runtime) {
    this.runtime = runtime;
    this.started = Clock.systemUTC().instant();
  }

  @Override
  Route route() {
    return path("health", () -> resource(HttpMethods.GET, () -> completeWithFuture(health())));
  }

  private CompletionStage<HttpResponse> health() {
    List<CompletableFuture<Map.Entry<String, Map<String, Object>>>> probes = new ArrayList<>();
    for (ComponentHandle<?> c : runtime.components()) {
      probes.add(
          runtime
              .stats(c)
              .toCompletableFuture()
              .handle(
                  (s, e) -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    if (e == null) {
                      state.put("status", "up");
                      state.put("size", s.size());
                      state.put("capacity", s.capacity());
                      state.put("mailboxOverflows", s.mailboxOverflows());
                    } else {
                      state.put("status", "unresponsive");
                      state.put("detail", ErrorHandling.unwrap(e).getClass().getSimpleName());
                    }
                    return Map.entry(c.name(), state);
                  }));
    }
    return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, Object> components = new LinkedHashMap<>();
              boolean up = true;
              for (CompletableFuture<Map.Entry<String, Map<String, Object>>> p : probes) {
                // complete after allOf: getNow reads the result without waiting
                Map.Entry<String, Map<String, Object>> e = p.getNow(null);
                components.put(e.getKey(), e.getValue());
                up &= "up".equals(e.getValue().get("status"));
              }
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("status", up ? "up" : "degraded");
              body.put(
                  "uptimeSeconds",
                  Duration.between(started, Clock.systemUTC().instant()).toSeconds());
              body.put("components", components);
              return Json.response(up ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
            });
  }
}
