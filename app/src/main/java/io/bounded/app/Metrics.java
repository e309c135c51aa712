package io.bounded.app;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.protocols.ComponentStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The node's Prometheus registry. Component meters read the latest stats snapshot, which is
 * refreshed asynchronously (one {@code GetStats} ask per component) before every scrape; a meter
 * never asks or blocks itself, and when a component does not answer in time the scrape shows the
 * previous snapshot.
 *
 * <p>Series, each tagged {@code component}: {@code bounded_component_size}, {@code _capacity}, one
 * gauge per component reading (cache: {@code _bytes}, {@code _max_bytes}, {@code
 * _mailbox_capacity}), counters {@code _inserts_total}, {@code _hits_total}, {@code _misses_total},
 * {@code _evictions_total}, {@code _expirations_total}, {@code _rejections_total}, {@code
 * _drops_total}, {@code _mailbox_overflows_total}, {@code _cleanup_runs_total}, {@code
 * _cleanup_failures_total}, {@code _removals_total{cause}}; plus {@code
 * bounded_log_dropped_lines_total}, {@code bounded_http_responses_total{status}} and the JVM's
 * heap, GC, threads and class loading.
 */
final class Metrics implements AutoCloseable {
  private final BoundedRuntime runtime;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Map<String, ComponentStats>> latest =
      new AtomicReference<>(Map.of());
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> responses = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Components started with the runtime: always exported. */
  private final Set<String> fixed = ConcurrentHashMap.newKeySet();

  /**
   * Components with series now: the fixed ones and the memoizers live at the last scrape (at most
   * {@code bounded.memoizer.max-memoizers}); a closed memoizer's series are removed.
   */
  private final Set<String> exported = ConcurrentHashMap.newKeySet();

  Metrics(BoundedRuntime runtime) {
    this.runtime = runtime;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    FunctionCounter.builder("bounded.log.dropped.lines", runtime, BoundedRuntime::droppedLogLines)
        .description("log lines dropped by the non-blocking log appender")
        .register(registry);
    for (ComponentHandle<?> c : runtime.components()) {
      fixed.add(c.name());
      registerComponent(c.name());
    }
  }

  /** Refreshes the snapshot, then renders the Prometheus text format. */
  CompletionStage<String> scrape() {
    return runtime
        .stats()
        .handle(
            (stats, error) -> {
              if (stats != null) {
                update(stats);
              }
              return registry.scrape();
            });
  }

  /** Counts one HTTP response by status class ({@code 2xx}, {@code 4xx}, …). */
  void countResponse(int status) {
    String cls = (status / 100) + "xx";
    responses
        .computeIfAbsent(
            cls,
            k ->
                Counter.builder("bounded.http.responses")
                    .description("HTTP responses of the node's API by status class")
                    .tag("status", k)
                    .register(registry))
        .increment();
  }

  synchronized void update(Map<String, ComponentStats> stats) {
    latest.set(Map.copyOf(stats));
    for (String name : List.copyOf(exported)) {
      if (!fixed.contains(name) && !stats.containsKey(name)) {
        unregisterComponent(name);
      }
    }
    stats.forEach(
        (name, s) -> {
          registerComponent(name);
          s.gauges().keySet().forEach(k -> registerReading(name, k));
          s.byCause().keySet().forEach(k -> registerCause(name, k));
        });
  }

  /** Removes every series of {@code name}, a memoizer that was closed. */
  private void unregisterComponent(String name) {
    List<Meter> all = new ArrayList<>();
    registry.forEachMeter(
        m -> {
          if (name.equals(m.getId().getTag("component"))) {
            all.add(m);
          }
        });
    all.forEach(registry::remove);
    registered.removeIf(k -> k.startsWith(name + "/"));
    exported.remove(name);
  }

  private void registerComponent(String name) {
    if (!exported.add(name)) {
      return;
    }
    gauge(name, "size", "entries held now", ComponentStats::size);
    gauge(name, "capacity", "configured bound on size", ComponentStats::capacity);
    counter(name, "inserts", "accepted inserts", ComponentStats::inserts);
    counter(name, "hits", "reads that found an entry", ComponentStats::hits);
    counter(name, "misses", "reads that found nothing", ComponentStats::misses);
    counter(name, "evictions", "entries evicted to honour a bound", ComponentStats::evictions);
    counter(name, "expirations", "entries removed by age", ComponentStats::expirations);
    counter(name, "rejections", "requests refused with a reason", ComponentStats::rejections);
    counter(name, "drops", "items lost before their consumer had them", ComponentStats::drops);
    counter(
        name,
        "mailbox.overflows",
        "messages refused by the bounded inbox",
        ComponentStats::mailboxOverflows);
    counter(name, "cleanup.runs", "cleanup ticks completed", ComponentStats::cleanupRuns);
    counter(name, "cleanup.failures", "cleanup ticks that failed", ComponentStats::cleanupFailures);
    gauge(
        name,
        "last.cleanup.seconds",
        "duration of the last cleanup tick",
        s -> s.lastCleanupDuration().toNanos() / 1e9);
  }

  private void registerReading(String component, String key) {
    if (registered.add(component + "/gauge/" + key)) {
      gauge(
          component,
          key.replace('-', '.'),
          "component reading " + key,
          s -> s.gauges().getOrDefault(key, 0L));
    }
  }

  private void registerCause(String component, String cause) {
    if (registered.add(component + "/cause/" + cause)) {
      FunctionCounter.builder(
              "bounded.component.removals",
              this,
              m -> m.read(component, s -> s.byCause().getOrDefault(cause, 0L), 0))
          .description("removals and drops by cause")
          .tags("component", component, "cause", cause)
          .register(registry);
    }
  }

  private void gauge(
      String component, String name, String help, ToDoubleFunction<ComponentStats> read) {
    Gauge.builder("bounded.component." + name, this, m -> m.read(component, read, Double.NaN))
        .description(help)
        .tag("component", component)
        .strongReference(true)
        .register(registry);
  }

  private void counter(
      String component, String name, String help, ToDoubleFunction<ComponentStats> read) {
    FunctionCounter.builder("bounded.component." + name, this, m -> m.read(component, read, 0))
        .description(help)
        .tag("component", component)
        .register(registry);
  }

  private double read(String component, ToDoubleFunction<ComponentStats> read, double absent) {
    ComponentStats s = latest.get().get(component);
    return s == null ? absent : read.applyAsDouble(s);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    gc.close();
    registry.close();
  }
}
