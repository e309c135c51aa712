package io.bounded.app;

import io.bounded.actors.iptracker.ClientAddresses;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.config.Cidr;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Cached;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.CallFinished;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.CircuitOpen;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Decide;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.DecideReply;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Forward;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Header;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.MethodNotAllowed;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.NoRoute;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Outcome;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.StoreResponse;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Allowed;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Banned;
import io.bounded.protocols.iptracker.IpTrackerProtocol.CheckReply;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Limited;
import io.bounded.protocols.iptracker.IpTrackerProtocol.RecordFailure;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * The gateway listener's request handler: the IP tracker admits the client, the gateway actor
 * decides, and the call to the upstream runs here with Pekko HTTP's pooled client, its outcome told
 * back to the actor. Nothing blocks: every step is a {@link CompletionStage} whose callbacks run on
 * the runtime's dispatcher or inline.
 *
 * <p>The target is always one of the route's configured upstream base URLs followed by the
 * request's path and query: the request's own host, absolute-form target and {@code Host} header
 * are never used to pick a destination, so the gateway is not an open proxy. Request and response
 * bodies are streamed; only a response the route may cache (GET, 200, {@code Content-Length} up to
 * {@code response-cache.max-entry-bytes}) is read whole. Hop-by-hop headers (RFC 9110 §7.6.1, and
 * those named in {@code Connection}) are dropped both ways; {@code X-Forwarded-For}, {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} and a W3C {@code traceparent} are set.
 */
final class GatewayProxy {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  /** Headers the proxy sets itself, or that Pekko models outside the header list. */
  private static final Set<String> REPLACED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "timeout-access",
          "remote-address",
          "raw-request-uri",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          "traceparent");

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final String ZERO_TRACE = "0".repeat(32);

  private final ActorSystem<Void> system;
  private final Http http;
  private final HttpsConnectionContext https;
  private final ConnectionPoolSettings pool;
  private final Materializer materializer;
  private final ActorRef<ApiGatewayProtocol.Command> gateway;
  private final ActorRef<IpTrackerProtocol.Command> tracker;
  private final Duration askTimeout;
  private final Executor executor;
  private final List<Cidr> trustedProxies;
  private final long maxEntryBytes;

  GatewayProxy(BoundedRuntime runtime) {
    ApiGatewaySettings settings = runtime.settings().apiGateway();
    this.system = runtime.system();
    this.http = Http.get(system);
    this.https = http.defaultClientHttpsContext();
    // the gateway retries itself (idempotent methods only, per route); the pool must not
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(settings.upstreamMaxConnections())
            .withMaxOpenRequests(settings.upstreamMaxOpenRequests())
            .withMaxRetries(0);
    this.materializer = Materializer.matFromSystem(system);
    this.gateway = runtime.apiGateway();
    this.tracker = runtime.ipTracker();
    this.askTimeout = runtime.settings().runtime().askTimeout();
    this.executor = runtime.executor();
    this.trustedProxies = runtime.settings().ipTracker().trustedProxies();
    this.maxEntryBytes = settings.responseCache().maxEntryBytes();
  }

  /** Handles one request on the gateway listener. */
  CompletionStage<HttpResponse> handle(HttpRequest request) {
    String peer =
        request
            .getAttribute(AttributeKeys.remoteAddress)
            .flatMap(RemoteAddress::getAddress)
            .map(InetAddress::getHostAddress)
            .orElse("");
    String forwardedFor = joined(request, "x-forwarded-for");
    return EdgeFutures.<IpTrackerProtocol.Command, CheckReply>ask(
            tracker,
            r -> new IpTrackerProtocol.Check(peer, forwardedFor, r),
            askTimeout,
            system.scheduler(),
            executor)
        .thenCompose(
            reply -> {
              if (reply instanceof Allowed allowed) {
                return admitted(request, peer, allowed.client());
              }
              if (reply instanceof Limited limited) {
                return done(
                    Json.error(
                        StatusCodes.TOO_MANY_REQUESTS,
                        "rate limited",
                        "more requests than bounded.ip-tracker.rate allows from "
                            + limited.client(),
                        RetryAfter.create(seconds(limited.retryAfter()))));
              }
              if (reply instanceof Banned banned) {
                HttpResponse r = Json.error(StatusCodes.FORBIDDEN, "forbidden", banned.reason());
                return done(
                    banned.retryAfter() == null
                        ? r
                        : r.addHeader(RetryAfter.create(seconds(banned.retryAfter()))));
              }
              return done(
                  Json.error(
                      StatusCodes.BAD_REQUEST,
                      "bad client address",
                      ((IpTrackerProtocol.Rejected) reply).reason()));
            })
        .exceptionally(GatewayProxy::busy);
  }

  private CompletionStage<HttpResponse> admitted(HttpRequest request, String peer, String client) {
    boolean credentials =
        request.getHeader("authorization").isPresent() || request.getHeader("cookie").isPresent();
    String cacheControl = joined(request, "cache-control");
    boolean lookup =
        request.method().equals(HttpMethods.GET)
            && !credentials
            && (cacheControl == null
                || !(cacheControl.contains("no-cache") || cacheControl.contains("no-store")));
    Call call = new Call(request, peer, client, lookup, !credentials, traceparent(request));
    return attempt(call, 0)
        .thenApply(
            response -> {
              int status = response.status().intValue();
              if (status >= 400 && status < 500 && status != 429) {
                // a client error counts towards a ban; upstream and gateway faults do not
                tracker.tell(new RecordFailure(client, null));
              }
              return response;
            });
  }

  /** One proxied request, across its attempts. */
  private record Call(
      HttpRequest request,
      String peer,
      String client,
      boolean cacheLookup,
      boolean mayStore,
      String traceparent) {}

  private CompletionStage<HttpResponse> attempt(Call call, int attempt) {
    HttpRequest request = call.request();
    String rawQuery = request.getUri().rawQueryString().orElse(null);
    return EdgeFutures.<ApiGatewayProtocol.Command, DecideReply>ask(
            gateway,
            r ->
                new Decide(
                    request.method().value(),
                    request.getUri().path(),
                    rawQuery,
                    call.cacheLookup(),
                    attempt,
                    r),
            askTimeout,
            system.scheduler(),
            executor)
        .thenCompose(
            decision -> {
              if (decision instanceof Forward forward) {
                return forward(call, forward, attempt, rawQuery);
              }
              if (decision instanceof Cached cached) {
                return done(fromCache(cached));
              }
              if (decision instanceof NoRoute) {
                return done(
                    Json.error(
                        StatusCodes.NOT_FOUND,
                        "no route",
                        "no route of bounded.api-gateway matches " + request.getUri().path()));
              }
              if (decision instanceof MethodNotAllowed m) {
                List<HttpMethod> allowed = new ArrayList<>();
                m.allowed().forEach(name -> HttpMethods.lookup(name).ifPresent(allowed::add));
                return done(
                    Json.error(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        "method not allowed",
                        "route " + m.route() + " allows " + String.join(", ", m.allowed()),
                        Allow.create(allowed.toArray(new HttpMethod[0]))));
              }
              if (decision instanceof CircuitOpen open) {
                return done(
                    Json.error(
                        StatusCodes.SERVICE_UNAVAILABLE,
                        "circuit open",
                        "every upstream of route "
                            + open.route()
                            + " is failing; the gateway is not calling them for now",
                        RetryAfter.create(seconds(open.retryAfter()))));
              }
              return done(
                  Json.error(
                      StatusCodes.BAD_REQUEST,
                      "rejected",
                      ((ApiGatewayProtocol.Rejected) decision).reason()));
            });
  }

  private CompletionStage<HttpResponse> forward(
      Call call, Forward f, int attempt, String rawQuery) {
    HttpRequest out = outgoing(call, f.upstream(), rawQuery);
    long start = System.nanoTime();
    // a retry needs the body again: only a body already in memory can be sent twice
    boolean replayable = f.retriesLeft() > 0 && call.request().entity().isStrict();
    return withTimeout(out, f.timeout())
        .handle(
            (response, error) -> {
              Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
              int status = error == null ? response.status().intValue() : 0;
              boolean failed = error != null || status >= 500;
              gateway.tell(
                  new CallFinished(
                      f.route(),
                      f.upstream(),
                      failed ? Outcome.FAILURE : Outcome.SUCCESS,
                      elapsed));
              boolean retry =
                  replayable && (error != null || status == 502 || status == 503 || status == 504);
              if (retry) {
                if (response != null) {
                  response.discardEntityBytes(materializer);
                }
                return later(f.retryBackoff()).thenCompose(x -> attempt(call, attempt + 1));
              }
              if (error != null) {
                return done(upstreamFailed(f, ErrorHandling.unwrap(error)));
              }
              return respond(call, f, response, rawQuery);
            })
        .thenCompose(x -> x);
  }

  private CompletionStage<HttpResponse> respond(
      Call call, Forward f, HttpResponse response, String rawQuery) {
    HttpResponse clean = response.withHeaders(endToEnd(response.getHeaders(), response));
    ResponseEntity entity = clean.entity();
    boolean store =
        f.cacheable()
            && call.mayStore()
            && clean.status().intValue() == 200
            && storable(clean)
            && entity.getContentLengthOption().isPresent()
            && entity.getContentLengthOption().getAsLong() <= maxEntryBytes;
    if (!store) {
      return done(clean);
    }
    return entity
        .toStrict(f.timeout().toMillis(), materializer)
        .thenApply(
            strict -> {
              List<Header> headers = new ArrayList<>();
              for (HttpHeader h : clean.getHeaders()) {
                if (!h.lowercaseName().equals("date")) {
                  headers.add(new Header(h.name(), h.value()));
                }
              }
              gateway.tell(
                  new StoreResponse(
                      f.route(),
                      call.request().getUri().path(),
                      rawQuery,
                      200,
                      headers,
                      strict.getContentType().toString(),
                      strict.getData()));
              return clean.withEntity(strict);
            });
  }

  /** The response may be kept in a shared cache (RFC 9111 §3, the parts the gateway honours). */
  private static boolean storable(HttpResponse response) {
    if (response.getHeader("set-cookie").isPresent()) {
      return false;
    }
    for (HttpHeader h : response.getHeaders()) {
      if (h.lowercaseName().equals("cache-control")) {
        String v = h.value().toLowerCase(Locale.ROOT);
        if (v.contains("no-store") || v.contains("private") || v.contains("no-cache")) {
          return false;
        }
      }
    }
    return true;
  }

  private HttpResponse fromCache(Cached cached) {
    List<HttpHeader> headers = new ArrayList<>();
    for (Header h : cached.headers()) {
      headers.add(RawHeader.create(h.name(), h.value()));
    }
    headers.add(RawHeader.create("Age", Long.toString(cached.age().toSeconds())));
    return HttpResponse.create()
        .withStatus(cached.status())
        .withHeaders(headers)
        .withEntity(HttpEntities.create(ContentTypes.parse(cached.contentType()), cached.body()));
  }

  private HttpRequest outgoing(Call call, URI upstream, String rawQuery) {
    HttpRequest in = call.request();
    String base = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    // scheme and authority come only from the configured upstream
    String target =
        upstream.getScheme()
            + "://"
            + upstream.getRawAuthority()
            + base
            + in.getUri().path()
            + (rawQuery == null ? "" : "?" + rawQuery);
    List<HttpHeader> headers = endToEnd(in.getHeaders(), in);
    boolean trustedPeer = isTrusted(call.peer());
    String incomingXff = joined(in, "x-forwarded-for");
    String xff =
        trustedPeer && incomingXff != null ? incomingXff + ", " + call.peer() : call.peer();
    headers.add(RawHeader.create("X-Forwarded-For", xff));
    String proto = trustedPeer ? joined(in, "x-forwarded-proto") : null;
    headers.add(RawHeader.create("X-Forwarded-Proto", proto != null ? proto : "http"));
    in.getHeader("host")
        .ifPresent(h -> headers.add(RawHeader.create("X-Forwarded-Host", h.value())));
    headers.add(RawHeader.create("traceparent", call.traceparent()));
    return HttpRequest.create()
        .withMethod(in.method())
        .withUri(Uri.create(target))
        .withHeaders(headers)
        .withEntity(in.entity());
  }

  private boolean isTrusted(String peer) {
    InetAddress a = ClientAddresses.parse(peer);
    return a != null && ClientAddresses.within(trustedProxies, a);
  }

  /** The headers of a message without hop-by-hop ones and those the proxy sets itself. */
  static List<HttpHeader> endToEnd(
      Iterable<HttpHeader> headers, org.apache.pekko.http.javadsl.model.HttpMessage message) {
    Set<String> named = new HashSet<>();
    for (HttpHeader h : headers) {
      if (h.lowercaseName().equals("connection")) {
        for (String token : h.value().split(",")) {
          named.add(token.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    List<HttpHeader> out = new ArrayList<>();
    for (HttpHeader h : headers) {
      String n = h.lowercaseName();
      if (!HOP_BY_HOP.contains(n) && !REPLACED.contains(n) && !named.contains(n)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * The {@code traceparent} to send: the caller's trace continued with a new parent id for this
   * hop, or a new sampled trace when the caller sent none or an invalid one.
   */
  static String traceparent(HttpRequest request) {
    String incoming = request.getHeader("traceparent").map(HttpHeader::value).orElse("");
    var m = TRACEPARENT.matcher(incoming.strip());
    String span = hex(8);
    if (m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals("0".repeat(16))) {
      return "00-" + m.group(1) + "-" + span + "-" + m.group(3);
    }
    return "00-" + hex(16) + "-" + span + "-01";
  }

  private static String hex(int bytes) {
    StringBuilder sb = new StringBuilder(bytes * 2);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < bytes; i++) {
      sb.append(Character.forDigit((r.nextInt(256) >> 4) & 0xF, 16));
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** The call, failed with a {@link TimeoutException} if no response headers within {@code d}. */
  private CompletionStage<HttpResponse> withTimeout(HttpRequest out, Duration d) {
    CompletableFuture<HttpResponse> result = new EdgeFutures.ExecutorFuture<>(executor);
    var timer =
        system
            .classicSystem()
            .scheduler()
            .scheduleOnce(
                d,
                () ->
                    result.completeExceptionally(
                        new TimeoutException("no response within the route's timeout " + d)),
                system.executionContext());
    http.singleRequest(out, https, pool, system.classicSystem().log())
        .whenComplete(
            (response, error) -> {
              timer.cancel();
              if (error != null) {
                result.completeExceptionally(error);
              } else if (!result.complete(response)) {
                // answered after the timeout: free the pooled connection
                response.discardEntityBytes(materializer);
              }
            });
    return result;
  }

  private CompletionStage<Void> later(Duration d) {
    CompletableFuture<Void> done = new EdgeFutures.ExecutorFuture<>(executor);
    system
        .classicSystem()
        .scheduler()
        .scheduleOnce(d, () -> done.complete(null), system.executionContext());
    return done;
  }

  private static HttpResponse upstreamFailed(Forward f, Throwable error) {
    if (error instanceof TimeoutException) {
      return Json.error(
          StatusCodes.GATEWAY_TIMEOUT,
          "upstream timeout",
          "route " + f.route() + ": no answer from its upstream within " + f.timeout());
    }
    return Json.error(
        StatusCodes.BAD_GATEWAY,
        "upstream failed",
        "route "
            + f.route()
            + ": the upstream could not be reached ("
            + error.getClass().getSimpleName()
            + ")");
  }

  private static HttpResponse busy(Throwable error) {
    return Json.error(
        StatusCodes.SERVICE_UNAVAILABLE,
        "busy",
        "the gateway did not decide within bounded.runtime.ask-timeout ("
            + ErrorHandling.unwrap(error).getClass().getSimpleName()
            + "); retry later",
        RetryAfter.create(1L));
  }

  private static String joined(HttpRequest request, String lowercaseName) {
    StringBuilder sb = null;
    for (HttpHeader h : request.getHeaders()) {
      if (h.lowercaseName().equals(lowercaseName)) {
        sb = sb == null ? new StringBuilder(h.value()) : sb.append(", ").append(h.value());
      }
    }
    return sb == null ? null : sb.toString();
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
