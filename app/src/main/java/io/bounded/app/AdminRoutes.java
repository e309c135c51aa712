package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Operator endpoints.
 *
 * <ul>
 *   <li>{@code GET /admin/config} → the effective {@code bounded} configuration as JSON, secrets
 *       ({@code token}, {@code password} keys) shown as {@code "***"} when set;
 *   <li>{@code POST /admin/shutdown} → 202, then Pekko's coordinated shutdown: the listener stops
 *       accepting, in-flight requests get {@code bounded.node.http.shutdown-deadline}, components
 *       stop, the process exits.
 * </ul>
 */
final class AdminRoutes extends RouteSupport {
  /** Why the node stopped, as seen by coordinated shutdown's tasks. */
  enum AdminShutdown implements CoordinatedShutdown.Reason {
    INSTANCE;

    @Override
    public String toString() {
      return "POST /admin/shutdown";
    }
  }

  private static final Duration RESPONSE_GRACE = Duration.ofMillis(250);

  private final BoundedRuntime runtime;

  AdminRoutes(BoundedRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  Route route() {
    return pathPrefix(
        "admin",
        () ->
            concat(
                path("config", () -> resource(HttpMethods.GET, this::config)),
                path("shutdown", () -> resource(HttpMethods.POST, this::shutdown))));
  }

  private Route config() {
    Config bounded = redact(runtime.config().getConfig("bounded"));
    return complete(Json.response(StatusCodes.OK, bounded.root().unwrapped()));
  }

  private Route shutdown() {
    // started a moment later, so that this response leaves before the listener stops
    runtime
        .system()
        .scheduler()
        .scheduleOnce(
            RESPONSE_GRACE,
            () -> CoordinatedShutdown.get(runtime.system()).runAll(AdminShutdown.INSTANCE),
            runtime.system().executionContext());
    return complete(
        Json.response(
            StatusCodes.ACCEPTED,
            Map.of("status", "shutting down", "reason", "POST /admin/shutdown")));
  }

  static Config redact(Config config) {
    Config result = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      boolean secret = key.endsWith("token") || key.endsWith("password") || key.endsWith("secret");
      if (secret && !String.valueOf(e.getValue().unwrapped()).isEmpty()) {
        result = result.withValue(e.getKey(), ConfigValueFactory.fromAnyRef("***"));
      }
    }
    return result;
  }
}
