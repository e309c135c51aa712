package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.bounded.app.bench.Bench;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bench} and {@code bench --soak} run from the shaded jar, short, so that neither can rot:
 * the soak of every component at once at {@code -Xmx128m} as the README promises; and each
 * component's soak alone, in this JVM.
 */
class BenchIT {
  @TempDir Path dir;

  record Exit(int code, String output) {}

  Exit runJar(long timeoutSeconds, List<String> jvm, String... args) throws Exception {
    String jar = System.getProperty("boundedAppJar", "target/bounded-app.jar");
    assumeTrue(Files.isRegularFile(Path.of(jar)), "the shaded jar is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("exited within %d s: %s", timeoutSeconds, output).isTrue();
    return new Exit(p.exitValue(), output);
  }

  /** Small bounds for every component, so that a short soak goes far past each of them. */
  static final String SMALL =
      """
      bounded.cache.max-entries = 2000
      bounded.event-bus.max-events = 500
      bounded.memoizer.max-entries = 200
      bounded.task-queue.max-tasks = 500
      bounded.task-queue.max-finished = 500
      bounded.tracer.max-active-spans = 500
      bounded.tracer.max-traces = 500
      bounded.tracer.max-spans-stored = 1000
      bounded.api-gateway.max-routes = 200
      bounded.api-gateway.max-circuit-breakers = 200
      bounded.api-gateway.response-cache.max-entries = 200
      bounded.ip-tracker.max-addresses = 1000
      bounded.database.max-pending = 500
      """;

  /**
   * A soak subject: its {@code --components} name, its name in the soak's output and its capacity
   * under {@link #SMALL}.
   */
  record Subject(String component, String name, long capacity) {}

  static final List<Subject> SUBJECTS =
      List.of(
          new Subject("cache", "cache", 2000),
          new Subject("events", "event-bus", 500),
          new Subject("memoizer", "memoizer-soak", 200),
          new Subject("task-queue", "task-queue", 500),
          new Subject("tracer", "tracer", 500),
          new Subject("gateway", "api-gateway", 200),
          new Subject("ip-tracker", "ip-tracker", 1000),
          new Subject("database", "database", 500));

  private static final Pattern RESULT =
      Pattern.compile(
          "(?m)^soak: (\\S+) took (-?[\\d,]+) inserts; size at most ([\\d,]+) of capacity"
              + " ([\\d,]+);");

  /**
   * The soak's result line for {@code s} says its driver went past the capacity and its size never
   * did.
   */
  static void assertSoaked(String output, Subject s) {
    Matcher m = RESULT.matcher(output);
    boolean found = false;
    while (!found && m.find()) {
      found = m.group(1).equals(s.name());
    }
    assertThat(found).as("a result line for %s in:%n%s", s.name(), output).isTrue();
    long inserted = Long.parseLong(m.group(2).replace(",", ""));
    long largest = Long.parseLong(m.group(3).replace(",", ""));
    long capacity = Long.parseLong(m.group(4).replace(",", ""));
    assertThat(capacity).as("%s capacity", s.name()).isEqualTo(s.capacity());
    assertThat(inserted).as("%s inserts: %s", s.name(), m.group()).isGreaterThan(s.capacity());
    assertThat(largest)
        .as("%s largest size sampled: %s", s.name(), m.group())
        .isPositive()
        .isLessThanOrEqualTo(s.capacity());
  }

  @Test
  void soak_shortRunAt128m_keepsSizeWithinCapacityAndHeapFlat() throws Exception {
    Exit e =
        runJar(
            180,
            List.of("-Xmx128m"),
            "bench",
            "--soak",
            "--duration",
            "20s",
            // every component at its bounds, the database's page cache and the scheduler's
            // timers of the memoizer's computations at their steady size
            "--warmup",
            "8s",
            "-c",
            writeConfig(SMALL).toString());
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output())
        .contains("cycling 200,000 distinct keys (100 x capacity)")
        .contains("size <= capacity at every sample: yes; other bounds at every sample: yes")
        .contains("soak: PASSED");
    // every component soaked, at once
    for (Subject s : SUBJECTS) {
      assertSoaked(e.output(), s);
    }
    // a sample line per interval, each naming every component's size
    List<String> samples = e.output().lines().filter(l -> l.startsWith("soak: t=")).toList();
    assertThat(samples).hasSizeGreaterThanOrEqualTo(8);
    for (Subject s : SUBJECTS) {
      assertThat(samples.get(samples.size() - 1)).contains(s.name() + " size ");
    }
  }

  /**
   * Each component's soak alone, in this JVM, a few seconds: its driver goes past the capacity, its
   * size and other bounds hold at every sample, nothing fails. (The heap check of so short a run in
   * a JVM shared with other tests says nothing; the run above checks it.)
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "cache",
        "events",
        "memoizer",
        "task-queue",
        "tracer",
        "gateway",
        "ip-tracker",
        "database"
      })
  void soak_eachComponentAlone_drivesPastItsCapacityWithinTheBound(String component) {
    Subject s = SUBJECTS.stream().filter(x -> x.component().equals(component)).findFirst().get();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Bench.run(
        new Bench.Options(
            ConfigFactory.parseString(SMALL + "pekko.loglevel = WARNING\n"),
            List.of(component),
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            dir.resolve("out"),
            true,
            1,
            1,
            "test"),
        new PrintWriter(out, true),
        new PrintWriter(err, true));
    String output = out + "\n" + err;
    assertSoaked(output, s);
    assertThat(output)
        .contains("Soaking [" + s.name() + "]")
        .contains("size <= capacity at every sample: yes; other bounds at every sample: yes")
        .doesNotContain("the driver failed")
        .doesNotContain("no stats")
        .doesNotContain("did not close cleanly");
  }

  @Test
  void bench_shortRun_printsTheTableAndWritesTheReports() throws Exception {
    Path out = dir.resolve("reports");
    Exit e =
        runJar(
            180,
            List.of(),
            "bench",
            "--components",
            "cache",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--out",
            out.toString());
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output())
        .contains("cache Get (ask, 1,000 in flight)")
        .contains("baseline: raw LruMap get")
        .contains("cache Put (tell, evicting)")
        .contains("p99.9")
        .contains("peak heap");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.path("rows").size()).isEqualTo(6);
    JsonNode get = report.path("rows").get(0);
    assertThat(get.path("opsPerSecond").asDouble()).isPositive();
    assertThat(get.path("ratio").asDouble()).isPositive();
    assertThat(get.path("latency").path("p99Nanos").asLong()).isPositive();
    assertThat(report.path("heap").size()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("report.md"))).contains("| workload |");
    assertThat(Files.readString(out.resolve("heap.svg")))
        .startsWith("<svg")
        .contains("polyline")
        .contains("unbounded HashMap");
    // not a terminal: no progress bar in the output
    assertThat(e.output()).doesNotContain("\r[");
  }

  @Test
  void bench_unknownComponent_isAUsageError() throws Exception {
    Exit e = runJar(60, List.of(), "bench", "--components", "cache,nope");
    assertThat(e.code()).as(e.output()).isEqualTo(2);
    assertThat(e.output()).contains("no workload named \"nope\"").contains("available: cache");
  }

  private Path writeConfig(String hocon) throws Exception {
    Path f = dir.resolve("bench.conf");
    Files.writeString(f, hocon, StandardCharsets.UTF_8);
    return f;
  }
}
