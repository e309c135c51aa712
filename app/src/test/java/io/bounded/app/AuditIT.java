package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in this JVM: {@code audit} on good and bad configs, help and version everywhere.
 */
class AuditIT {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  Path conf(String text) throws Exception {
    Path f = Files.createTempFile(dir, "bounded", ".conf");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void audit_defaults_exits0WithBoundsAndEstimate() {
    Run r = run("audit");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
    assertThat(r.out())
        .contains("bounded.cache.max-entries")
        .contains("10000")
        .contains("bounded.cache.cleanup-interval")
        .contains("20m")
        .contains("worst case")
        .contains("bounded.memory.max-heap-fraction")
        .contains("OK");
    for (String section : new String[] {"event-bus"}) {
      assertThat(r.out()).contains("bounded." + section + ".cleanup-interval = ");
    }
    assertThat(r.out()).contains("bounded.task-queue.max-tasks").contains("task-queue");
    assertThat(r.out())
        .contains("bounded.api-gateway.max-circuit-breakers")
        .contains("bounded.ip-tracker.max-addresses")
        .contains("bounded.tracer.max-bytes")
        .contains("bounded.memoizer.max-memoizers")
        .contains("bounded.event-bus.max-events = 5000")
        .contains("bounded.database.maximum-pool-size")
        .contains("bounded.database.dispatcher.thread-pool-executor.fixed-pool-size");
  }

  @Test
  void audit_problemsInSeveralSections_listsThemAll() throws Exception {
    Run r =
        run(
            "audit",
            "-c",
            conf("bounded.event-bus.max-events = 0\nbounded.tracer.sample-ratio = 2\n").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL (2 reasons)")
        .contains("bounded.event-bus.max-events")
        .contains("bounded.tracer.sample-ratio");
  }

  @Test
  void audit_secretSet_isNotPrinted() throws Exception {
    Run r = run("audit", "-c", conf("bounded.database.password = hunter2\n").toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).doesNotContain("hunter2").contains("bounded.database.url");
  }

  @Test
  void audit_zeroMaxEntries_exits1NamingThePath() throws Exception {
    Run r = run("audit", "--config", conf("bounded.cache.max-entries = 0\n").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL")
        .contains("bounded.cache.max-entries")
        .contains("but was 0");
  }

  @Test
  void audit_severalProblems_listsEveryReason() throws Exception {
    Run r =
        run(
            "audit",
            "-c",
            conf("bounded.cache.max-entries = -5\nbounded.cache.mailbox-capacity = 0\n")
                .toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL (2 reasons)")
        .contains("bounded.cache.max-entries")
        .contains("bounded.cache.mailbox-capacity");
  }

  @Test
  void audit_hugeBoundsAgainstTinyHeap_exits1NamingTheEstimate() throws Exception {
    Run r =
        run(
            "audit",
            "--config",
            conf("bounded.cache.max-bytes = 10 GiB\n").toString(),
            "--max-heap",
            "64m");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("worst-case memory estimate")
        .contains("exceeds bounded.memory.max-heap-fraction")
        .contains("64.0 MiB");
  }

  @Test
  void audit_estimateJustUnderTheFraction_exits0() throws Exception {
    // cache ~75 MiB + memoizers ~16 MiB + task queue ~131 MiB + tracer ~33 MiB + api-gateway ~39
    // MiB
    // + ip-tracker ~20 MiB + database ~24 MiB: under half of 1 GiB, over half of 384 MiB
    Run r = run("audit", "--max-heap", "1g");
    assertThat(r.code()).isEqualTo(0);
    Run tight = run("audit", "--max-heap", "384m");
    assertThat(tight.code()).isEqualTo(1);
  }

  @Test
  void configFile_missingOrUnparseable_exits2WithClearError() throws Exception {
    Run missing = run("audit", "--config", dir.resolve("nope.conf").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("config file not found").contains("nope.conf");
    Run broken = run("node", "--config", conf("bounded { cache {").toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains("cannot read config file");
  }

  @Test
  void audit_badMaxHeap_exits2() {
    assertThat(run("audit", "--max-heap", "lots").code()).isEqualTo(2);
  }

  @Test
  void helpAndVersion_onEveryCommand_exit0() {
    for (String[] args :
        new String[][] {
          {"--help"}, {"node", "--help"}, {"audit", "--help"}, {"help", "node"},
        }) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(0);
      assertThat(r.out()).contains("Usage:");
    }
    for (String[] args : new String[][] {{"--version"}, {"node", "--version"}, {"audit", "-V"}}) {
      Run r = run(args);
      assertThat(r.code()).isEqualTo(0);
      assertThat(r.out()).startsWith("bounded ").doesNotContain("unknown");
    }
  }

  @Test
  void noSubcommand_printsUsage() {
    Run r = run();
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("Usage: bounded").contains("node").contains("audit");
  }

  @Test
  void unknownOption_exits2() {
    Run r = run("node", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--bogus");
  }
}
