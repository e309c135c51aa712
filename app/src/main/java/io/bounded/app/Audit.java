package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.bounded.config.BoundedSettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.MemoizerSettings;
import io.bounded.config.NodeSettings;
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

  /** Every component's estimate, in the report's order; the total is their sum. */
  static List<Estimate> estimates(BoundedSettings settings) {
    return List.of(cache(settings.cache()), memoizer(settings.memoizer()));
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
            new Term(
                "inbox: mailbox-capacity x "
                    + MAILBOX_MESSAGE_BYTES
                    + " B per queued message = "
                    + c.mailboxCapacity()
                    + " x "
                    + MAILBOX_MESSAGE_BYTES
                    + " B",
                c.mailboxCapacity() * MAILBOX_MESSAGE_BYTES)));
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
  static final List<String> NOT_ESTIMATED =
      List.of("event-bus", "task-queue", "tracer", "api-gateway", "ip-tracker", "database");

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
