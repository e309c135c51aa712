package io.bounded.app.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn by a plain daemon thread: the phase and how far
 * through it the bench is. Silent when stderr is not a terminal ({@code System.console() == null}),
 * so logs and CI output stay clean.
 */
final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String phase = "";
  private volatile long phaseStart;
  private volatile long phaseNanos;
  private volatile int step;
  private volatile int steps;

  private Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
    if (enabled) {
      thread = new Thread(this::loop, "bench-progress");
      thread.setDaemon(true);
      thread.start();
    } else {
      thread = null;
    }
  }

  /** A bar on {@code System.err} when this JVM has a terminal, else a silent one. */
  static Progress onTerminal() {
    return new Progress(System.err, System.console() != null);
  }

  /** A silent bar. */
  static Progress silent() {
    return new Progress(System.err, false);
  }

  /** The number of phases the run will go through (for the "3/14" counter). */
  void steps(int total) {
    this.steps = total;
    this.step = 0;
  }

  /** Enters a phase expected to last {@code nanos}. */
  void phase(String name, long nanos) {
    this.phase = name;
    this.phaseNanos = Math.max(1, nanos);
    this.phaseStart = System.nanoTime();
    this.step = step + 1;
  }

  private void loop() {
    while (running) {
      draw();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void draw() {
    String name = phase;
    if (name.isEmpty()) {
      return;
    }
    long elapsed = System.nanoTime() - phaseStart;
    double done = Math.min(1.0, elapsed / (double) phaseNanos);
    int filled = (int) Math.round(done * WIDTH);
    String bar = "#".repeat(filled) + " ".repeat(WIDTH - filled);
    String line =
        String.format(
            Locale.ROOT,
            "[%s] %3d%%  %d/%d %s  %.0fs/%.0fs",
            bar,
            Math.round(done * 100),
            step,
            Math.max(step, steps),
            name,
            elapsed / 1e9,
            phaseNanos / 1e9);
    // \r redraws the line in place; \033[K clears what a longer previous line left behind
    err.print("\r" + line + "\033[K");
    err.flush();
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      err.print("\r\033[K");
      err.flush();
    }
  }
}
