package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.app.GatewayServer;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.util.ByteString;

/**
 * The API gateway under 100 × its {@code max-routes} of distinct routes, with real traffic: an
 * upstream (a Pekko HTTP server on a free loopback port, in an actor system of its own, answering
 * {@value #BODY_BYTES} bytes to any GET) and the gateway's own listener on the soak's runtime.
 *
 * <p>For each route in turn the driver adds it ({@code /soak-k}, two upstreams, responses cached
 * for ten minutes); when the table is full the gateway refuses, and the driver removes its oldest
 * route and adds it again. Then it exchanges with the gateway actor what the listener would for a
 * GET of each of {@code /soak-k/a} and {@code /soak-k/b} ({@code Decide}, then {@code CallFinished}
 * and {@code StoreResponse}): two circuit breakers and two cached responses per route, twice what
 * their bounds hold, so both evict. This runs at the actor's pace, not the HTTP stack's.
 *
 * <p>Beside it, whenever fewer than {@value #IN_FLIGHT} are in flight, a real GET goes through the
 * listener to the upstream, each for a distinct path under a route of its own ({@value
 * #HTTP_ROUTE}, which stays in the table: the churned routes live too briefly for a request's round
 * trip), so each is a cache miss, forwarded, and stored. The size is the routes.
 *
 * <p>The gateway checks every client with the IP tracker; the soak's runtime allow-lists loopback
 * (see {@link GatewayWorkload#soakConfig}) so that this traffic is not rate-limited and does not
 * mix with the IP tracker's own soak.
 */
final class GatewaySoak implements SoakSubject {
  static final int IN_FLIGHT = 16;
  static final int BODY_BYTES = 256;
  static final String HTTP_ROUTE = "soak-http";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final BoundedRuntime runtime;
  private final ApiGatewaySettings settings;
  private final ActorSystem upstreamSystem;
  private final ServerBinding upstream;
  private final ServerBinding listener;
  private final URI gateway;
  private final ExecutorService clientThreads;
  private final HttpClient client;
  private final ArrayDeque<String> live = new ArrayDeque<>();
  private final LongAdder ok = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private volatile long refusedRoutes;
  private volatile long direct;
  private long next;

  GatewaySoak(BoundedRuntime runtime) throws Exception {
    this.runtime = runtime;
    this.settings = runtime.settings().apiGateway();
    byte[] body = new byte[BODY_BYTES];
    this.upstreamSystem = GatewayBench.upstreamSystem("bench-soak-upstream");
    try {
      this.upstream = GatewayBench.bindUpstream(upstreamSystem, body, SoakDrivers.LOST);
    } catch (Exception e) {
      upstreamSystem.terminate();
      throw e;
    }
    ServerBinding bound = null;
    try {
      bound = GatewayServer.bind(runtime, Duration.ofSeconds(1));
    } finally {
      if (bound == null) {
        upstream.unbind();
        upstreamSystem.terminate();
      }
    }
    this.listener = bound;
    this.gateway = URI.create("http://127.0.0.1:" + listener.localAddress().getPort());
    this.clientThreads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "soak-gateway-client");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(clientThreads)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public String name() {
    return "api-gateway";
  }

  @Override
  public long capacity() {
    return settings.maxRoutes();
  }

  private List<URI> upstreams() {
    String base = "http://127.0.0.1:" + upstream.localAddress().getPort();
    return List.of(URI.create(base + "/a"), URI.create(base + "/b"));
  }

  private ApiGatewayProtocol.RouteSpec spec(String route, List<URI> upstreams) {
    return new ApiGatewayProtocol.RouteSpec(
        route, "/" + route, upstreams, null, 0, null, Duration.ofMinutes(10), List.of("GET"));
  }

  /**
   * Pipelined: every request is a tell whose reply comes to an {@link SoakDrivers.AskWindow}, and
   * the gateway actor handles one sender's messages in the order they were sent, so a route is in
   * the table before the requests for it are decided, without waiting for its reply. The windows
   * together keep at most a third of the inbox asked (each decision is followed by two tells).
   */
  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    List<URI> upstreams = upstreams();
    ActorRef<ApiGatewayProtocol.Command> actor = runtime.apiGateway();
    ApiGatewayProtocol.PutRouteReply http =
        SoakDrivers.<ApiGatewayProtocol.Command, ApiGatewayProtocol.PutRouteReply>ask(
            runtime, actor, r -> new ApiGatewayProtocol.PutRoute(spec(HTTP_ROUTE, upstreams), r));
    if (!(http instanceof ApiGatewayProtocol.RouteStored)) {
      throw new IllegalStateException("the route of the soak's GETs was refused: " + http);
    }
    // the soak's routes share the table with the configured ones and the GETs' route
    long room = Math.max(0, capacity() - stats().size());
    int window = Math.max(1, SoakDrivers.window(settings.mailboxCapacity()) / 3);
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long distinct = distinctKeys();
    long n = 0;
    // decisions are answered in the order they were asked: each reply takes the oldest path
    Queue<String> paths = new ConcurrentLinkedQueue<>();
    try (SoakDrivers.AskWindow routes =
            new SoakDrivers.AskWindow(
                runtime,
                "api-gateway-routes",
                window,
                r -> r instanceof ApiGatewayProtocol.Rejected);
        SoakDrivers.AskWindow decisions =
            new SoakDrivers.AskWindow(
                runtime,
                "api-gateway-decisions",
                window,
                r -> !(r instanceof ApiGatewayProtocol.Forward),
                r -> {
                  String path = paths.poll();
                  if (r instanceof ApiGatewayProtocol.Forward f && path != null) {
                    stored(actor, f, path);
                  }
                })) {
      while (!stop.getAsBoolean()) {
        String route = "soak-" + (next + n) % distinct;
        n++;
        ApiGatewayProtocol.RouteSpec spec = spec(route, upstreams);
        if (live.size() >= room && !live.isEmpty()) {
          // the table is full: the gateway refuses the new route; remove the oldest soak route
          routes.acquire();
          actor.tell(new ApiGatewayProtocol.PutRoute(spec, routes.replyTo()));
          String oldest = live.removeFirst();
          routes.acquire();
          actor.tell(new ApiGatewayProtocol.RemoveRoute(oldest, routes.replyTo()));
        }
        routes.acquire();
        actor.tell(new ApiGatewayProtocol.PutRoute(spec, routes.replyTo()));
        live.addLast(route);
        for (String path : List.of("/a", "/b")) {
          decisions.acquire();
          paths.add("/" + route + path);
          actor.tell(
              new ApiGatewayProtocol.Decide(
                  "GET", "/" + route + path, null, true, 0, decisions.replyTo()));
        }
        if (inFlight.tryAcquire()) {
          get(HTTP_ROUTE + "/" + (next + n) % distinct, inFlight);
        }
        if (n % window == 0) {
          pacer.rest(stop);
        }
      }
      routes.drain();
      decisions.drain();
      refusedRoutes += routes.refused();
      direct += decisions.replies();
    }
    if (!inFlight.tryAcquire(IN_FLIGHT, SoakDrivers.LOST.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(
          "requests through the gateway still open after " + SoakDrivers.LOST);
    }
    inFlight.release(IN_FLIGHT);
    next += n;
    if (n > 0 && ok.sum() == 0) {
      throw new IllegalStateException(
          "no request through the gateway succeeded; the first failure: " + firstFailure.get());
    }
    return n;
  }

  /** A GET through the gateway's listener; frees its slot in {@code inFlight} when answered. */
  private void get(String path, Semaphore inFlight) {
    HttpRequest get =
        HttpRequest.newBuilder(gateway.resolve("/" + path)).timeout(REQUEST_TIMEOUT).GET().build();
    client
        .sendAsync(get, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() == 200) {
                ok.increment();
              } else {
                failed.increment();
                firstFailure.compareAndSet(
                    null,
                    error != null
                        ? error.toString()
                        : "HTTP " + response.statusCode() + " for " + get.uri());
              }
              inFlight.release();
            });
  }

  /**
   * What the listener tells the gateway actor after a forwarded GET that missed the cache: the
   * call's outcome and the response to store (a fresh body each time, as from the network).
   */
  private static void stored(
      ActorRef<ApiGatewayProtocol.Command> actor, ApiGatewayProtocol.Forward f, String path) {
    actor.tell(
        new ApiGatewayProtocol.CallFinished(
            f.route(), f.upstream(), ApiGatewayProtocol.Outcome.SUCCESS, Duration.ofMillis(1)));
    actor.tell(
        new ApiGatewayProtocol.StoreResponse(
            f.route(),
            path,
            null,
            200,
            List.of(),
            "application/octet-stream",
            ByteString.fromArray(new byte[BODY_BYTES])));
  }

  @Override
  public ComponentStats stats() throws Exception {
    return SoakDrivers.stats(runtime, runtime.apiGateway(), ApiGatewayProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    return SoakSubject.broken(
        SoakSubject.above(s, "breakers", settings.maxCircuitBreakers(), "max-circuit-breakers"),
        SoakSubject.above(
            s,
            "cached-responses",
            settings.responseCache().maxEntries(),
            "response-cache.max-entries"),
        SoakSubject.above(
            s, "cached-bytes", settings.responseCache().maxBytes(), "response-cache.max-bytes"));
  }

  @Override
  public String summary(ComponentStats s) {
    String failure = firstFailure.get();
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; route puts refused (table full) %,d; %,d decided with the actor directly; GETs"
                + " through the listener %,d OK, %,d failed%s; %,d breakers and %,d cached"
                + " responses at the end",
            refusedRoutes,
            direct,
            ok.sum(),
            failed.sum(),
            failure == null ? "" : " (first: " + failure + ")",
            s.gauge("breakers"),
            s.gauge("cached-responses"));
  }

  @Override
  public void close() throws Exception {
    try {
      listener.unbind().toCompletableFuture().get(30, TimeUnit.SECONDS);
      upstream.unbind().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      clientThreads.shutdownNow();
      upstreamSystem.terminate();
    }
  }
}
