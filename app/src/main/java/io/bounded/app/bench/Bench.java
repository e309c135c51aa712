package io.bounded.app.bench;

import com.typesafe.config.Config;
import io.bounded.actors.runtime.BoundedRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@code bounded bench}: the selected workloads one after another in this JVM, then the heap
 * chart, then the reports; or, with {@code soak}, the soak. Everything runs on the calling thread
 * and plain threads of its own; the actors only serve the requests.
 */
public final class Bench {
  /** Exit code of a soak whose assertions failed or a bench that could not run. */
  public static final int FAILED = 1;

  /** When the unbounded half of the heap chart has used this share of the max heap, it stops. */
  static final double UNBOUNDED_HEAP_STOP = 0.5;

  private Bench() {}

  /**
   * What to run.
   *
   * @param config the user's configuration (without the shipped defaults)
   * @param components workload names, in order
   * @param warmup warm-up before each measurement
   * @param duration measured time of each measurement; the whole soak with {@code soak}
   * @param out where report.json, report.md and heap.svg go
   * @param soak run the soak instead of the measurements
   * @param clients concurrent clients of the network workloads
   * @param requests requests per test of the network workloads, at most
   * @param version this build's version, for the report
   */
  public record Options(
      Config config,
      List<String> components,
      Duration warmup,
      Duration duration,
      Path out,
      boolean soak,
      int clients,
      long requests,
      String version) {
    public Options {
      Objects.requireNonNull(config, "config");
      components = List.copyOf(components);
      Objects.requireNonNull(warmup, "warmup");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(out, "out");
    }
  }

  /** The names {@code --components} accepts. */
  public static List<String> available() {
    return Workloads.all().stream().map(Workload::name).toList();
  }

  /** The components benched when {@code --components} is not given. */
  public static List<String> defaults() {
    return Workloads.defaults();
  }

  /**
   * Runs the bench (or the soak) and answers the exit code: 0, or {@link #FAILED} when a soak
   * assertion failed or a workload could not run.
   */
  public static int run(Options options, PrintWriter out, PrintWriter err) {
    try (HeapSampler heap = new HeapSampler(Duration.ofMillis(100));
        Progress progress = Progress.onTerminal()) {
      return options.soak()
          ? soak(options, out, err, heap, progress)
          : bench(options, out, err, heap, progress);
    }
  }

  private static List<Workload> selected(Options options) {
    List<Workload> w = new ArrayList<>();
    for (String name : options.components()) {
      w.add(
          Workloads.named(name)
              .orElseThrow(() -> new IllegalArgumentException("no workload named " + name)));
    }
    return w;
  }

  private static Map<String, Object> machine(Options options) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", options.version());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    m.put(
        "jvm",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("warmup", options.warmup().toString().substring(2).toLowerCase(Locale.ROOT));
    m.put("duration", options.duration().toString().substring(2).toLowerCase(Locale.ROOT));
    m.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    m.put("components", String.join(",", options.components()));
    return m;
  }

  private static int bench(
      Options options, PrintWriter out, PrintWriter err, HeapSampler heap, Progress progress) {
    List<Workload> workloads = selected(options);
    int steps = 0;
    for (Workload w : workloads) {
      steps += 2 * w.measurements() + (w.heapProbe().isPresent() ? 2 : 0);
    }
    progress.steps(steps);
    long perRow = options.warmup().plus(options.duration()).toSeconds();
    out.printf(
        Locale.ROOT,
        "Benchmarking %s: about %d s (%s warm-up + %s per measurement).%n",
        String.join(", ", options.components()),
        steps / 2 * perRow,
        options.warmup().toString().substring(2).toLowerCase(Locale.ROOT),
        options.duration().toString().substring(2).toLowerCase(Locale.ROOT));
    out.flush();
    List<Row> rows = new ArrayList<>();
    List<HeapSampler.HeapSeries> series = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int code = 0;
    for (Workload w : workloads) {
      try (BenchContext ctx =
          new BenchContext(
              options.config(),
              options.warmup(),
              options.duration(),
              heap,
              progress,
              options.out(),
              options.clients(),
              options.requests())) {
        try {
          rows.addAll(w.run(ctx));
          Optional<HeapProbe> probe = w.heapProbe();
          if (probe.isPresent() && series.isEmpty()) {
            series.addAll(heapChart(ctx, probe.get(), notes));
          }
        } catch (Exception e) {
          notes.add(w.name() + ": FAILED: " + e);
          err.println("error: workload " + w.name() + " failed: " + e);
          code = FAILED;
        } finally {
          notes.addAll(ctx.notes());
        }
      }
    }
    progress.close();
    Report report = new Report(machine(options), rows, series, notes);
    out.println();
    out.print(report.table());
    try {
      for (Path p : report.write(options.out())) {
        out.println("wrote " + p);
      }
    } catch (IOException e) {
      err.println("error: cannot write the report to " + options.out() + ": " + e.getMessage());
      code = FAILED;
    }
    out.flush();
    return code;
  }

  /**
   * The two halves of the heap chart, each for the measured duration; the unbounded half stops
   * early once it holds half the max heap.
   */
  private static List<HeapSampler.HeapSeries> heapChart(
      BenchContext ctx, HeapProbe probe, List<String> notes) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    Duration d = ctx.duration();
    long max = Runtime.getRuntime().maxMemory();
    Soak.heapAfterFullGc();
    ctx.phase("heap chart: " + probe.boundedLabel(), d);
    ctx.heap().startRecording();
    long end1 = System.nanoTime() + d.toNanos();
    long n1 = probe.floodBounded(runtime, () -> System.nanoTime() - end1 >= 0);
    HeapSampler.HeapSeries bounded = ctx.heap().stopRecording(probe.boundedLabel());
    Soak.heapAfterFullGc();
    ctx.phase("heap chart: " + probe.unboundedLabel(), d);
    ctx.heap().startRecording();
    long start2 = System.nanoTime();
    long end2 = start2 + d.toNanos();
    Runtime jvm = Runtime.getRuntime();
    boolean[] hitLimit = {false};
    long n2 =
        probe.floodUnbounded(
            () -> {
              if (jvm.totalMemory() - jvm.freeMemory() > UNBOUNDED_HEAP_STOP * max) {
                hitLimit[0] = true;
                return true;
              }
              return System.nanoTime() - end2 >= 0;
            });
    long took = System.nanoTime() - start2;
    HeapSampler.HeapSeries unbounded = ctx.heap().stopRecording(probe.unboundedLabel());
    Soak.heapAfterFullGc();
    notes.add(
        String.format(
            Locale.ROOT,
            "heap chart: %s took %,d distinct keys in %s and peaked at %s;"
                + " %s took %,d in %.1f s and peaked at %s%s",
            probe.boundedLabel(),
            n1,
            d.toString().substring(2).toLowerCase(Locale.ROOT),
            Report.mib(bounded.max()),
            probe.unboundedLabel(),
            n2,
            took / 1e9,
            Report.mib(unbounded.max()),
            hitLimit[0]
                ? String.format(
                    Locale.ROOT,
                    " (stopped early at %.0f%% of the max heap: it grows without limit)",
                    UNBOUNDED_HEAP_STOP * 100)
                : ""));
    return List.of(bounded, unbounded);
  }

  private static int soak(
      Options options, PrintWriter out, PrintWriter err, HeapSampler heap, Progress progress) {
    List<Workload> workloads = selected(options);
    Config config = options.config();
    try {
      for (Workload w : workloads) {
        config = w.soakConfig(options.config()).withFallback(config);
      }
    } catch (Exception e) {
      err.println("error: cannot prepare the soak: " + e);
      return FAILED;
    }
    List<SoakSubject> subjects = new ArrayList<>();
    try (BoundedRuntime runtime = BoundedRuntime.start(config)) {
      try {
        for (Workload w : workloads) {
          w.soakSubject(runtime).ifPresent(subjects::add);
        }
        if (subjects.isEmpty()) {
          err.println(
              "error: none of "
                  + options.components()
                  + " can soak; components that can: "
                  + String.join(", ", Workloads.soakable()));
          return FAILED;
        }
        return soakAndReport(options, out, progress, subjects);
      } finally {
        for (int i = subjects.size() - 1; i >= 0; i--) {
          try {
            subjects.get(i).close();
          } catch (Exception e) {
            err.println("warning: " + subjects.get(i).name() + " did not close cleanly: " + e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return FAILED;
    } catch (Exception e) {
      err.println("error: the soak could not run: " + e);
      return FAILED;
    }
  }

  private static int soakAndReport(
      Options options, PrintWriter out, Progress progress, List<SoakSubject> subjects)
      throws InterruptedException {
    progress.steps(2);
    out.printf(
        Locale.ROOT,
        "Soaking %s for %s (after %s of warm-up) at max heap %s.%n",
        subjects.stream().map(SoakSubject::name).toList(),
        options.duration().toString().substring(2).toLowerCase(Locale.ROOT),
        options.warmup().toString().substring(2).toLowerCase(Locale.ROOT),
        Report.mib(Runtime.getRuntime().maxMemory()));
    out.flush();
    Soak.Result r = Soak.run(subjects, options.warmup(), options.duration(), out, progress);
    progress.close();
    out.println();
    for (Soak.Outcome o : r.outcomes()) {
      out.printf(
          Locale.ROOT,
          "soak: %s took %,d inserts; size at most %,d of capacity %,d; %s%n",
          o.name(),
          o.inserted(),
          o.maxSize(),
          o.capacity(),
          o.summary());
    }
    out.printf(
        Locale.ROOT,
        "soak: %d samples; size <= capacity at every sample: %s; other bounds at every sample: %s%n",
        r.samples().size(),
        r.sizesWithinCapacity() ? "yes" : "NO",
        r.otherBoundsHeld() ? "yes" : "NO");
    out.printf(
        Locale.ROOT,
        "soak: heap after GC, median of first quarter %s, of last quarter %s (%+.1f%%,"
            + " allowed ±%.0f%%)%n",
        Soak.mib1(r.firstQuarterMedian()),
        Soak.mib1(r.lastQuarterMedian()),
        r.change() * 100,
        Soak.FLAT_TOLERANCE * 100);
    if (r.passed()) {
      out.println("soak: PASSED");
      out.flush();
      return 0;
    }
    for (String f : r.failures()) {
      out.println("soak: FAILED: " + f);
    }
    out.flush();
    return FAILED;
  }
}
