package io.bounded.actors.apigateway;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.actors.support.LruMap;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.config.ApiGatewaySettings.Route;
import io.bounded.config.InvalidSettingsException;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.BreakerView;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Cached;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.CallFinished;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.CircuitOpen;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Command;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Decide;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Forward;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.GetRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.GetStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.ListRoutes;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.MethodNotAllowed;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.NoRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.NoSuchRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Outcome;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.PutRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Rejected;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RemoveRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteFound;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteList;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteRemoved;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteSpec;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteStored;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.RouteView;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.StoreResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The API gateway's brain: routes, circuit breakers and the response cache. It decides what each
 * proxied request gets; the HTTP call itself runs outside it (the node's gateway listener, with
 * Pekko HTTP's pooled client), and its outcome comes back as {@link CallFinished}. Nothing here
 * waits on the network.
 *
 * <p><b>State.</b> A {@link RouteTable} (longest-prefix match at segment boundaries); an LRU map of
 * {@link CircuitState}s keyed by route and upstream, made on first use; a round-robin cursor per
 * route; a {@link ResponseStore}.
 *
 * <p><b>Bounds.</b> At most {@code max-routes} routes: a new route past it is rejected (evicting a
 * route would silently unpublish an API). At most {@code max-circuit-breakers} breakers: the least
 * recently used is evicted (cause {@code size}); a breaker is state that can be rebuilt, and the
 * evicted one is the one no request has needed for longest. The response cache holds at most {@code
 * response-cache.max-entries} entries and {@code max-bytes} bytes, LRU; a response over {@code
 * max-entry-bytes} is not stored.
 *
 * <p><b>Tick.</b> Every {@code cleanup-interval}: breakers closed, unused and without failures for
 * {@code breaker-idle-timeout} are retired (counted as expirations), and expired responses are
 * swept. One pass over each map; a failing tick is logged and counted, and the next one retries.
 *
 * <p><b>Time.</b> Breaker waits, idleness and cache ages use the injected {@link Clock}; the tick
 * uses the scheduler, so tests move both.
 */
public final class ApiGatewayActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "api-gateway";

  /** Methods that may be retried: repeating them has the effect of sending them once. */
  static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private enum CleanupTick implements ApiGatewayProtocol.Internal {
    INSTANCE
  }

  private record BreakerKey(String route, URI upstream) {}

  private final ApiGatewaySettings settings;
  private final Clock clock;
  private final RouteTable routes = new RouteTable();
  private final Map<String, int[]> cursors = new HashMap<>();
  private final LruMap<BreakerKey, CircuitState> breakers;
  private final ResponseStore responses;
  private final ComponentCounters counters;

  /**
   * @param settings the bounds, the configured routes and the breaker policy
   * @param clock the clock breaker waits and cache ages are measured with
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      ApiGatewaySettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new ApiGatewayActor(ctx, timers, settings, clock, mailboxOverflows)));
  }

  /** A gateway with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(ApiGatewaySettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  private ApiGatewayActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ApiGatewaySettings settings,
      Clock clock,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    this.breakers =
        new LruMap<>(
            settings.maxCircuitBreakers(),
            (key, breaker) -> counters.evicted(DropCause.SIZE, "breaker " + describe(key)));
    this.responses =
        new ResponseStore(
            settings.responseCache().maxEntries(),
            settings.responseCache().maxBytes(),
            (key, entry, cause) -> {
              if (cause == DropCause.EXPIRED) {
                counters.expired("response " + key.replace('\u0000', ' '));
              } else {
                counters.evicted(cause, "response " + key.replace('\u0000', ' '));
              }
            });
    for (Route route : settings.routes()) {
      routes.put(route);
    }
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
    context
        .getLog()
        .debug(
            "api-gateway started: {} routes, max-routes {}, max-circuit-breakers {}",
            routes.size(),
            settings.maxRoutes(),
            settings.maxCircuitBreakers());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Decide.class, this::onDecide)
        .onMessage(CallFinished.class, this::onCallFinished)
        .onMessage(StoreResponse.class, this::onStoreResponse)
        .onMessage(PutRoute.class, this::onPutRoute)
        .onMessage(RemoveRoute.class, this::onRemoveRoute)
        .onMessage(GetRoute.class, this::onGetRoute)
        .onMessage(ListRoutes.class, this::onListRoutes)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onDecide(Decide d) {
    if (!d.path().startsWith("/")) {
      return reject(d.replyTo(), "path must start with \"/\", but was \"" + cut(d.path()) + "\"");
    }
    if (d.attempt() < 0) {
      return reject(d.replyTo(), "attempt must be >= 0, but was " + d.attempt());
    }
    Route route = routes.match(d.path());
    if (route == null) {
      d.replyTo().tell(new NoRoute(d.path()));
      return this;
    }
    if (!route.methods().contains(d.method())) {
      d.replyTo().tell(new MethodNotAllowed(route.name(), route.methods()));
      return this;
    }
    long now = clock.millis();
    boolean cacheable = d.method().equals("GET") && !route.cacheTtl().isZero();
    if (cacheable && d.cacheLookup() && d.attempt() == 0) {
      ResponseStore.Entry hit = responses.get(cacheKey(route.name(), d.path(), d.rawQuery()), now);
      if (hit != null) {
        counters.hit();
        d.replyTo()
            .tell(
                new Cached(
                    route.name(),
                    hit.status(),
                    hit.headers(),
                    hit.contentType(),
                    hit.body(),
                    Duration.ofMillis(now - hit.storedAtMillis())));
        return this;
      }
      counters.missed();
    }
    int[] cursor = cursors.computeIfAbsent(route.name(), n -> new int[1]);
    List<URI> upstreams = route.upstreams();
    long soonest = Long.MAX_VALUE;
    for (int i = 0; i < upstreams.size(); i++) {
      URI upstream = upstreams.get(Math.floorMod(cursor[0]++, upstreams.size()));
      CircuitState breaker = breaker(route.name(), upstream, now);
      if (breaker.tryAcquire(now)) {
        boolean idempotent = IDEMPOTENT.contains(d.method());
        int retriesLeft = idempotent ? Math.max(0, route.retries() - d.attempt()) : 0;
        Duration backoff = route.retryBackoff().multipliedBy(1L << Math.min(d.attempt(), 10));
        d.replyTo()
            .tell(
                new Forward(
                    route.name(), upstream, route.timeout(), retriesLeft, backoff, cacheable));
        return this;
      }
      soonest = Math.min(soonest, breaker.retryAfterMillis(now));
    }
    // every breaker is open, or half-open with its trials taken (then retry in a second)
    long retryMillis = soonest == 0 || soonest == Long.MAX_VALUE ? 1000 : soonest;
    d.replyTo().tell(new CircuitOpen(route.name(), Duration.ofMillis(retryMillis)));
    return this;
  }

  private CircuitState breaker(String route, URI upstream, long now) {
    BreakerKey key = new BreakerKey(route, upstream);
    CircuitState breaker = breakers.get(key);
    if (breaker == null) {
      breaker = new CircuitState(settings.circuitBreaker(), now);
      breakers.put(key, breaker);
    }
    return breaker;
  }

  private Behavior<Command> onCallFinished(CallFinished f) {
    // a breaker evicted or retired while its call ran is not rebuilt for one late outcome
    CircuitState breaker = breakers.get(new BreakerKey(f.route(), f.upstream()));
    if (breaker != null) {
      breaker.record(clock.millis(), f.outcome() == Outcome.FAILURE, f.elapsed().toNanos());
    }
    return this;
  }

  private Behavior<Command> onStoreResponse(StoreResponse s) {
    Route route = routes.get(s.route());
    long size = ResponseStore.sizeOf(s.headers(), s.contentType(), s.body());
    if (route == null
        || route.cacheTtl().isZero()
        || s.status() != 200
        || size > settings.responseCache().maxEntryBytes()) {
      counters.rejected();
      return this;
    }
    long now = clock.millis();
    responses.put(
        cacheKey(s.route(), s.path(), s.rawQuery()),
        new ResponseStore.Entry(
            s.route(),
            s.status(),
            s.headers(),
            s.contentType(),
            s.body(),
            now,
            now + route.cacheTtl().toMillis(),
            size));
    counters.inserted();
    return this;
  }

  private Behavior<Command> onPutRoute(PutRoute put) {
    RouteSpec spec = put.route();
    ApiGatewaySettings.RouteDefaults defaults = settings.routeDefaults();
    Route route;
    try {
      route =
          new Route(
              spec.name(),
              spec.prefix(),
              spec.upstreams(),
              spec.timeout() != null ? spec.timeout() : defaults.timeout(),
              spec.retries() != null ? spec.retries() : defaults.retries(),
              spec.retryBackoff() != null ? spec.retryBackoff() : defaults.retryBackoff(),
              spec.cacheTtl() != null ? spec.cacheTtl() : defaults.cacheTtl(),
              spec.methods() != null ? spec.methods() : defaults.methods());
    } catch (InvalidSettingsException e) {
      return reject(put.replyTo(), String.join("; ", e.problems()));
    }
    Route existing = routes.get(route.name());
    if (existing == null && routes.size() >= settings.maxRoutes()) {
      return reject(
          put.replyTo(),
          "the gateway holds bounded.api-gateway.max-routes ("
              + settings.maxRoutes()
              + ") routes; remove one before adding \""
              + route.name()
              + "\"");
    }
    Route samePrefix = routes.byPrefix(route.prefix());
    if (samePrefix != null && !samePrefix.name().equals(route.name())) {
      return reject(
          put.replyTo(),
          "prefix \""
              + route.prefix()
              + "\" is already the prefix of route \""
              + samePrefix.name()
              + "\"");
    }
    if (existing != null) {
      forget(existing.name());
    }
    routes.put(route);
    counters.inserted();
    put.replyTo().tell(new RouteStored(view(route, clock.millis()), existing == null));
    return this;
  }

  private Behavior<Command> onRemoveRoute(RemoveRoute remove) {
    Route removed = routes.remove(remove.name());
    if (removed != null) {
      forget(removed.name());
      counters.removedExplicitly(1);
    }
    remove.replyTo().tell(new RouteRemoved(remove.name(), removed != null));
    return this;
  }

  /** Drops a route's breakers, cursor and cached responses (it was removed or replaced). */
  private void forget(String name) {
    breakers.removeIf((k, b) -> k.route().equals(name), (k, b) -> {});
    cursors.remove(name);
    responses.removeRoute(name);
  }

  private Behavior<Command> onGetRoute(GetRoute get) {
    Route route = routes.get(get.name());
    if (route == null) {
      get.replyTo().tell(new NoSuchRoute(get.name()));
    } else {
      get.replyTo().tell(new RouteFound(view(route, clock.millis())));
    }
    return this;
  }

  private Behavior<Command> onListRoutes(ListRoutes list) {
    long now = clock.millis();
    List<RouteView> all = new ArrayList<>(routes.size());
    for (Route r : routes.all()) {
      all.add(view(r, now));
    }
    list.replyTo().tell(new RouteList(all));
    return this;
  }

  private RouteView view(Route r, long now) {
    List<BreakerView> views = new ArrayList<>();
    for (URI upstream : r.upstreams()) {
      // reordering the LRU is harmless; idleness is the breaker's own clock, which reads leave
      // alone
      CircuitState b = breakers.get(new BreakerKey(r.name(), upstream));
      views.add(
          b == null
              ? new BreakerView(upstream, CircuitState.State.CLOSED.key(), -1, -1, 0, Duration.ZERO)
              : new BreakerView(
                  upstream,
                  b.state(now).key(),
                  b.failureRate(),
                  b.slowCallRate(),
                  b.bufferedCalls(),
                  Duration.ofMillis(b.retryAfterMillis(now))));
    }
    return new RouteView(
        r.name(),
        r.prefix(),
        r.upstreams(),
        r.timeout(),
        r.retries(),
        r.retryBackoff(),
        r.cacheTtl(),
        r.methods(),
        views);
  }

  private Behavior<Command> onGetStats(GetStats get) {
    long open = countOpen(clock.millis());
    get.replyTo()
        .tell(
            counters.snapshot(
                routes.size(),
                settings.maxRoutes(),
                Map.of(
                    "breakers", (long) breakers.size(),
                    "max-circuit-breakers", (long) settings.maxCircuitBreakers(),
                    "breakers-open", open,
                    "cached-responses", (long) responses.size(),
                    "cached-bytes", responses.bytes(),
                    "max-cached-bytes", settings.responseCache().maxBytes(),
                    "mailbox-capacity", (long) settings.mailboxCapacity())));
    return this;
  }

  /** Breakers not closed; one pass that removes nothing (the map has no touch-free iteration). */
  private long countOpen(long now) {
    long[] open = {0};
    breakers.removeIf(
        (k, b) -> {
          if (b.state(now) != CircuitState.State.CLOSED) {
            open[0]++;
          }
          return false;
        },
        (k, b) -> {});
    return open[0];
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          long now = clock.millis();
          long idle = settings.breakerIdleTimeout().toMillis();
          int retired =
              breakers.removeIf(
                  (k, b) -> b.idle(now, idle),
                  (k, b) -> counters.expired("breaker " + describe(k), now));
          int swept = responses.sweep(now);
          getContext()
              .getLog()
              .debug(
                  "api-gateway cleanup retired {} idle breakers, swept {} expired responses",
                  retired,
                  swept);
        });
    return this;
  }

  private Behavior<Command> onPostStop() {
    responses.clear();
    breakers.clear();
    return this;
  }

  // ---- helpers

  static String cacheKey(String route, String path, String rawQuery) {
    return rawQuery == null ? route + '\u0000' + path : route + '\u0000' + path + '?' + rawQuery;
  }

  private static String describe(BreakerKey key) {
    return key.route() + " -> " + key.upstream();
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    replyTo.tell(new Rejected(reason));
    return this;
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
