package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.config.SettingsReader;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.BreakerView;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteSpec;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteView;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * The gateway's routes over the API listener.
 *
 * <ul>
 *   <li>{@code GET /admin/routes} → 200 {@code {"routes": [...]}}, each with its breakers;
 *   <li>{@code GET /admin/routes/{name}} → 200 the route, or 404;
 *   <li>{@code PUT /admin/routes/{name}}, body a JSON object with the keys of a configured route
 *       ({@code prefix}, {@code upstreams}; optional {@code timeout}, {@code retries}, {@code
 *       retry-backoff}, {@code cache-ttl} as durations such as {@code "5s"}, {@code methods}) → 201
 *       when created, 200 when replaced; 400 naming every broken rule; 409 past {@code max-routes}
 *       or on a prefix another route holds;
 *   <li>{@code DELETE /admin/routes/{name}} → 204, or 404.
 * </ul>
 */
final class ApiGatewayRoutes extends RouteSupport {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "prefix",
          "upstreams",
          "timeout",
          "retries",
          "retry-backoff",
          "cache-ttl",
          "methods");
  private static final long MAX_ROUTE_BODY = 64 * 1024;

  private final BoundedRuntime runtime;
  private final Duration bodyTimeout;

  ApiGatewayRoutes(BoundedRuntime runtime, Duration bodyTimeout) {
    this.runtime = runtime;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  Route route() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "routes",
                () ->
                    concat(
                        pathEnd(() -> resource(HttpMethods.GET, this::list)),
                        path(
                            PathMatchers.segment(),
                            name ->
                                resource(
                                    methods(
                                        HttpMethods.GET,
                                        () -> get(name),
                                        HttpMethods.PUT,
                                        () -> put(name),
                                        HttpMethods.DELETE,
                                        () -> remove(name)))))));
  }

  private Route list() {
    return completeWithFuture(
        ask(ApiGatewayProtocol.ListRoutes::new)
            .thenApply(
                reply -> {
                  if (reply instanceof ApiGatewayProtocol.RouteList list) {
                    List<Object> routes = new ArrayList<>();
                    list.routes().forEach(r -> routes.add(json(r)));
                    return Json.response(StatusCodes.OK, Map.of("routes", routes));
                  }
                  return rejected((ApiGatewayProtocol.Rejected) reply);
                }));
  }

  private Route get(String name) {
    return completeWithFuture(
        ask((ActorRef<ApiGatewayProtocol.GetRouteReply> r) ->
                new ApiGatewayProtocol.GetRoute(name, r))
            .thenApply(
                reply -> {
                  if (reply instanceof ApiGatewayProtocol.RouteFound found) {
                    return Json.response(StatusCodes.OK, json(found.route()));
                  }
                  if (reply instanceof ApiGatewayProtocol.NoSuchRoute) {
                    return noSuchRoute(name);
                  }
                  return rejected((ApiGatewayProtocol.Rejected) reply);
                }));
  }

  private Route remove(String name) {
    return completeWithFuture(
        ask((ActorRef<ApiGatewayProtocol.RemoveRouteReply> r) ->
                new ApiGatewayProtocol.RemoveRoute(name, r))
            .thenApply(
                reply -> {
                  if (reply instanceof ApiGatewayProtocol.RouteRemoved removed) {
                    return removed.existed()
                        ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                        : noSuchRoute(name);
                  }
                  return rejected((ApiGatewayProtocol.Rejected) reply);
                }));
  }

  private Route put(String name) {
    return extractMaterializer(
        mat ->
            extractRequestEntity(
                entity ->
                    completeWithFuture(
                        entity
                            .withSizeLimit(MAX_ROUTE_BODY)
                            .toStrict(bodyTimeout.toMillis(), mat)
                            .thenCompose(
                                strict ->
                                    store(
                                        name,
                                        strict.getData().decodeString(StandardCharsets.UTF_8)))
                            .exceptionally(
                                e -> {
                                  if (ErrorHandling.unwrap(e)
                                      instanceof EntityStreamSizeException) {
                                    return Json.error(
                                        StatusCodes.CONTENT_TOO_LARGE,
                                        "body too large",
                                        "a route is at most " + MAX_ROUTE_BODY + " bytes of JSON");
                                  }
                                  throw new java.util.concurrent.CompletionException(
                                      ErrorHandling.unwrap(e));
                                }))));
  }

  private CompletionStage<HttpResponse> store(String name, String body) {
    Parsed parsed = parse(name, body);
    if (parsed.problems() != null) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          Json.error(StatusCodes.BAD_REQUEST, "bad route", String.join("; ", parsed.problems())));
    }
    return ask((ActorRef<ApiGatewayProtocol.PutRouteReply> r) ->
            new ApiGatewayProtocol.PutRoute(parsed.spec(), r))
        .thenApply(
            reply -> {
              if (reply instanceof ApiGatewayProtocol.RouteStored stored) {
                return Json.response(
                    stored.created() ? StatusCodes.CREATED : StatusCodes.OK, json(stored.route()));
              }
              return rejected((ApiGatewayProtocol.Rejected) reply);
            });
  }

  record Parsed(RouteSpec spec, List<String> problems) {}

  /** The body as a route, with the keys and rules of {@code bounded.api-gateway.routes}. */
  static Parsed parse(String name, String body) {
    Config c;
    try {
      c =
          ConfigFactory.parseString(
              body,
              com.typesafe.config.ConfigParseOptions.defaults()
                  .setSyntax(com.typesafe.config.ConfigSyntax.JSON));
    } catch (ConfigException e) {
      return new Parsed(null, List.of("the body must be a JSON object: " + e.getMessage()));
    }
    SettingsReader r = SettingsReader.within(c, "route");
    Set<String> unknown = new TreeSet<>(c.root().keySet());
    unknown.removeAll(KEYS);
    for (String key : unknown) {
      r.problems().add(key, "is not a route key (known: " + new TreeSet<>(KEYS) + ")");
    }
    if (r.has("name") && !name.equals(c.getValue("name").unwrapped())) {
      r.problems().add("name", "must be the name in the path (\"" + name + "\") when given");
    }
    String prefix = r.string("prefix");
    List<String> upstreamText = r.stringList("upstreams");
    Duration timeout = r.has("timeout") ? r.duration("timeout") : null;
    Integer retries = r.has("retries") ? r.integer("retries") : null;
    Duration backoff = r.has("retry-backoff") ? r.duration("retry-backoff") : null;
    Duration cacheTtl = r.has("cache-ttl") ? r.duration("cache-ttl") : null;
    List<String> methods = r.has("methods") ? r.stringList("methods") : null;
    List<URI> upstreams = new ArrayList<>();
    if (upstreamText != null) {
      for (int i = 0; i < upstreamText.size(); i++) {
        try {
          upstreams.add(new URI(upstreamText.get(i)));
        } catch (URISyntaxException e) {
          r.problems()
              .add(
                  "upstreams[" + i + "]",
                  "must be an absolute http or https URL, but was \"" + upstreamText.get(i) + "\"");
        }
      }
    }
    if (!r.problems().isEmpty()) {
      return new Parsed(null, r.problems().list());
    }
    return new Parsed(
        new RouteSpec(name, prefix, upstreams, timeout, retries, backoff, cacheTtl, methods), null);
  }

  private static Map<String, Object> json(RouteView r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("prefix", r.prefix());
    m.put("upstreams", r.upstreams().stream().map(URI::toString).toList());
    m.put("timeout", Sizes.duration(r.timeout()));
    m.put("retries", r.retries());
    m.put("retry-backoff", Sizes.duration(r.retryBackoff()));
    m.put("cache-ttl", Sizes.duration(r.cacheTtl()));
    m.put("methods", r.methods());
    List<Object> breakers = new ArrayList<>();
    for (BreakerView b : r.breakers()) {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("upstream", b.upstream().toString());
      bm.put("state", b.state());
      bm.put("failureRate", b.failureRate());
      bm.put("slowCallRate", b.slowCallRate());
      bm.put("bufferedCalls", b.bufferedCalls());
      bm.put("retryAfterMillis", b.retryAfter().toMillis());
      breakers.add(bm);
    }
    m.put("breakers", breakers);
    return m;
  }

  private static HttpResponse noSuchRoute(String name) {
    return Json.error(StatusCodes.NOT_FOUND, "no such route", "no route named \"" + name + "\"");
  }

  private static HttpResponse rejected(ApiGatewayProtocol.Rejected r) {
    String reason = r.reason();
    if (reason.contains("inbox is full")) {
      return Json.error(
          StatusCodes.SERVICE_UNAVAILABLE,
          "busy",
          reason,
          org.apache.pekko.http.javadsl.model.headers.RetryAfter.create(1L));
    }
    if (reason.contains("max-routes") || reason.contains("already the prefix")) {
      return Json.error(StatusCodes.CONFLICT, "conflict", reason);
    }
    return Json.error(StatusCodes.BAD_REQUEST, "bad route", reason);
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, ApiGatewayProtocol.Command> make) {
    return EdgeFutures.ask(
        runtime.apiGateway(),
        make,
        runtime.settings().runtime().askTimeout(),
        runtime.system().scheduler(),
        runtime.executor());
  }
}
