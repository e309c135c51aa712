package io.bounded.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Settings of the API gateway, from {@code bounded.api-gateway}. The gateway serves at most {@code
 * maxRoutes} routes (past it a new route is refused) and keeps at most {@code maxCircuitBreakers}
 * circuit breakers, one per route and upstream; idle breakers and expired cached responses are
 * swept every {@code cleanupInterval}.
 *
 * @param maxRoutes most routes ({@code bounded.api-gateway.max-routes})
 * @param maxCircuitBreakers most circuit breakers ({@code
 *     bounded.api-gateway.max-circuit-breakers})
 * @param cleanupInterval how often idle breakers are retired and expired responses swept ({@code
 *     bounded.api-gateway.cleanup-interval})
 * @param breakerIdleTimeout a closed breaker without recent failures idle this long is retired
 *     ({@code bounded.api-gateway.breaker-idle-timeout})
 * @param listenHost bind address of the gateway's own listener ({@code
 *     bounded.api-gateway.listen-host})
 * @param listenPort port of that listener, 0 for any free port ({@code
 *     bounded.api-gateway.listen-port})
 * @param requestTimeout longest time one proxied request may take, retries included ({@code
 *     bounded.api-gateway.request-timeout})
 * @param upstreamMaxConnections connections kept open to one upstream ({@code
 *     bounded.api-gateway.upstream-max-connections})
 * @param upstreamMaxOpenRequests requests queued for one upstream, a power of two ({@code
 *     bounded.api-gateway.upstream-max-open-requests})
 * @param routes the configured routes, their optional keys filled from {@code routeDefaults}, names
 *     unique, at most {@code maxRoutes} ({@code bounded.api-gateway.routes})
 * @param routeDefaults the values a route takes for optional keys it leaves out ({@code
 *     bounded.api-gateway.route-defaults})
 * @param circuitBreaker how every breaker opens and recovers ({@code
 *     bounded.api-gateway.circuit-breaker})
 * @param responseCache bounds of the cache of responses ({@code
 *     bounded.api-gateway.response-cache})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.api-gateway.mailbox-capacity})
 */
public record ApiGatewaySettings(
    int maxRoutes,
    int maxCircuitBreakers,
    Duration cleanupInterval,
    Duration breakerIdleTimeout,
    String listenHost,
    int listenPort,
    Duration requestTimeout,
    int upstreamMaxConnections,
    int upstreamMaxOpenRequests,
    List<Route> routes,
    RouteDefaults routeDefaults,
    CircuitBreaker circuitBreaker,
    ResponseCache responseCache,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.api-gateway";

  /** HTTP methods a route may allow. TRACE and CONNECT are never proxied. */
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String NAME_RULE = "a non-empty name of letters, digits, '.', '_' and '-'";
  private static final Set<String> ROUTE_KEYS =
      Set.of(
          "name",
          "prefix",
          "upstreams",
          "timeout",
          "retries",
          "retry-backoff",
          "cache-ttl",
          "methods");

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public ApiGatewaySettings {
    Problems p =
        check(
            maxRoutes,
            maxCircuitBreakers,
            cleanupInterval,
            breakerIdleTimeout,
            listenHost,
            listenPort,
            requestTimeout,
            upstreamMaxConnections,
            upstreamMaxOpenRequests,
            mailboxCapacity);
    if (routes == null) {
      p.require(false, "routes", "a list", "null");
    } else {
      p.require(
          routes.stream().noneMatch(Objects::isNull), "routes", "a list without nulls", "null");
      checkRouteSet(p, routes.stream().map(r -> r == null ? null : r.name()).toList(), maxRoutes);
      checkPrefixes(p, routes.stream().map(r -> r == null ? null : r.prefix()).toList());
    }
    p.require(routeDefaults != null, "route-defaults", "set", "null");
    p.require(circuitBreaker != null, "circuit-breaker", "set", "null");
    p.require(responseCache != null, "response-cache", "set", "null");
    p.throwIfAny();
    routes = List.copyOf(routes);
  }

  /**
   * One route: requests whose path starts with {@code prefix} go to one of {@code upstreams}.
   *
   * @param name unique name of letters, digits, '.', '_' and '-' ({@code name})
   * @param prefix path prefix, starting with "/" ({@code prefix})
   * @param upstreams absolute http or https URLs, at least one ({@code upstreams})
   * @param timeout one upstream call fails after this ({@code timeout})
   * @param retries retries after a failed call, 0..10 ({@code retries})
   * @param retryBackoff wait before a retry ({@code retry-backoff})
   * @param cacheTtl how long a response is cached; zero means not cached ({@code cache-ttl})
   * @param methods HTTP methods the route allows, from {@link #METHODS} ({@code methods})
   */
  public record Route(
      String name,
      String prefix,
      List<URI> upstreams,
      Duration timeout,
      int retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods) {

    /**
     * @throws InvalidSettingsException naming every broken rule, under {@code
     *     bounded.api-gateway.routes["<name>"]}
     */
    public Route {
      Problems p = new Problems(PATH + ".routes[" + Problems.quote(name) + "]");
      checkName(p, name);
      checkPrefix(p, prefix);
      checkUpstreams(p, upstreams);
      checkOptional(p, timeout, retries, retryBackoff, cacheTtl, methods);
      p.throwIfAny();
      upstreams = List.copyOf(upstreams);
      methods = List.copyOf(methods);
    }
  }

  /**
   * What a route takes for the optional keys it leaves out, from {@code
   * bounded.api-gateway.route-defaults}.
   *
   * @param timeout one upstream call fails after this ({@code
   *     bounded.api-gateway.route-defaults.timeout})
   * @param retries retries after a failed call, 0..10 ({@code
   *     bounded.api-gateway.route-defaults.retries})
   * @param retryBackoff wait before a retry ({@code
   *     bounded.api-gateway.route-defaults.retry-backoff})
   * @param cacheTtl how long a response is cached; zero means not cached ({@code
   *     bounded.api-gateway.route-defaults.cache-ttl})
   * @param methods HTTP methods a route allows ({@code bounded.api-gateway.route-defaults.methods})
   */
  public record RouteDefaults(
      Duration timeout,
      int retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods) {

    /** The config section. */
    public static final String PATH = ApiGatewaySettings.PATH + ".route-defaults";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public RouteDefaults {
      Problems p = new Problems(PATH);
      checkOptional(p, timeout, retries, retryBackoff, cacheTtl, methods);
      p.throwIfAny();
      methods = List.copyOf(methods);
    }
  }

  /**
   * How every circuit breaker opens and recovers, with Resilience4j's semantics, from {@code
   * bounded.api-gateway.circuit-breaker}.
   *
   * @param slidingWindowSize calls the failure and slow-call rates are computed over ({@code
   *     sliding-window-size})
   * @param minimumCalls calls needed before the rates count, at most {@code slidingWindowSize}
   *     ({@code minimum-calls})
   * @param failureRateThreshold percent 1..100 of failed calls that opens the breaker ({@code
   *     failure-rate-threshold})
   * @param slowCallRateThreshold percent 1..100 of slow calls that opens the breaker ({@code
   *     slow-call-rate-threshold})
   * @param slowCallDuration a call taking longer is slow ({@code slow-call-duration})
   * @param waitInOpen how long an open breaker refuses calls before half-opening ({@code
   *     wait-in-open})
   * @param permittedCallsInHalfOpen trial calls of a half-open breaker ({@code
   *     permitted-calls-in-half-open})
   */
  public record CircuitBreaker(
      int slidingWindowSize,
      int minimumCalls,
      double failureRateThreshold,
      double slowCallRateThreshold,
      Duration slowCallDuration,
      Duration waitInOpen,
      int permittedCallsInHalfOpen) {

    /** The config section. */
    public static final String PATH = ApiGatewaySettings.PATH + ".circuit-breaker";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public CircuitBreaker {
      Problems p = new Problems(PATH);
      p.between("sliding-window-size", slidingWindowSize, 1, 10_000);
      p.between("minimum-calls", minimumCalls, 1, 10_000);
      if (minimumCalls >= 1 && slidingWindowSize >= 1 && slidingWindowSize <= 10_000) {
        // more calls than the window holds would never be counted, so the breaker could never open
        p.require(
            minimumCalls <= slidingWindowSize,
            "minimum-calls",
            "<= sliding-window-size (" + slidingWindowSize + ")",
            minimumCalls);
      }
      p.between("failure-rate-threshold", failureRateThreshold, 1, 100);
      p.between("slow-call-rate-threshold", slowCallRateThreshold, 1, 100);
      p.positive("slow-call-duration", slowCallDuration);
      p.positive("wait-in-open", waitInOpen);
      p.between("permitted-calls-in-half-open", permittedCallsInHalfOpen, 1, 1000);
      p.throwIfAny();
    }
  }

  /**
   * Bounds of the gateway's response cache, from {@code bounded.api-gateway.response-cache}.
   *
   * @param maxEntries most responses held ({@code bounded.api-gateway.response-cache.max-entries})
   * @param maxBytes most bytes of responses held ({@code
   *     bounded.api-gateway.response-cache.max-bytes})
   * @param maxEntryBytes largest response stored, at most {@code maxBytes} ({@code
   *     bounded.api-gateway.response-cache.max-entry-bytes})
   */
  public record ResponseCache(int maxEntries, long maxBytes, long maxEntryBytes) {

    /** The config section. */
    public static final String PATH = ApiGatewaySettings.PATH + ".response-cache";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public ResponseCache {
      Problems p = new Problems(PATH);
      p.between("max-entries", maxEntries, 1, 10_000_000);
      p.positive("max-bytes", maxBytes);
      p.positive("max-entry-bytes", maxEntryBytes);
      if (maxBytes > 0 && maxEntryBytes > 0) {
        p.require(
            maxEntryBytes <= maxBytes,
            "max-entry-bytes",
            "<= max-bytes (" + maxBytes + ")",
            maxEntryBytes);
      }
      p.throwIfAny();
    }
  }

  /**
   * Reads and validates {@code bounded.api-gateway}. A route's optional keys it leaves out are
   * taken from {@code route-defaults}; a key a route does not know (a typo such as {@code timout})
   * is a problem.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static ApiGatewaySettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxRoutes = r.integer("max-routes");
    Integer maxCircuitBreakers = r.integer("max-circuit-breakers");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Duration breakerIdleTimeout = r.duration("breaker-idle-timeout");
    String listenHost = r.string("listen-host");
    Integer listenPort = r.integer("listen-port");
    Duration requestTimeout = r.duration("request-timeout");
    Integer upstreamMaxConnections = r.integer("upstream-max-connections");
    Integer upstreamMaxOpenRequests = r.integer("upstream-max-open-requests");
    List<Config> routeConfigs = r.objectList("routes");
    Duration defaultTimeout = r.duration("route-defaults.timeout");
    Integer defaultRetries = r.integer("route-defaults.retries");
    Duration defaultRetryBackoff = r.duration("route-defaults.retry-backoff");
    Duration defaultCacheTtl = r.duration("route-defaults.cache-ttl");
    List<String> defaultMethods = r.stringList("route-defaults.methods");
    Integer windowSize = r.integer("circuit-breaker.sliding-window-size");
    Integer minimumCalls = r.integer("circuit-breaker.minimum-calls");
    Double failureRate = r.decimal("circuit-breaker.failure-rate-threshold");
    Double slowCallRate = r.decimal("circuit-breaker.slow-call-rate-threshold");
    Duration slowCallDuration = r.duration("circuit-breaker.slow-call-duration");
    Duration waitInOpen = r.duration("circuit-breaker.wait-in-open");
    Integer halfOpenCalls = r.integer("circuit-breaker.permitted-calls-in-half-open");
    Integer cacheEntries = r.integer("response-cache.max-entries");
    Long cacheBytes = r.bytes("response-cache.max-bytes");
    Long cacheEntryBytes = r.bytes("response-cache.max-entry-bytes");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    List<RawRoute> raw = new ArrayList<>();
    if (routeConfigs != null) {
      for (int i = 0; i < routeConfigs.size(); i++) {
        if (routeConfigs.get(i) != null) {
          raw.add(RawRoute.read(routeConfigs.get(i), i, r.problems()));
        }
      }
    }
    r.problems().throwIfAny();

    Problems p =
        check(
            maxRoutes,
            maxCircuitBreakers,
            cleanupInterval,
            breakerIdleTimeout,
            listenHost,
            listenPort,
            requestTimeout,
            upstreamMaxConnections,
            upstreamMaxOpenRequests,
            mailboxCapacity);
    RouteDefaults defaults =
        p.collect(
            () ->
                new RouteDefaults(
                    defaultTimeout,
                    defaultRetries,
                    defaultRetryBackoff,
                    defaultCacheTtl,
                    defaultMethods));
    List<Route> routes = new ArrayList<>();
    for (RawRoute route : raw) {
      Route built = route.build(defaults, p);
      if (built != null) {
        routes.add(built);
      }
    }
    checkRouteSet(p, raw.stream().map(RawRoute::name).toList(), maxRoutes);
    checkPrefixes(p, raw.stream().map(RawRoute::prefix).toList());
    CircuitBreaker circuitBreaker =
        p.collect(
            () ->
                new CircuitBreaker(
                    windowSize,
                    minimumCalls,
                    failureRate,
                    slowCallRate,
                    slowCallDuration,
                    waitInOpen,
                    halfOpenCalls));
    ResponseCache responseCache =
        p.collect(() -> new ResponseCache(cacheEntries, cacheBytes, cacheEntryBytes));
    p.throwIfAny();
    return new ApiGatewaySettings(
        maxRoutes,
        maxCircuitBreakers,
        cleanupInterval,
        breakerIdleTimeout,
        listenHost,
        listenPort,
        requestTimeout,
        upstreamMaxConnections,
        upstreamMaxOpenRequests,
        routes,
        defaults,
        circuitBreaker,
        responseCache,
        mailboxCapacity);
  }

  /**
   * A route as written in config: the optional keys it sets, null for those it leaves out. Problems
   * are named by index, {@code bounded.api-gateway.routes[2].prefix}, which is how the user finds
   * the route.
   */
  private record RawRoute(
      int index,
      String name,
      String prefix,
      List<String> upstreams,
      Duration timeout,
      Integer retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods) {

    static RawRoute read(Config route, int index, Problems readProblems) {
      SettingsReader rr = SettingsReader.within(route, pathOf(index));
      Set<String> unknown = new TreeSet<>(route.root().keySet());
      unknown.removeAll(ROUTE_KEYS);
      for (String key : unknown) {
        rr.problems().add(key, "is not a route key (known: " + new TreeSet<>(ROUTE_KEYS) + ")");
      }
      RawRoute raw =
          new RawRoute(
              index,
              rr.string("name"),
              rr.string("prefix"),
              rr.stringList("upstreams"),
              rr.has("timeout") ? rr.duration("timeout") : null,
              rr.has("retries") ? rr.integer("retries") : null,
              rr.has("retry-backoff") ? rr.duration("retry-backoff") : null,
              rr.has("cache-ttl") ? rr.duration("cache-ttl") : null,
              rr.has("methods") ? rr.stringList("methods") : null);
      readProblems.addAll(rr.problems().list());
      return raw;
    }

    /** The route, or null with its problems added to {@code problems}. */
    Route build(RouteDefaults defaults, Problems problems) {
      Problems p = new Problems(pathOf(index));
      checkName(p, name);
      checkPrefix(p, prefix);
      List<URI> urls = new ArrayList<>();
      if (upstreams.isEmpty()) {
        p.require(false, "upstreams", "a non-empty list of URLs", "[]");
      }
      for (int i = 0; i < upstreams.size(); i++) {
        URI url = HttpUrls.parse(upstreams.get(i));
        p.require(
            url != null, "upstreams[" + i + "]", HttpUrls.RULE, Problems.quote(upstreams.get(i)));
        urls.add(url);
      }
      // only what the route sets itself: a default that breaks a rule is reported once, on
      // route-defaults
      if (timeout != null) {
        p.positive("timeout", timeout);
      }
      if (retries != null) {
        checkRetries(p, retries);
      }
      if (retryBackoff != null) {
        p.positive("retry-backoff", retryBackoff);
      }
      if (cacheTtl != null) {
        p.nonNegative("cache-ttl", cacheTtl);
      }
      if (methods != null) {
        checkMethods(p, methods);
      }
      if (!p.isEmpty() || defaults == null) {
        problems.addAll(p.list());
        return null;
      }
      return new Route(
          name,
          prefix,
          urls,
          timeout != null ? timeout : defaults.timeout(),
          retries != null ? retries : defaults.retries(),
          retryBackoff != null ? retryBackoff : defaults.retryBackoff(),
          cacheTtl != null ? cacheTtl : defaults.cacheTtl(),
          methods != null ? methods : defaults.methods());
    }

    private static String pathOf(int index) {
      return PATH + ".routes[" + index + "]";
    }
  }

  /** The rules on this record's own fields; the nested records check themselves. */
  private static Problems check(
      int maxRoutes,
      int maxCircuitBreakers,
      Duration cleanupInterval,
      Duration breakerIdleTimeout,
      String listenHost,
      int listenPort,
      Duration requestTimeout,
      int upstreamMaxConnections,
      int upstreamMaxOpenRequests,
      int mailboxCapacity) {
    Problems p = new Problems(PATH);
    p.between("max-routes", maxRoutes, 1, 1_000_000);
    p.between("max-circuit-breakers", maxCircuitBreakers, 1, 1_000_000);
    p.positive("cleanup-interval", cleanupInterval);
    p.positive("breaker-idle-timeout", breakerIdleTimeout);
    p.notBlank("listen-host", listenHost);
    p.between("listen-port", listenPort, 0, 65_535);
    p.positive("request-timeout", requestTimeout);
    p.between("upstream-max-connections", upstreamMaxConnections, 1, 10_000);
    p.between("upstream-max-open-requests", upstreamMaxOpenRequests, 1, 65_536);
    p.require(
        upstreamMaxOpenRequests < 1 || Integer.bitCount(upstreamMaxOpenRequests) == 1,
        "upstream-max-open-requests",
        "a power of two",
        upstreamMaxOpenRequests);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    return p;
  }

  /** At most {@code maxRoutes} routes, names unique (null names were reported on their own). */
  private static void checkRouteSet(Problems p, List<String> names, int maxRoutes) {
    p.require(
        names.size() <= maxRoutes,
        "routes",
        "at most max-routes (" + maxRoutes + ") routes",
        names.size() + " routes");
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null) {
        continue;
      }
      Integer first = firstIndex.putIfAbsent(name, i);
      if (first != null) {
        p.require(
            false,
            "routes[" + i + "].name",
            "unique",
            Problems.quote(name) + " (as routes[" + first + "].name)");
      }
    }
  }

  /**
   * Prefixes unique: two routes on one prefix would make the longest-prefix match ambiguous. Null
   * prefixes were reported on their own.
   */
  private static void checkPrefixes(Problems p, List<String> prefixes) {
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < prefixes.size(); i++) {
      String prefix = prefixes.get(i);
      if (prefix == null) {
        continue;
      }
      Integer first = firstIndex.putIfAbsent(prefix, i);
      if (first != null) {
        p.require(
            false,
            "routes[" + i + "].prefix",
            "unique",
            Problems.quote(prefix) + " (as routes[" + first + "].prefix)");
      }
    }
  }

  private static void checkName(Problems p, String name) {
    p.require(
        name != null && NAME.matcher(name).matches(), "name", NAME_RULE, Problems.quote(name));
  }

  private static void checkPrefix(Problems p, String prefix) {
    p.require(
        prefix != null && prefix.startsWith("/"),
        "prefix",
        "a path starting with \"/\"",
        Problems.quote(prefix));
  }

  private static void checkUpstreams(Problems p, List<URI> upstreams) {
    if (upstreams == null || upstreams.isEmpty()) {
      p.require(false, "upstreams", "a non-empty list of URLs", upstreams == null ? "null" : "[]");
      return;
    }
    for (int i = 0; i < upstreams.size(); i++) {
      URI url = upstreams.get(i);
      p.require(
          HttpUrls.isHttp(url),
          "upstreams[" + i + "]",
          HttpUrls.RULE,
          url == null ? "null" : Problems.quote(url.toString()));
    }
  }

  private static void checkOptional(
      Problems p,
      Duration timeout,
      int retries,
      Duration retryBackoff,
      Duration cacheTtl,
      List<String> methods) {
    p.positive("timeout", timeout);
    checkRetries(p, retries);
    p.positive("retry-backoff", retryBackoff);
    p.nonNegative("cache-ttl", cacheTtl);
    checkMethods(p, methods);
  }

  private static void checkRetries(Problems p, int retries) {
    p.between("retries", retries, 0, 10);
  }

  private static void checkMethods(Problems p, List<String> methods) {
    if (methods == null || methods.isEmpty()) {
      p.require(
          false, "methods", "a non-empty list of HTTP methods", methods == null ? "null" : "[]");
      return;
    }
    for (int i = 0; i < methods.size(); i++) {
      p.oneOf("methods[" + i + "]", methods.get(i), METHODS);
    }
  }
}
