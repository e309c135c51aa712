package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.config.BoundedSettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.DatabaseSettings;
import io.bounded.config.IpTrackerSettings;
import io.bounded.config.MemoizerSettings;
import io.bounded.config.NodeSettings;
import io.bounded.config.TaskQueueSettings;
import io.bounded.config.TracerSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code audit} report: every component's bounds and cleanup interval, and a worst-case
 * estimate of the heap its bounds allow, summed and compared with {@code
 * bounded.memory.max-heap-fraction} of the max heap.
 *
 * <p>An estimate counts what a component may hold when every bound is reached at once, with the
 * assumption printed beside it. It leaves out the JVM's own baseline (Pekko, Pekko HTTP, loaded
 * classes, roughly 50–100 MiB) and request bodies in flight in the HTTP server, which are bounded
 * separately by {@code bounded.node.http.max-body} per request.
 */
final class Audit {
  /** Bytes one queued message costs in a mailbox (measured; see TOOLCHAIN.md). */
  static final long MAILBOX_MESSAGE_BYTES = 72;

  /**
   * Bytes per cache entry beside its key and value: key String header, entry record, map node, LRU
   * links.
   */
  static final long CACHE_ENTRY_OVERHEAD_BYTES = 100;

  /** One component's worst case: each term with what it assumes. */
  record Estimate(String component, Map<String, String> bounds, List<Term> terms) {
    long bytes() {
      return terms.stream().mapToLong(Term::bytes).sum();
    }
  }

  /** One part of an estimate. */
  record Term(String assumption, long bytes) {}

  /** The outcome: what was printed, and whether every bound fits. */
  record Result(boolean ok, List<String> reasons) {
    int exitCode() {
      return ok ? 0 : 1;
    }
  }

  private Audit() {}

  /**
   * Prints the report for {@code config} and says whether it passes.
   *
   * @param config the configuration, already over the shipped defaults and resolved
   * @param maxHeap the heap to audit against, in bytes ({@code Runtime.maxMemory()} unless told)
   * @param heapSource where {@code maxHeap} came from, for the report
   */
  static Result run(Config config, long maxHeap, String heapSource, PrintWriter out) {
    List<String> reasons = new ArrayList<>();
    BoundedSettings settings =
        BoundedSettings.attempt(BoundedSettings::fromConfig, config, reasons);
    NodeSettings node = BoundedSettings.attempt(NodeSettings::fromConfig, config, reasons);

    out.println("Bounded audit (version " + Version.get() + ")");
    out.printf(Locale.ROOT, "  max heap            %s (%s)%n", Sizes.bytes(maxHeap), heapSource);
    if (settings == null) {
      out.println();
      return fail(reasons, out);
    }
    double fraction = settings.runtime().maxHeapFraction();
    long allowed = (long) (maxHeap * fraction);
    out.printf(
        Locale.ROOT,
        "  allowed for bounds  %s = %s x max heap (bounded.memory.max-heap-fraction)%n%n",
        Sizes.bytes(allowed),
        trim(fraction));

    List<Estimate> estimates = estimates(settings);
    String pool = poolProblem(settings.database());
    if (pool != null) {
      reasons.add(pool);
    }
    long total = 0;
    for (Estimate e : estimates) {
      print(e, out);
      total += e.bytes();
    }
    for (String section : NOT_ESTIMATED) {
      printSection(config, section, out);
    }
    if (node != null) {
      printNode(node, out);
    }
    double percent = allowed == 0 ? Double.POSITIVE_INFINITY : 100.0 * total / allowed;
    out.printf(
        Locale.ROOT,
        "total worst case     %s of %s allowed (%.1f%%)%n",
        Sizes.bytes(total),
        Sizes.bytes(allowed),
        percent);
    if (total > allowed) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "worst-case memory estimate %s (%d bytes) exceeds bounded.memory.max-heap-fraction (%s)"
                  + " of the max heap %s = %s; lower the bounds above or raise -Xmx",
              Sizes.bytes(total),
              total,
              trim(fraction),
              Sizes.bytes(maxHeap),
              Sizes.bytes(allowed)));
    }
    if (!reasons.isEmpty()) {
      return fail(reasons, out);
    }
    out.println("OK: every bound fits.");
    return new Result(true, List.of());
  }

  /** Every running component's worst case, in start order: the one list the total is built from. */
  static List<Estimate> estimates(BoundedSettings settings) {
    return List.of(
        cache(settings.cache()),
        memoizer(settings.memoizer()),
        taskQueue(settings.taskQueue()),
        tracer(settings.tracer()),
        apiGateway(settings.apiGateway()),
        ipTracker(settings.ipTracker()),
        database(settings.database()));
  }

  /**
   * Cache: every value byte it may hold, every entry at the longest key, and a full inbox. Keys are
   * Java strings, so a key costs up to 2 bytes per character (non-Latin-1 text).
   */
  static Estimate cache(CacheSettings c) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.cache.max-entries", Long.toString(c.maxEntries()));
    bounds.put("bounded.cache.max-bytes", Sizes.bytes(c.maxBytes()));
    bounds.put("bounded.cache.max-key-length", Long.toString(c.maxKeyLength()));
    bounds.put("bounded.cache.default-ttl", Sizes.duration(c.defaultTtl()));
    bounds.put("bounded.cache.max-ttl", Sizes.duration(c.maxTtl()));
    bounds.put("bounded.cache.eviction", c.eviction().configName());
    bounds.put("bounded.cache.mailbox-capacity", Long.toString(c.mailboxCapacity()));
    bounds.put("bounded.cache.cleanup-interval", Sizes.duration(c.cleanupInterval()));
    long perEntry = 2L * c.maxKeyLength() + CACHE_ENTRY_OVERHEAD_BYTES;
    return new Estimate(
        "cache",
        bounds,
        List.of(
            new Term("values: max-bytes", c.maxBytes()),
            new Term(
                "entries: max-entries x (2 B x max-key-length + "
                    + CACHE_ENTRY_OVERHEAD_BYTES
                    + " B entry overhead) = "
                    + c.maxEntries()
                    + " x "
                    + perEntry
                    + " B",
                c.maxEntries() * perEntry),
            inbox(c.mailboxCapacity())));
  }

  /**
   * Bytes per task beside its payload, type, idempotency key and error: the record, its map and
   * ordered-set nodes, id and lease strings, timestamps.
   */
  static final long TASK_OVERHEAD_BYTES = 400;

  /**
   * Task queue: every payload byte {@code max-bytes} allows (live and finished together, as the JVM
   * holds them), and for every task it may hold (live and finished) the longest type, idempotency
   * key and error at 2 bytes per character plus the per-task overhead; a full inbox. Handler runs
   * in flight hold only references to held tasks.
   */
  static Estimate taskQueue(TaskQueueSettings t) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.task-queue.max-tasks", Long.toString(t.maxTasks()));
    bounds.put("bounded.task-queue.max-finished", Long.toString(t.maxFinished()));
    bounds.put("bounded.task-queue.max-bytes", Sizes.bytes(t.maxBytes()));
    bounds.put("bounded.task-queue.max-payload-bytes", Sizes.bytes(t.maxPayloadBytes()));
    bounds.put("bounded.task-queue.max-key-length", Long.toString(t.maxKeyLength()));
    bounds.put("bounded.task-queue.max-error-length", Long.toString(t.maxErrorLength()));
    bounds.put("bounded.task-queue.max-types", Long.toString(t.maxTypes()));
    bounds.put("bounded.task-queue.completed-retention", Sizes.duration(t.completedRetention()));
    bounds.put("bounded.task-queue.mailbox-capacity", Long.toString(t.mailboxCapacity()));
    bounds.put("bounded.task-queue.cleanup-interval", Sizes.duration(t.cleanupInterval()));
    long tasks = (long) t.maxTasks() + t.maxFinished();
    long perTask = 2L * (2L * t.maxKeyLength() + t.maxErrorLength()) + TASK_OVERHEAD_BYTES;
    return new Estimate(
        "task-queue",
        bounds,
        List.of(
            new Term("payloads: max-bytes", t.maxBytes()),
            new Term(
                "tasks: (max-tasks + max-finished) x (2 B x (2 x max-key-length + max-error-length)"
                    + " + "
                    + TASK_OVERHEAD_BYTES
                    + " B overhead) = "
                    + tasks
                    + " x "
                    + perTask
                    + " B",
                tasks * perTask),
            inbox(t.mailboxCapacity())));
  }

  /**
   * Tracer: {@code max-bytes} is enforced over the estimated size of every open, stored and
   * export-queued span (strings at 2 B per character plus per-object overheads; spans in an export
   * batch stay counted until the batch is done), so the spans cost at most that. A full inbox adds
   * its per-message cost; a queued message's own attributes are not counted (each is cut to the
   * span limits when handled).
   */
  static Estimate tracer(TracerSettings t) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.tracer.max-active-spans", Long.toString(t.maxActiveSpans()));
    bounds.put("bounded.tracer.max-traces", Long.toString(t.maxTraces()));
    bounds.put("bounded.tracer.max-spans-stored", Long.toString(t.maxSpansStored()));
    bounds.put("bounded.tracer.max-bytes", Sizes.bytes(t.maxBytes()));
    bounds.put("bounded.tracer.retention", Sizes.duration(t.retention()));
    bounds.put("bounded.tracer.max-span-duration", Sizes.duration(t.maxSpanDuration()));
    bounds.put("bounded.tracer.export.exporter", t.export().exporter().configName());
    bounds.put("bounded.tracer.export.queue-size", Long.toString(t.export().queueSize()));
    bounds.put("bounded.tracer.mailbox-capacity", Long.toString(t.mailboxCapacity()));
    bounds.put("bounded.tracer.cleanup-interval", Sizes.duration(t.cleanupInterval()));
    return new Estimate(
        "tracer",
        bounds,
        List.of(
            new Term("open, stored and export-queued spans: max-bytes (enforced)", t.maxBytes()),
            inbox(t.mailboxCapacity())));
  }

  /** Bytes a route costs: name, prefix, a few upstream URIs, methods, map entries (assumed). */
  static final long ROUTE_BYTES = 1024;

  /** Bytes a circuit breaker costs beside its window ring: state, key, map node (assumed). */
  static final long BREAKER_OVERHEAD_BYTES = 200;

  /**
   * API gateway: every route, every breaker with a full window (one byte per call), the response
   * cache at its byte bound (which already counts headers and a per-entry overhead), a full inbox.
   */
  static Estimate apiGateway(ApiGatewaySettings g) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.api-gateway.max-routes", Long.toString(g.maxRoutes()));
    bounds.put("bounded.api-gateway.max-circuit-breakers", Long.toString(g.maxCircuitBreakers()));
    bounds.put(
        "bounded.api-gateway.circuit-breaker.sliding-window-size",
        Long.toString(g.circuitBreaker().slidingWindowSize()));
    bounds.put(
        "bounded.api-gateway.response-cache.max-entries",
        Long.toString(g.responseCache().maxEntries()));
    bounds.put(
        "bounded.api-gateway.response-cache.max-bytes", Sizes.bytes(g.responseCache().maxBytes()));
    bounds.put("bounded.api-gateway.mailbox-capacity", Long.toString(g.mailboxCapacity()));
    bounds.put("bounded.api-gateway.cleanup-interval", Sizes.duration(g.cleanupInterval()));
    long perBreaker = g.circuitBreaker().slidingWindowSize() + BREAKER_OVERHEAD_BYTES;
    return new Estimate(
        "api-gateway",
        bounds,
        List.of(
            new Term(
                "routes: max-routes x " + ROUTE_BYTES + " B (assumed per route)",
                g.maxRoutes() * ROUTE_BYTES),
            new Term(
                "breakers: max-circuit-breakers x (sliding-window-size B + "
                    + BREAKER_OVERHEAD_BYTES
                    + " B) = "
                    + g.maxCircuitBreakers()
                    + " x "
                    + perBreaker
                    + " B",
                g.maxCircuitBreakers() * perBreaker),
            new Term(
                "response cache: response-cache.max-bytes (bodies, headers and entry overhead)",
                g.responseCache().maxBytes()),
            inbox(g.mailboxCapacity())));
  }

  /** Bytes an address record costs beside its failure times: key text, record, bucket, node. */
  static final long ADDRESS_OVERHEAD_BYTES = 250;

  /**
   * IP tracker: every address with a live bucket and a full failure window (8 B per failure time,
   * up to ban.max-failures), a full inbox.
   */
  static Estimate ipTracker(IpTrackerSettings t) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.ip-tracker.max-addresses", Long.toString(t.maxAddresses()));
    bounds.put("bounded.ip-tracker.ban.max-failures", Long.toString(t.ban().maxFailures()));
    bounds.put("bounded.ip-tracker.window", Sizes.duration(t.window()));
    bounds.put("bounded.ip-tracker.mailbox-capacity", Long.toString(t.mailboxCapacity()));
    bounds.put("bounded.ip-tracker.cleanup-interval", Sizes.duration(t.cleanupInterval()));
    long perAddress = ADDRESS_OVERHEAD_BYTES + 8L * t.ban().maxFailures();
    return new Estimate(
        "ip-tracker",
        bounds,
        List.of(
            new Term(
                "addresses: max-addresses x ("
                    + ADDRESS_OVERHEAD_BYTES
                    + " B + 8 B x ban.max-failures) = "
                    + t.maxAddresses()
                    + " x "
                    + perAddress
                    + " B",
                t.maxAddresses() * perAddress),
            inbox(t.mailboxCapacity())));
  }

  /** Bytes assumed per write or request waiting in the database: statement, a few parameters. */
  static final long DATABASE_REQUEST_BYTES = 256;

  /** Bytes assumed per row of a query result: a map of a few short columns. */
  static final long DATABASE_ROW_BYTES = 256;

  /** Bytes assumed per JDBC connection: driver buffers and statement caches. */
  static final long DATABASE_CONNECTION_BYTES = 64 * 1024;

  /**
   * Database: every write it may hold (the queue, the group being formed plus the one element past
   * it, the group being written), every request waiting or running, the rows of a full result on
   * every JDBC thread, the connections and a full inbox. Large parameters are the sender's: the
   * component does not bound their size.
   */
  static Estimate database(DatabaseSettings d) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.database.url", d.redactedUrl());
    bounds.put("bounded.database.maximum-pool-size", Long.toString(d.maximumPoolSize()));
    bounds.put(
        "bounded.database.dispatcher.thread-pool-executor.fixed-pool-size",
        Long.toString(d.dispatcherThreads()));
    bounds.put("bounded.database.minimum-idle", Long.toString(d.minimumIdle()));
    bounds.put("bounded.database.connection-timeout", Sizes.duration(d.connectionTimeout()));
    bounds.put("bounded.database.max-rows", Long.toString(d.maxRows()));
    bounds.put("bounded.database.query-timeout", Sizes.duration(d.queryTimeout()));
    bounds.put("bounded.database.max-pending", Long.toString(d.maxPending()));
    bounds.put("bounded.database.batch-size", Long.toString(d.batchSize()));
    bounds.put("bounded.database.batch-delay", Sizes.duration(d.batchDelay()));
    bounds.put("bounded.database.writers", Long.toString(d.writers()));
    bounds.put("bounded.database.max-in-flight", Long.toString(d.maxInFlight()));
    bounds.put(
        "bounded.database.max-transaction-statements", Long.toString(d.maxTransactionStatements()));
    bounds.put("bounded.database.mailbox-capacity", Long.toString(d.mailboxCapacity()));
    // per writer: a group forming and a group being written
    long writes = d.maxPending() + 2L * d.writers() * d.batchSize() + 1;
    long requests = (long) d.maxInFlight() + d.dispatcherThreads();
    long rows = (long) d.dispatcherThreads() * (d.maxRows() + 1L);
    return new Estimate(
        "database",
        bounds,
        List.of(
            new Term(
                "writes: (max-pending + 2 x batch-size + 1) x "
                    + DATABASE_REQUEST_BYTES
                    + " B assumed per write = "
                    + writes
                    + " x "
                    + DATABASE_REQUEST_BYTES
                    + " B",
                writes * DATABASE_REQUEST_BYTES),
            new Term(
                "requests: (max-in-flight + dispatcher threads) x "
                    + DATABASE_REQUEST_BYTES
                    + " B = "
                    + requests
                    + " x "
                    + DATABASE_REQUEST_BYTES
                    + " B",
                requests * DATABASE_REQUEST_BYTES),
            new Term(
                "rows: dispatcher threads x (max-rows + 1) x "
                    + DATABASE_ROW_BYTES
                    + " B assumed per row = "
                    + rows
                    + " x "
                    + DATABASE_ROW_BYTES
                    + " B",
                rows * DATABASE_ROW_BYTES),
            new Term(
                "connections: maximum-pool-size x "
                    + Sizes.bytes(DATABASE_CONNECTION_BYTES)
                    + " assumed per connection",
                d.maximumPoolSize() * DATABASE_CONNECTION_BYTES),
            inbox(d.mailboxCapacity())));
  }

  /**
   * Why the pool and its dispatcher do not fit, or null: every JDBC call holds a dispatcher thread
   * and at most one connection, so fewer threads than connections leave connections that can never
   * be used, and more threads than connections leave threads blocked waiting for one (and requests
   * failing after connection-timeout under load).
   */
  static String poolProblem(DatabaseSettings d) {
    if (d.dispatcherThreads() == d.maximumPoolSize()) {
      return null;
    }
    return "bounded.database.dispatcher.thread-pool-executor.fixed-pool-size ("
        + d.dispatcherThreads()
        + ") must equal bounded.database.maximum-pool-size ("
        + d.maximumPoolSize()
        + "): "
        + (d.dispatcherThreads() < d.maximumPoolSize()
            ? (d.maximumPoolSize() - d.dispatcherThreads())
                + " connections could never be used at once"
            : (d.dispatcherThreads() - d.maximumPoolSize())
                + " JDBC threads would block waiting for a connection");
  }

  /** Bytes one memoized result costs beside its key and value: map node, result record, links. */
  static final long MEMOIZER_ENTRY_OVERHEAD_BYTES = 120;

  /** Bytes one waiting caller costs: its reply ref in a flight's list, plus the pending ask. */
  static final long MEMOIZER_WAITER_BYTES = 200;

  /**
   * Memoizers: every one of max-memoizers full at once, each with max-entries results, max-waiters
   * callers waiting and a full inbox. Keys and values are the application's own objects, of sizes
   * the runtime cannot know: they are not counted (multiply max-entries by your value size).
   */
  static Estimate memoizer(MemoizerSettings m) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("bounded.memoizer.max-memoizers", Long.toString(m.maxMemoizers()));
    bounds.put("bounded.memoizer.max-entries", Long.toString(m.maxEntries()));
    bounds.put("bounded.memoizer.max-in-flight", Long.toString(m.maxInFlight()));
    bounds.put("bounded.memoizer.max-waiters", Long.toString(m.maxWaiters()));
    bounds.put("bounded.memoizer.ttl", Sizes.duration(m.ttl()));
    bounds.put("bounded.memoizer.eviction", m.eviction().configName());
    bounds.put("bounded.memoizer.mailbox-capacity", Long.toString(m.mailboxCapacity()));
    bounds.put("bounded.memoizer.cleanup-interval", Sizes.duration(m.cleanupInterval()));
    long n = m.maxMemoizers();
    return new Estimate(
        "memoizer",
        bounds,
        List.of(
            new Term(
                "results: max-memoizers x max-entries x "
                    + MEMOIZER_ENTRY_OVERHEAD_BYTES
                    + " B (keys and values not counted: application objects) = "
                    + n
                    + " x "
                    + m.maxEntries()
                    + " x "
                    + MEMOIZER_ENTRY_OVERHEAD_BYTES
                    + " B",
                n * m.maxEntries() * MEMOIZER_ENTRY_OVERHEAD_BYTES),
            new Term(
                "waiting callers: max-memoizers x max-waiters x "
                    + MEMOIZER_WAITER_BYTES
                    + " B = "
                    + n
                    + " x "
                    + m.maxWaiters()
                    + " x "
                    + MEMOIZER_WAITER_BYTES
                    + " B",
                n * m.maxWaiters() * MEMOIZER_WAITER_BYTES),
            new Term(
                "inboxes: max-memoizers x mailbox-capacity x "
                    + MAILBOX_MESSAGE_BYTES
                    + " B = "
                    + n
                    + " x "
                    + m.mailboxCapacity()
                    + " x "
                    + MAILBOX_MESSAGE_BYTES
                    + " B",
                n * m.mailboxCapacity() * MAILBOX_MESSAGE_BYTES)));
  }

  /** A full inbox: every queued message at {@link #MAILBOX_MESSAGE_BYTES}. */
  static Term inbox(int mailboxCapacity) {
    return new Term(
        "inbox: mailbox-capacity x "
            + MAILBOX_MESSAGE_BYTES
            + " B per queued message = "
            + mailboxCapacity
            + " x "
            + MAILBOX_MESSAGE_BYTES
            + " B",
        mailboxCapacity * MAILBOX_MESSAGE_BYTES);
  }

  private static void print(Estimate e, PrintWriter out) {
    out.println(e.component());
    e.bounds().forEach((k, v) -> out.printf(Locale.ROOT, "  %-36s %s%n", k, v));
    out.printf(Locale.ROOT, "  %-36s %s%n", "worst case", Sizes.bytes(e.bytes()));
    for (Term t : e.terms()) {
      out.printf(Locale.ROOT, "    %10s  %s%n", Sizes.bytes(t.bytes()), t.assumption());
    }
    out.println();
  }

  /**
   * Sections whose component this runtime does not start yet: their bounds are validated and
   * listed, but a worst-case estimate is added (and counted) only once the component runs and its
   * memory model is known.
   */
  static final List<String> NOT_ESTIMATED = List.of("event-bus");

  private static void printSection(Config config, String section, PrintWriter out) {
    String path = "bounded." + section;
    if (!config.hasPath(path)) {
      return;
    }
    Config c = AdminRoutes.redact(config.getConfig(path));
    out.println(section + " (not started by this version; not part of the total)");
    if (c.hasPath("cleanup-interval")) {
      out.println("  " + path + ".cleanup-interval = " + plain(c.getValue("cleanup-interval")));
    }
    c.entrySet().stream()
        .filter(e -> !e.getKey().equals("cleanup-interval"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.println("  " + path + "." + e.getKey() + " = " + plain(e.getValue())));
    out.println("  worst case: not estimated yet");
    out.println();
  }

  /** A value as written in HOCON, strings without quotes. */
  private static String plain(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING
        ? String.valueOf(v.unwrapped())
        : v.render(ConfigRenderOptions.concise());
  }

  private static void printNode(NodeSettings n, PrintWriter out) {
    out.println("node (HTTP API; not part of the total)");
    out.printf(Locale.ROOT, "  %-36s %s%n", "bounded.node.http.host", n.httpHost());
    out.printf(Locale.ROOT, "  %-36s %d%n", "bounded.node.http.port", n.httpPort());
    out.printf(Locale.ROOT, "  %-36s %s%n", "bounded.node.http.max-body", Sizes.bytes(n.maxBody()));
    out.printf(
        Locale.ROOT,
        "  %-36s %s%n",
        "bounded.node.http.request-timeout",
        Sizes.duration(n.requestTimeout()));
    out.printf(
        Locale.ROOT,
        "  %-36s %s%n",
        "bounded.node.http.shutdown-deadline",
        Sizes.duration(n.shutdownDeadline()));
    out.printf(
        Locale.ROOT,
        "  %-36s %s%n",
        "bounded.node.api.token",
        n.tokenRequired() ? "set" : "not set (loopback only)");
    out.println(
        "  each request in flight may buffer up to max-body; the JVM baseline (Pekko, classes) is"
            + " not counted either");
    out.println();
  }

  private static Result fail(List<String> reasons, PrintWriter out) {
    out.println("FAIL (" + reasons.size() + (reasons.size() == 1 ? " reason" : " reasons") + "):");
    for (String r : reasons) {
      out.println("  - " + r);
    }
    return new Result(false, List.copyOf(reasons));
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
