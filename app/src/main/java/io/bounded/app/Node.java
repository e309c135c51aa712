package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.BoundedSettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.EventBusSettings;
import io.bounded.config.InvalidSettingsException;
import io.bounded.config.NodeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the Bounded runtime plus its HTTP API, bound on {@code
 * bounded.node.http.host}/{@code port}.
 *
 * <p>Start with {@link #start(Config)}; stop with {@link #close()} (or SIGTERM, or {@code POST
 * /admin/shutdown}), which runs Pekko's coordinated shutdown: the listener stops accepting,
 * in-flight requests get {@code bounded.node.http.shutdown-deadline}, then every component stops
 * and the actor system terminates.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final BoundedRuntime runtime;
  private final NodeSettings settings;
  private final ServerBinding binding;
  private final Metrics metrics;
  private ServerBinding gatewayBinding;

  private Node(
      BoundedRuntime runtime, NodeSettings settings, ServerBinding binding, Metrics metrics) {
    this.runtime = runtime;
    this.settings = settings;
    this.binding = binding;
    this.metrics = metrics;
  }

  /**
   * Validates {@code config}, starts the runtime and binds the API.
   *
   * @param config the node's configuration; missing keys fall back to the shipped defaults
   * @throws InvalidSettingsException naming every problem of every section, before anything starts
   * @throws IllegalStateException when the address cannot be bound or the runtime does not start
   */
  public static Node start(Config config) {
    NodeSettings node = validate(config);
    BoundedRuntime runtime =
        BoundedRuntime.start(
            pekkoHttpSettings(node, config)
                .withFallback(databaseUrl(node, config))
                .withFallback(config));
    Metrics metrics = null;
    try {
      Files.createDirectories(Path.of(node.dataDir()));
      metrics = new Metrics(runtime);
      ApiRoutes api = new ApiRoutes(runtime, node, metrics);
      ServerBinding binding =
          Http.get(runtime.system())
              .newServerAt(node.httpHost(), node.httpPort())
              // HEAD of every GET resource, answered like GET without the body (RFC 9110 9.3.2);
              // on this listener only: the gateway's proxies HEAD to its upstream as it is
              .withSettings(
                  ServerSettings.create(runtime.system().classicSystem())
                      .withTransparentHeadRequests(true))
              .bind(api.route())
              .toCompletableFuture()
              .get(runtime.settings().runtime().askTimeout().toMillis(), TimeUnit.MILLISECONDS);
      binding.addToCoordinatedShutdown(node.shutdownDeadline(), runtime.system());
      Metrics registered = metrics;
      runtime.system().getWhenTerminated().thenRun(registered::close);
      Node started = new Node(runtime, node, binding, metrics);
      // the gateway's own listener; coordinated shutdown unbinds it with the API's
      started.gatewayBinding = GatewayServer.bind(runtime, node.shutdownDeadline());
      LOG.info(started.startupLine());
      return started;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly(runtime, metrics);
      throw new IllegalStateException("interrupted while starting the node", e);
    } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
      stopQuietly(runtime, metrics);
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot start the node on "
              + node.httpHost()
              + ":"
              + node.httpPort()
              + " (bounded.node.http.host/port): "
              + cause.getMessage(),
          cause);
    }
  }

  /**
   * Reads and validates every section the node uses, reporting the problems of all sections at
   * once.
   *
   * @throws InvalidSettingsException naming every problem
   */
  static NodeSettings validate(Config config) {
    Config full = withDefaults(config);
    List<String> problems = new ArrayList<>();
    BoundedSettings.attempt(BoundedSettings::fromConfig, full, problems);
    NodeSettings node = BoundedSettings.attempt(NodeSettings::fromConfig, full, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return node;
  }

  /** {@code config} over the shipped defaults, resolved. */
  static Config withDefaults(Config config) {
    return config.withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /**
   * The Pekko HTTP settings the node derives from {@code bounded.node}: the body limit, the request
   * timeout, the JSON answer for unparseable requests, a URI limit long enough for the longest key,
   * and a coordinated shutdown phase long enough for the shutdown deadline.
   */
  static Config pekkoHttpSettings(NodeSettings node, Config config) {
    CacheSettings cache = CacheSettings.fromConfig(withDefaults(config));
    // a key of max-key-length UTF-16 units is at most 9 characters each once percent-encoded
    long uri = Math.max(2048L, 9L * cache.maxKeyLength() + 1024L);
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.http.server.parsing.max-content-length", node.maxBody());
    m.put("pekko.http.server.parsing.max-uri-length", uri);
    m.put("pekko.http.server.parsing.error-handler", JsonParsingErrorHandler.class.getName());
    m.put("pekko.http.server.request-timeout", node.requestTimeout().toMillis() + "ms");
    m.put("pekko.http.server.server-header", "bounded");
    m.put(
        "pekko.coordinated-shutdown.phases.service-requests-done.timeout",
        node.shutdownDeadline().plusSeconds(1).toMillis() + "ms");
    return ConfigFactory.parseMap(m, "bounded.node (derived by the node)");
  }

  /**
   * The embedded H2 database in the node's data directory, unless {@code config} names a database
   * itself ({@code bounded.database.url}).
   */
  static Config databaseUrl(NodeSettings node, Config config) {
    if (config.hasPath("bounded.database.url")) {
      return ConfigFactory.empty();
    }
    Path file = Path.of(node.dataDir()).toAbsolutePath().normalize().resolve("bounded-db");
    return ConfigFactory.parseMap(
        Map.of("bounded.database.url", "jdbc:h2:file:" + file),
        "bounded.node.data-dir (the node's default database)");
  }

  /** The address the API listens on. */
  public String host() {
    return binding.localAddress().getHostString();
  }

  /** The port the API listens on (the bound one when {@code bounded.node.http.port = 0}). */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The port the gateway listener is bound to ({@code bounded.api-gateway.listen-port}). */
  public int gatewayPort() {
    return gatewayBinding.localAddress().getPort();
  }

  /** The runtime behind the API. */
  public BoundedRuntime runtime() {
    return runtime;
  }

  /** The node's settings. */
  public NodeSettings settings() {
    return settings;
  }

  /**
   * Blocks until the node has stopped (SIGTERM, {@code POST /admin/shutdown} or {@link #close()}).
   */
  public void awaitTermination() {
    runtime.system().getWhenTerminated().toCompletableFuture().join();
    runtime.close();
  }

  /**
   * Waits at most {@code timeout} for the node to stop.
   *
   * @return true when it has stopped
   */
  public boolean awaitTermination(Duration timeout) {
    try {
      runtime
          .system()
          .getWhenTerminated()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Runs coordinated shutdown and returns when the actor system has terminated. Idempotent. */
  @Override
  public void close() {
    Duration bound =
        settings.shutdownDeadline().plus(runtime.settings().runtime().shutdownTimeout());
    try {
      CoordinatedShutdown.get(runtime.system())
          .runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("coordinated shutdown did not complete within {}: {}", bound, e.toString());
    } finally {
      runtime.close();
      metrics.close();
    }
  }

  /** One line with the address and the effective bounds. */
  String startupLine() {
    StringBuilder bounds = new StringBuilder();
    for (Audit.Estimate e : Audit.estimates(runtime.settings())) {
      section(bounds, e.component(), e.bounds());
    }
    EventBusSettings b = runtime.settings().eventBus();
    Map<String, String> bus = new LinkedHashMap<>();
    bus.put("max-events", Long.toString(b.maxEvents()));
    bus.put("max-subscriptions", Long.toString(b.maxSubscriptions()));
    bus.put("buffer-size", Long.toString(b.bufferSize()));
    bus.put("max-payload-bytes", Sizes.bytes(b.maxPayloadBytes()));
    bus.put("retention", Sizes.duration(b.retention()));
    section(bounds, "event-bus", bus);
    return String.format(
        "Bounded node %s listening on http://%s:%d (token %s); bounds: %s; http max-body=%s"
            + " request-timeout=%s shutdown-deadline=%s; heap max=%s",
        Version.get(),
        host(),
        port(),
        settings.tokenRequired() ? "required" : "off",
        bounds,
        Sizes.bytes(settings.maxBody()),
        Sizes.duration(settings.requestTimeout()),
        Sizes.duration(settings.shutdownDeadline()),
        Sizes.bytes(Runtime.getRuntime().maxMemory()));
  }

  /** {@code name[key=value, ...]}, keys without their {@code bounded.<name>.} prefix. */
  private static void section(StringBuilder out, String name, Map<String, String> bounds) {
    if (out.length() > 0) {
      out.append("; ");
    }
    out.append(name).append('[');
    String prefix = "bounded." + name + ".";
    boolean first = true;
    for (Map.Entry<String, String> e : bounds.entrySet()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      String key =
          e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
      out.append(key).append('=').append(e.getValue());
    }
    out.append(']');
  }

  private static void stopQuietly(BoundedRuntime runtime, Metrics metrics) {
    try {
      runtime.close();
    } catch (RuntimeException e) {
      LOG.warn("runtime did not stop cleanly: {}", e.toString());
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
