package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.bounded.app.bench.Bench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bounded bench}: each component's standard workload side by side with its baseline, or with
 * {@code --soak} a long run under 100 × capacity of distinct keys that asserts the bounds.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Measures each component's standard workload against its baseline in this JVM (warm-up, then"
          + " measurement): ops/s, p50/p99/p99.9 latency, ratio to the baseline, peak heap. Writes"
          + " report.json, report.md and heap.svg (heap over time, bounded vs an unbounded"
          + " HashMap) to --out.",
      "With --soak: drives every selected component with 100 x its capacity of distinct keys for"
          + " --duration (default 10m), asserting size <= capacity at every sample and a flat heap"
          + " after GC (last quarter's median within 10% of the first's); exits 1 when an"
          + " assertion fails. Runs fine at -Xmx128m.",
      "http-cache starts a node on a free loopback port and compares its HTTP cache with Redis 7"
          + " (redis-server and redis-benchmark, started on a free loopback port; skipped with"
          + " install instructions when missing)."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON file over the shipped defaults: bench your own bounds.")
  Path file;

  @Option(
      names = "--components",
      split = ",",
      paramLabel = "NAME",
      description =
          "Workloads to run, comma-separated (default: ${DEFAULT-VALUE}). Available: cache,"
              + " http-cache, events, memoizer, task-queue, tracer, gateway, ip-tracker, database.",
      defaultValue = "cache,events,memoizer,task-queue,tracer,gateway,ip-tracker,database")
  List<String> components;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description =
          "Measured time of each measurement (default 10s); with --soak, the whole soak (default"
              + " 10m). E.g. 30s, 2m.")
  String duration;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "5s",
      description = "Warm-up before each measurement (default: ${DEFAULT-VALUE}; 0s for none).")
  String warmup;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-out",
      description = "Directory for report.json, report.md, heap.svg (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--soak", description = "Run the soak instead of the measurements.")
  boolean soak;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "http-cache: concurrent clients on each side, like redis-benchmark -c (default:"
              + " ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--requests",
      paramLabel = "M",
      defaultValue = "100000",
      description =
          "http-cache: requests per test on each side, like redis-benchmark -n; the node's side also"
              + " stops at --duration (default: ${DEFAULT-VALUE}).")
  long requests;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> names = components.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String name : names) {
      if (!Bench.available().contains(name)) {
        err.println(
            "error: --components: no workload named \""
                + name
                + "\"; available: "
                + String.join(", ", Bench.available()));
        return Main.USAGE;
      }
    }
    if (names.isEmpty()) {
      err.println("error: --components must name at least one of " + Bench.available());
      return Main.USAGE;
    }
    Duration measured;
    Duration warm;
    try {
      measured = duration(duration == null ? (soak ? "10m" : "10s") : duration, "--duration");
      warm = duration(warmup, "--warmup");
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      return Main.USAGE;
    }
    if (measured.isZero()) {
      err.println("error: --duration must be > 0, but was \"" + duration + "\"");
      return Main.USAGE;
    }
    if (clients < 1 || clients > 10_000) {
      err.println("error: --clients must be in 1..10000, but was " + clients);
      return Main.USAGE;
    }
    if (requests < 1) {
      err.println("error: --requests must be > 0, but was " + requests);
      return Main.USAGE;
    }
    Config config;
    try {
      config = ConfigLoader.load(file, null);
      if (!config.hasPath("pekko.loglevel")) {
        // Pekko's INFO lines would interleave with the table; the user's own level wins
        config = config.withFallback(ConfigFactory.parseMap(Map.of("pekko.loglevel", "WARNING")));
      }
      Node.validate(config);
    } catch (ConfigLoader.ConfigLoadException e) {
      err.println("error: " + e.getMessage());
      return Main.USAGE;
    } catch (io.bounded.config.InvalidSettingsException e) {
      err.println("error: invalid configuration. " + e.getMessage());
      return Main.FAILED;
    }
    return Bench.run(
        new Bench.Options(
            config, names, warm, measured, outDir, soak, clients, requests, Version.get()),
        out,
        err);
  }

  /** A HOCON duration ({@code 30s}, {@code 10m}, {@code 500ms}); negative is refused. */
  private Duration duration(String value, String option) {
    Duration d;
    try {
      d = ConfigFactory.parseMap(Map.of("d", value)).getDuration("d");
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option + " must be a duration such as 30s or 10m, but was \"" + value + "\"");
    }
    if (d.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be >= 0, but was \"" + value + "\"");
    }
    return d;
  }
}
