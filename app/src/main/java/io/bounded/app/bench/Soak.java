package io.bounded.app.bench;

import io.bounded.protocols.ComponentStats;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code bench --soak}: every component with a {@link SoakSubject} driven at once, each by its own
 * plain thread, with 100 × its capacity of distinct keys, for the whole duration; the drivers share
 * the machine ({@link SoakSubject.Pacer}), so that together they load it about as much as one. A
 * plain sampler (the calling thread) reads every component's stats and the heap after a full
 * collection at regular intervals and checks:
 *
 * <ul>
 *   <li>size ≤ capacity at every sample, for every component;
 *   <li>the component's other bounds ({@link SoakSubject#otherBounds}) at every sample;
 *   <li>heap after GC stays flat: the median of the last quarter of the samples is within {@link
 *       #FLAT_TOLERANCE} of the median of the first quarter;
 *   <li>no driver failed, and there were at least {@link #MIN_SAMPLES} samples.
 * </ul>
 */
final class Soak {
  /** Largest relative change of the heap-after-GC median allowed between first and last quarter. */
  static final double FLAT_TOLERANCE = 0.10;

  /** Fewest samples the heap check needs (two per quarter). */
  static final int MIN_SAMPLES = 8;

  /** Samples aimed at over the whole soak. */
  static final int TARGET_SAMPLES = 120;

  /** Shortest time between samples (each one runs a full GC). */
  static final Duration MIN_INTERVAL = Duration.ofMillis(200);

  /**
   * One sample.
   *
   * @param nanos time since sampling started
   * @param sizes each component's size at the sample
   * @param heapAfterGcBytes heap in use right after a full collection
   */
  record Sample(long nanos, Map<String, Long> sizes, long heapAfterGcBytes) {}

  /**
   * One component's figures at the end.
   *
   * @param name the component
   * @param capacity its capacity
   * @param inserted inserts its driver sent (accepted or refused), -1 when the driver failed
   * @param maxSize the largest size sampled
   * @param summary what the component's stats say of the driving at the end
   */
  record Outcome(String name, long capacity, long inserted, long maxSize, String summary) {}

  /**
   * The outcome.
   *
   * @param samples every sample, in order
   * @param outcomes each component's figures, in the order of the subjects
   * @param firstQuarterMedian median heap after GC over the first quarter of the samples
   * @param lastQuarterMedian the same over the last quarter
   * @param sizesWithinCapacity whether size ≤ capacity held at every sample for every component
   * @param otherBoundsHeld whether every component's other bounds held at every sample
   * @param failures every assertion that failed, empty when the soak passed
   */
  record Result(
      List<Sample> samples,
      List<Outcome> outcomes,
      long firstQuarterMedian,
      long lastQuarterMedian,
      boolean sizesWithinCapacity,
      boolean otherBoundsHeld,
      List<String> failures) {
    boolean passed() {
      return failures.isEmpty();
    }

    double change() {
      return firstQuarterMedian <= 0
          ? 0
          : (lastQuarterMedian - firstQuarterMedian) / (double) firstQuarterMedian;
    }
  }

  private Soak() {}

  static Result run(
      List<SoakSubject> subjects,
      Duration warmup,
      Duration duration,
      PrintWriter out,
      Progress progress)
      throws InterruptedException {
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> inserted = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> drivers = new ArrayList<>();
    for (SoakSubject s : subjects) {
      Thread t =
          new Thread(
              () -> {
                try {
                  inserted.put(
                      s.name(), s.drive(stop::get, new SoakSubject.Pacer(subjects.size())));
                } catch (Exception e) {
                  failures.add(s.name() + ": the driver failed: " + e);
                }
              },
              "soak-driver-" + s.name());
      t.setDaemon(true);
      drivers.add(t);
    }
    drivers.forEach(Thread::start);
    for (SoakSubject s : subjects) {
      out.printf(
          Locale.ROOT,
          "soak: %s, capacity %,d, cycling %,d distinct keys (100 x capacity)%n",
          s.name(),
          s.capacity(),
          s.distinctKeys());
    }
    out.flush();
    if (!warmup.isZero()) {
      progress.phase("soak warm-up", warmup.toNanos());
      TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
    }
    long interval = Math.max(MIN_INTERVAL.toNanos(), duration.toNanos() / TARGET_SAMPLES);
    List<Sample> samples = new ArrayList<>();
    Map<String, Long> maxSizes = new LinkedHashMap<>();
    boolean sizesWithin = true;
    boolean otherBoundsHeld = true;
    progress.phase("soak", duration.toNanos());
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long next = start;
    while (System.nanoTime() - end < 0 && failures.isEmpty()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      next += interval;
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (SoakSubject s : subjects) {
        try {
          ComponentStats st = s.stats();
          sizes.put(s.name(), st.size());
          maxSizes.merge(s.name(), st.size(), Math::max);
          double at = (System.nanoTime() - start) / 1e9;
          if (st.size() > s.capacity() || st.size() > st.capacity()) {
            sizesWithin = false;
            failures.add(
                String.format(
                    Locale.ROOT,
                    "%s: size %,d > capacity %,d at %.1f s",
                    s.name(),
                    st.size(),
                    Math.min(s.capacity(), st.capacity()),
                    at));
          }
          for (String broken : s.otherBounds(st)) {
            otherBoundsHeld = false;
            failures.add(String.format(Locale.ROOT, "%s at %.1f s", broken, at));
          }
        } catch (Exception e) {
          failures.add(s.name() + ": no stats: " + e);
        }
      }
      long heap = heapAfterFullGc();
      Sample sample = new Sample(System.nanoTime() - start, Map.copyOf(sizes), heap);
      samples.add(sample);
      out.printf(
          Locale.ROOT,
          "soak: t=%6.1fs %s heap after GC %s%n",
          sample.nanos() / 1e9,
          sizes.entrySet().stream()
              .map(e -> e.getKey() + " size " + String.format(Locale.ROOT, "%,d", e.getValue()))
              .collect(Collectors.joining(", ")),
          mib1(heap));
      out.flush();
    }
    stop.set(true);
    for (Thread t : drivers) {
      t.join(TimeUnit.MINUTES.toMillis(1));
      if (t.isAlive()) {
        failures.add(t.getName() + " did not stop within a minute");
      }
    }
    long first = 0;
    long last = 0;
    if (samples.size() < MIN_SAMPLES) {
      failures.add(
          "only "
              + samples.size()
              + " samples; the heap check needs at least "
              + MIN_SAMPLES
              + " (run longer)");
    } else {
      int q = samples.size() / 4;
      first = median(samples.subList(0, q));
      last = median(samples.subList(samples.size() - q, samples.size()));
      double change = (last - first) / (double) first;
      if (Math.abs(change) > FLAT_TOLERANCE) {
        failures.add(
            String.format(
                Locale.ROOT,
                "heap after GC is not flat: last quarter's median %s vs first quarter's %s"
                    + " (%+.1f%%, allowed ±%.0f%%)",
                mib1(last),
                mib1(first),
                change * 100,
                FLAT_TOLERANCE * 100));
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (SoakSubject s : subjects) {
      String summary;
      try {
        summary = s.summary(s.stats());
      } catch (Exception e) {
        summary = "no stats at the end: " + e;
      }
      outcomes.add(
          new Outcome(
              s.name(),
              s.capacity(),
              inserted.getOrDefault(s.name(), -1L),
              maxSizes.getOrDefault(s.name(), 0L),
              summary));
    }
    return new Result(
        List.copyOf(samples),
        List.copyOf(outcomes),
        first,
        last,
        sizesWithin,
        otherBoundsHeld,
        List.copyOf(failures));
  }

  static String mib1(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static long median(List<Sample> samples) {
    long[] v = samples.stream().mapToLong(Sample::heapAfterGcBytes).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Runs {@code System.gc()} and answers the heap in use right after it: the after-collection usage
   * the collector reported for the heap pools when it can be read, else the used heap read straight
   * after.
   */
  static long heapAfterFullGc() {
    long before = lastGcEnd();
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    com.sun.management.GcInfo latest = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
        com.sun.management.GcInfo info = sun.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null || latest.getEndTime() <= before) {
      return used;
    }
    long after = 0;
    for (Map.Entry<String, MemoryUsage> e : latest.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        after += e.getValue().getUsed();
      }
    }
    return after > 0 ? after : used;
  }

  private static long lastGcEnd() {
    long end = -1;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun
          && sun.getLastGcInfo() != null) {
        end = Math.max(end, sun.getLastGcInfo().getEndTime());
      }
    }
    return end;
  }
}
