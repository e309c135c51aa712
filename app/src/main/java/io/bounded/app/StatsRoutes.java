package io.bounded.app;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.protocols.ComponentStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /stats}: every component's {@link ComponentStats} under its name, plus a {@code
 * runtime} section (dropped log lines, heap); {@code GET /stats/{component}}: one component's.
 */
final class StatsRoutes extends RouteSupport {
  private final BoundedRuntime runtime;

  StatsRoutes(BoundedRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  Route route() {
    return pathPrefix(
        "stats",
        () ->
            concat(
                pathEnd(() -> resource(HttpMethods.GET, this::all)),
                path(PathMatchers.segment(), name -> resource(HttpMethods.GET, () -> one(name)))));
  }

  private Route all() {
    return completeWithFuture(
        runtime
            .stats()
            .thenApply(
                stats -> {
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("runtime", runtimeSection());
                  for (ComponentHandle<?> c : runtime.components()) {
                    ComponentStats s = stats.get(c.name());
                    if (s != null) {
                      body.put(c.name(), Json.stats(s));
                    }
                  }
                  return Json.response(StatusCodes.OK, body);
                }));
  }

  private Route one(String name) {
    Optional<ComponentHandle<?>> handle =
        runtime.components().stream().filter(c -> c.name().equals(name)).findFirst();
    if (handle.isEmpty()) {
      return complete(
          Json.error(
              StatusCodes.NOT_FOUND,
              "not found",
              "no component named \""
                  + name
                  + "\"; components: "
                  + runtime.components().stream().map(ComponentHandle::name).toList()));
    }
    return completeWithFuture(
        runtime.stats(handle.get()).thenApply(s -> Json.response(StatusCodes.OK, Json.stats(s))));
  }

  private Map<String, Object> runtimeSection() {
    Runtime jvm = Runtime.getRuntime();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("droppedLogLines", runtime.droppedLogLines());
    m.put("heapUsedBytes", jvm.totalMemory() - jvm.freeMemory());
    m.put("heapMaxBytes", jvm.maxMemory());
    return m;
  }
}
