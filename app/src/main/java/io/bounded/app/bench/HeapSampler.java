package io.bounded.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Samples the used heap on a plain daemon thread (never an actor thread) every {@code interval}:
 * keeps the peak since the last {@link #resetPeak()} and, while a recording is open, the samples
 * themselves, at most {@link #MAX_SAMPLES} per recording (later samples are counted, not kept).
 */
final class HeapSampler implements AutoCloseable {
  /** Most samples one recording keeps: 10 minutes at 10 samples a second, ~160 KB. */
  static final int MAX_SAMPLES = 6_000;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long intervalNanos;
  private final Thread thread;
  private volatile boolean running = true;

  // written by the sampler thread, read under the monitor
  private long peak;
  private long[] times;
  private long[] used;
  private int count;
  private long dropped;
  private long recordingStart;

  HeapSampler(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::loop, "bench-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        TimeUnit.NANOSECONDS.sleep(intervalNanos);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    long u = memory.getHeapMemoryUsage().getUsed();
    peak = Math.max(peak, u);
    if (times != null) {
      if (count < MAX_SAMPLES) {
        times[count] = System.nanoTime() - recordingStart;
        used[count] = u;
        count++;
      } else {
        dropped++;
      }
    }
  }

  /** Starts the peak afresh, from the heap in use now. */
  synchronized void resetPeak() {
    peak = memory.getHeapMemoryUsage().getUsed();
  }

  /** The highest used heap sampled since the last {@link #resetPeak()}, including now. */
  synchronized long peak() {
    return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
  }

  /** Opens a recording; samples are kept until {@link #stopRecording()}. */
  synchronized void startRecording() {
    times = new long[MAX_SAMPLES];
    used = new long[MAX_SAMPLES];
    count = 0;
    dropped = 0;
    recordingStart = System.nanoTime();
    sample();
  }

  /** Closes the recording and answers its samples. */
  synchronized HeapSeries stopRecording(String label) {
    sample();
    long[] t = java.util.Arrays.copyOf(times, count);
    long[] u = java.util.Arrays.copyOf(used, count);
    times = null;
    used = null;
    return new HeapSeries(label, t, u, dropped);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }

  /**
   * The samples of one recording.
   *
   * @param label the chart legend
   * @param nanos time of each sample since the recording started
   * @param usedBytes used heap at each sample
   * @param dropped samples taken after {@link #MAX_SAMPLES} and not kept
   */
  record HeapSeries(String label, long[] nanos, long[] usedBytes, long dropped) {
    long max() {
      long m = 0;
      for (long u : usedBytes) {
        m = Math.max(m, u);
      }
      return m;
    }

    long last() {
      return usedBytes.length == 0 ? 0 : usedBytes[usedBytes.length - 1];
    }
  }
}
