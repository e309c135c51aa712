package io.bounded.app.bench;

import com.typesafe.config.ConfigFactory;
import io.bounded.app.Node;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;

/**
 * The gateway benchmark: the same load sent straight to a local upstream and through a node's
 * gateway listener to it, in one run, printed as a table with ratios. The upstream is a Pekko HTTP
 * server in its own actor system; the load generator is the JDK's HTTP client on loopback with a
 * fixed number of requests in flight, a bounded number of requests and a time limit per phase.
 *
 * <pre>{@code java -cp app/target/bounded-app.jar io.bounded.app.bench.GatewayBench [requests]
 * [concurrency]}</pre>
 *
 * <p>Targets (issue 7): gateway throughput at least 50% of direct, p99 overhead under 2 ms.
 * Absolute figures move between runs on a shared machine; compare the ratios of one run.
 */
public final class GatewayBench {
  private static final Duration PHASE_LIMIT = Duration.ofSeconds(30);
  private static final byte[] BODY = "0123456789abcdef".repeat(16).getBytes();

  private GatewayBench() {}

  /** One phase's figures. */
  record Result(String name, long requests, long errors, double seconds, Histogram latencyMicros) {
    double perSecond() {
      return requests / seconds;
    }

    double p(double q) {
      return latencyMicros.getValueAtPercentile(q) / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    PrintStream out = System.out;
    try (Rig rig = Rig.start()) {
      out.printf(
          Locale.ROOT,
          "GatewayBench: %d requests per phase (at most %ds), %d in flight, %d-byte responses,"
              + " %d cores%n",
          requests,
          PHASE_LIMIT.toSeconds(),
          concurrency,
          BODY.length,
          Runtime.getRuntime().availableProcessors());
      // warm-up: JIT, connection pools
      load(rig.client, "warm-up direct", rig.direct, requests / 4, concurrency);
      load(rig.client, "warm-up gateway", rig.gateway, requests / 4, concurrency);
      Result d1 = load(rig.client, "direct", rig.direct, requests, concurrency);
      Result g1 = load(rig.client, "through gateway", rig.gateway, requests, concurrency);
      Result d2 = load(rig.client, "direct (again)", rig.direct, requests, concurrency);
      Result g2 = load(rig.client, "through gateway (again)", rig.gateway, requests, concurrency);
      out.printf(
          Locale.ROOT,
          "%-26s %10s %8s %9s %9s %9s %7s%n",
          "phase",
          "req/s",
          "errors",
          "p50 ms",
          "p99 ms",
          "p99.9 ms",
          "ratio");
      for (Result r : List.of(d1, g1, d2, g2)) {
        Result base = r == g1 ? d1 : r == g2 ? d2 : r;
        out.printf(
            Locale.ROOT,
            "%-26s %10.0f %8d %9.2f %9.2f %9.2f %7.2f%n",
            r.name(),
            r.perSecond(),
            r.errors(),
            r.p(50),
            r.p(99),
            r.p(99.9),
            r.perSecond() / base.perSecond());
      }
      double ratio = (g1.perSecond() + g2.perSecond()) / (d1.perSecond() + d2.perSecond());
      double p99Overhead = ((g1.p(99) - d1.p(99)) + (g2.p(99) - d2.p(99))) / 2;
      out.printf(
          Locale.ROOT,
          "gateway/direct throughput %.2f (target >= 0.50); p99 overhead %.2f ms (target < 2 ms)%n",
          ratio,
          p99Overhead);
    }
  }

  /**
   * The local upstream (a Pekko HTTP server in its own actor system), a node whose gateway routes
   * {@code /bench} to it, and the JDK HTTP client that loads both.
   */
  static final class Rig implements AutoCloseable {
    final ActorSystem upstreamSystem;
    final ServerBinding upstream;
    final Node node;
    final ExecutorService clientThreads;
    final HttpClient client;
    final URI direct;
    final URI gateway;

    private Rig(
        ActorSystem upstreamSystem,
        ServerBinding upstream,
        Node node,
        ExecutorService clientThreads,
        HttpClient client,
        URI direct,
        URI gateway) {
      this.upstreamSystem = upstreamSystem;
      this.upstream = upstream;
      this.node = node;
      this.clientThreads = clientThreads;
      this.client = client;
      this.direct = direct;
      this.gateway = gateway;
    }

    static Rig start() throws Exception {
      ActorSystem upstreamSystem = upstreamSystem("bench-upstream");
      ServerBinding upstream = bindUpstream(upstreamSystem, BODY, Duration.ofSeconds(10));
      String upstreamUrl = "http://127.0.0.1:" + upstream.localAddress().getPort();
      Node node =
          Node.start(
              ConfigFactory.parseMap(
                  Map.of(
                      "bounded.node.http.port", 0,
                      "bounded.node.data-dir", "target/bench-data",
                      "bounded.api-gateway.listen-port", 0,
                      "bounded.api-gateway.routes",
                          List.of(
                              Map.of(
                                  "name",
                                  "bench",
                                  "prefix",
                                  "/bench",
                                  "upstreams",
                                  List.of(upstreamUrl),
                                  "retries",
                                  0)),
                      "bounded.ip-tracker.rate.per-second", 10_000_000,
                      "bounded.ip-tracker.rate.burst", 10_000_000,
                      "bounded.ip-tracker.ban.max-failures", 1_000_000,
                      "pekko.loglevel", "WARNING")));
      ExecutorService clientThreads = Executors.newFixedThreadPool(2);
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(clientThreads)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      URI direct = URI.create(upstreamUrl + "/bench/item");
      URI gateway = URI.create("http://127.0.0.1:" + node.gatewayPort() + "/bench/item");
      return new Rig(upstreamSystem, upstream, node, clientThreads, client, direct, gateway);
    }

    @Override
    public void close() {
      node.close();
      upstream.unbind();
      upstreamSystem.terminate();
      clientThreads.shutdownNow();
    }
  }

  /** Sends {@code total} GETs with {@code concurrency} in flight; stops early at the time limit. */
  static Result load(HttpClient client, String name, URI uri, int total, int concurrency)
      throws Exception {
    return load(client, name, uri, total, concurrency, System.nanoTime() + PHASE_LIMIT.toNanos());
  }

  /** Like the other {@code load}, stopping at {@code deadline} (a {@code System.nanoTime()}). */
  static Result load(
      HttpClient client, String name, URI uri, int total, int concurrency, long deadline)
      throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong issued = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    CompletableFuture<?>[] workers = new CompletableFuture<?>[concurrency];
    for (int w = 0; w < concurrency; w++) {
      workers[w] = worker(client, request, total, deadline, issued, done, errors, h);
    }
    CompletableFuture.allOf(workers)
        .get(Math.max(0, deadline - start) / 1_000_000_000L + 30, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, done.get(), errors.get(), seconds, h);
  }

  private static CompletableFuture<Void> worker(
      HttpClient client,
      HttpRequest request,
      int total,
      long deadline,
      AtomicLong issued,
      AtomicLong done,
      AtomicLong errors,
      Histogram h) {
    if (issued.incrementAndGet() > total || System.nanoTime() > deadline) {
      return CompletableFuture.completedFuture(null);
    }
    long t0 = System.nanoTime();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (r, e) -> {
              long micros = (System.nanoTime() - t0) / 1000;
              synchronized (h) {
                h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
              }
              done.incrementAndGet();
              if (e != null || r.statusCode() != 200) {
                errors.incrementAndGet();
              }
              return null;
            })
        .thenCompose(x -> worker(client, request, total, deadline, issued, done, errors, h));
  }

  /** An actor system of its own for a loopback upstream, quiet and without a Server header. */
  static ActorSystem upstreamSystem(String name) {
    return ActorSystem.create(
        name,
        ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.http.server.server-header = \"\"")
            .withFallback(ConfigFactory.load()));
  }

  /** A loopback upstream on a free port that answers every request 200 with {@code body}. */
  static ServerBinding bindUpstream(ActorSystem system, byte[] body, Duration wait)
      throws Exception {
    return Http.get(system)
        .newServerAt("127.0.0.1", 0)
        .bindSync(
            request -> {
              request.discardEntityBytes(system);
              return org.apache.pekko.http.javadsl.model.HttpResponse.create()
                  .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, body));
            })
        .toCompletableFuture()
        .get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
