package io.bounded.protocols.apigateway;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * Messages of the API gateway ({@code bounded.api-gateway.*}): routes, one circuit breaker per
 * route and upstream, and a response cache. The actor decides; the HTTP call itself happens outside
 * it (in the node's gateway listener), whose outcome comes back as {@link CallFinished}.
 *
 * <p>Contract: the gateway holds at most {@code max-routes} routes (a new route past it is {@link
 * Rejected}), at most {@code max-circuit-breakers} breakers (least recently used evicted) and at
 * most {@code response-cache.max-entries} responses of {@code response-cache.max-bytes} bytes. Bad
 * input is answered {@link Rejected} with a reason and changes nothing. A request that finds the
 * inbox full is answered {@link Rejected} by the runtime.
 */
public interface ApiGatewayProtocol {

  /** Every message the gateway actor accepts. */
  sealed interface Command {}

  /** The actor's own messages (timer ticks); implemented only by the gateway actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the gateway sends. */
  sealed interface Reply {}

  /**
   * Answer to {@link Decide}: {@link Forward}, {@link Cached}, {@link NoRoute}, {@link
   * MethodNotAllowed}, {@link CircuitOpen} or {@link Rejected}.
   */
  sealed interface DecideReply extends Reply {}

  /** Answer to {@link PutRoute}: {@link RouteStored} or {@link Rejected}. */
  sealed interface PutRouteReply extends Reply {}

  /** Answer to {@link RemoveRoute}: {@link RouteRemoved} or {@link Rejected}. */
  sealed interface RemoveRouteReply extends Reply {}

  /** Answer to {@link GetRoute}: {@link RouteFound}, {@link NoSuchRoute} or {@link Rejected}. */
  sealed interface GetRouteReply extends Reply {}

  /** Answer to {@link ListRoutes}: {@link RouteList} or {@link Rejected}. */
  sealed interface ListRoutesReply extends Reply {}

  // ---- values

  /**
   * A route as a client gives it. The optional fields may be {@code null}: the route then takes
   * {@code bounded.api-gateway.route-defaults}. The gateway checks it with the rules of {@code
   * bounded.api-gateway.routes}.
   *
   * @param name unique name of letters, digits, '.', '_' and '-'
   * @param prefix path prefix starting with "/"; matches the path itself and what lies below it
   * @param upstreams absolute http or https base URLs, used round robin
   * @param timeout one upstream call fails after this, or null
   * @param retries retries of idempotent requests, 0..10, or null
   * @param retryBackoff wait before the first retry (doubling after), or null
   * @param cacheTtl how long GET responses are cached (zero: not cached), or null
   * @param methods methods the route allows, or null
   */
  record RouteSpec(
      String name,
      String prefix,
      List<URI> upstreams,
      Duration timeout,
      Integer retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods) {
    public RouteSpec {
      Objects.requireNonNull(name, "name");
      upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
      methods = methods == null ? null : List.copyOf(methods);
    }
  }

  /** One response header (hop-by-hop headers are never held). */
  record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The state of one circuit breaker.
   *
   * @param upstream the upstream it guards
   * @param state {@code closed}, {@code open} or {@code half-open}
   * @param failureRate percent of failed calls in the window, or -1 below {@code minimum-calls}
   * @param slowCallRate percent of slow calls in the window, or -1 below {@code minimum-calls}
   * @param bufferedCalls calls in the window
   * @param retryAfter for an open breaker, how long until it half-opens; otherwise zero
   */
  record BreakerView(
      URI upstream,
      String state,
      double failureRate,
      double slowCallRate,
      int bufferedCalls,
      Duration retryAfter) {}

  /** A route with its defaults filled in, and its breakers. */
  record RouteView(
      String name,
      String prefix,
      List<URI> upstreams,
      Duration timeout,
      int retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods,
      List<BreakerView> breakers) {
    public RouteView {
      upstreams = List.copyOf(upstreams);
      methods = List.copyOf(methods);
      breakers = List.copyOf(breakers);
    }
  }

  /** How one upstream call ended, as the breaker counts it. */
  enum Outcome {
    /** An answer below 500. */
    SUCCESS,
    /** A 5xx answer, a connection failure or a timeout. */
    FAILURE
  }

  // ---- requests

  /**
   * Decides what to do with one proxied request: serve it from the cache, forward it (choosing the
   * upstream round robin among those whose breaker permits a call), or refuse it.
   *
   * @param method the HTTP method, upper case
   * @param path the request path, starting with "/"
   * @param rawQuery the query string without "?", or {@code null}
   * @param cacheLookup whether the client allows an answer from the cache (a GET without {@code
   *     Cache-Control: no-cache/no-store} and without credentials)
   * @param attempt 0 for the first call, 1.. for retries (a retry never comes from the cache)
   */
  record Decide(
      String method,
      String path,
      String rawQuery,
      boolean cacheLookup,
      int attempt,
      ActorRef<DecideReply> replyTo)
      implements Command, Rejectable {
    public Decide {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * The outcome of a call that {@link Forward} permitted; feeds that upstream's breaker. Every
   * permitted call must be reported exactly once, or a half-open breaker waits for its trial.
   *
   * @param elapsed from sending the request to receiving the response headers
   */
  record CallFinished(String route, URI upstream, Outcome outcome, Duration elapsed)
      implements Command {
    public CallFinished {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * Stores a response the gateway forwarded, for the route's {@code cache-ttl}. Fire and forget: a
   * response over {@code response-cache.max-entry-bytes}, or for a route that does not cache, is
   * counted as rejected and not stored.
   */
  record StoreResponse(
      String route,
      String path,
      String rawQuery,
      int status,
      List<Header> headers,
      String contentType,
      ByteString body)
      implements Command {
    public StoreResponse {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(path, "path");
      headers = List.copyOf(headers);
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  /** Adds or replaces a route. Replies {@link RouteStored}. */
  record PutRoute(RouteSpec route, ActorRef<PutRouteReply> replyTo) implements Command, Rejectable {
    public PutRoute {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Removes a route, its breakers and its cached responses. Replies {@link RouteRemoved}. */
  record RemoveRoute(String name, ActorRef<RemoveRouteReply> replyTo)
      implements Command, Rejectable {
    public RemoveRoute {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Reads one route. Replies {@link RouteFound} or {@link NoSuchRoute}. */
  record GetRoute(String name, ActorRef<GetRouteReply> replyTo) implements Command, Rejectable {
    public GetRoute {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Reads every route, sorted by name. Replies {@link RouteList}. */
  record ListRoutes(ActorRef<ListRoutesReply> replyTo) implements Command, Rejectable {
    public ListRoutes {
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Asks for the gateway's {@link ComponentStats} (name {@code api-gateway}; size = routes; gauges
   * {@code breakers}, {@code breakers-open}, {@code cached-responses}, {@code cached-bytes}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /**
   * Forward the request to {@code upstream}. The call's outcome must come back as {@link
   * CallFinished}.
   *
   * @param retriesLeft further attempts allowed after this one (idempotent methods only)
   * @param retryBackoff wait before the next attempt
   * @param cacheable whether a 200 answer may be offered with {@link StoreResponse}
   */
  record Forward(
      String route,
      URI upstream,
      Duration timeout,
      int retriesLeft,
      Duration retryBackoff,
      boolean cacheable)
      implements DecideReply {}

  /**
   * A fresh cached response.
   *
   * @param age how long ago it was stored (the {@code Age} header)
   */
  record Cached(
      String route,
      int status,
      List<Header> headers,
      String contentType,
      ByteString body,
      Duration age)
      implements DecideReply {
    public Cached {
      headers = List.copyOf(headers);
    }
  }

  /** No route's prefix matches the path: 404. */
  record NoRoute(String path) implements DecideReply {}

  /** The route does not allow the method: 405 with {@code Allow}. */
  record MethodNotAllowed(String route, List<String> allowed) implements DecideReply {
    public MethodNotAllowed {
      allowed = List.copyOf(allowed);
    }
  }

  /**
   * Every breaker of the route is open (or its half-open trials are taken): 503 with {@code
   * Retry-After}, without calling an upstream.
   */
  record CircuitOpen(String route, Duration retryAfter) implements DecideReply {}

  /** The route is stored; {@code created} is false when it replaced one of the same name. */
  record RouteStored(RouteView route, boolean created) implements PutRouteReply {}

  /** Answer to {@link RemoveRoute}; {@code existed} is false when no route had that name. */
  record RouteRemoved(String name, boolean existed) implements RemoveRouteReply {}

  /** The route asked for. */
  record RouteFound(RouteView route) implements GetRouteReply {}

  /** No route has that name. */
  record NoSuchRoute(String name) implements GetRouteReply {}

  /** Every route, sorted by name. */
  record RouteList(List<RouteView> routes) implements ListRoutesReply {
    public RouteList {
      routes = List.copyOf(routes);
    }
  }

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements DecideReply, PutRouteReply, RemoveRouteReply, GetRouteReply, ListRoutesReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
