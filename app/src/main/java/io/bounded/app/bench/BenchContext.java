package io.bounded.app.bench;

import com.typesafe.config.Config;
import io.bounded.actors.runtime.BoundedRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a {@link Workload} runs with: the warm-up and measurement times, the configuration, a
 * runtime started on first use, the heap sampler and the progress bar. Closing it stops the
 * runtime.
 */
public final class BenchContext implements AutoCloseable {
  /** Highest latency a histogram records (longer ones are clamped to it): one minute. */
  static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Config config;
  private final Duration warmup;
  private final Duration duration;
  private final HeapSampler heap;
  private final Progress progress;
  private final Path outDir;
  private final int clients;
  private final long requests;
  private final List<String> notes = new ArrayList<>();
  private BoundedRuntime runtime;

  BenchContext(
      Config config,
      Duration warmup,
      Duration duration,
      HeapSampler heap,
      Progress progress,
      Path outDir,
      int clients,
      long requests) {
    this.config = config;
    this.warmup = warmup;
    this.duration = duration;
    this.heap = heap;
    this.progress = progress;
    this.outDir = outDir;
    this.clients = clients;
    this.requests = requests;
  }

  /** The directory the reports go to; workloads may keep their own files under it. */
  public Path outDir() {
    return outDir;
  }

  /** Concurrent clients of the network workloads ({@code --clients}). */
  public int clients() {
    return clients;
  }

  /** Requests per test of the network workloads, at most ({@code --requests}). */
  public long requests() {
    return requests;
  }

  /** Adds a line to the report's notes (a skipped half, errors seen, the command run). */
  public void note(String line) {
    notes.add(line);
  }

  /** The notes so far. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** The configuration the bench runs on (the user's, over the shipped defaults). */
  public Config config() {
    return config;
  }

  /** Warm-up time before each measurement. */
  public Duration warmup() {
    return warmup;
  }

  /** Measured time of each measurement. */
  public Duration duration() {
    return duration;
  }

  /** The Bounded runtime, started on first use on {@link #config()} and closed with the context. */
  public BoundedRuntime runtime() {
    if (runtime == null) {
      runtime = BoundedRuntime.start(config);
    }
    return runtime;
  }

  /** Tells the progress bar that a phase of {@code length} has started. */
  public void phase(String name, Duration length) {
    progress.phase(name, length.toNanos());
  }

  /** A body of work that runs until a deadline and records latencies. */
  @FunctionalInterface
  public interface Timed {
    /**
     * Runs operations until {@code System.nanoTime()} passes {@code deadlineNanos}, recording the
     * latency of each timed operation (in nanoseconds) into {@code latency}.
     *
     * @return the number of operations completed
     */
    long run(long deadlineNanos, Histogram latency) throws Exception;
  }

  /**
   * Runs {@code body} for the warm-up time (discarding what it records), then for the measured
   * time, and answers what it measured, with the peak heap sampled while it ran.
   *
   * @param timesEachOp false where single operations have no observable latency (the measurement
   *     then has no latency)
   */
  public Measurement measure(String label, boolean timesEachOp, Timed body) throws Exception {
    if (!warmup.isZero()) {
      phase(label + " (warm-up)", warmup);
      body.run(System.nanoTime() + warmup.toNanos(), histogram());
    }
    phase(label, duration);
    Histogram latency = histogram();
    heap.resetPeak();
    long start = System.nanoTime();
    long ops = body.run(start + duration.toNanos(), latency);
    long elapsed = System.nanoTime() - start;
    return new Measurement(
        label, ops, elapsed, timesEachOp ? Measurement.Latency.of(latency) : null, heap.peak());
  }

  /** A histogram of nanosecond latencies up to a minute, 3 significant digits. */
  public static Histogram histogram() {
    return new Histogram(MAX_LATENCY_NANOS, 3);
  }

  /** Records {@code nanos}, clamped to the histogram's range. */
  static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS)));
  }

  HeapSampler heap() {
    return heap;
  }

  @Override
  public void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }
}
