package io.bounded.config;

import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class BoundedSettingsTest {

  @Test
  void threeSections_broken_throwOneExceptionNamingEveryProblem() {
    InvalidSettingsException e =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () ->
                BoundedSettings.fromConfig(
                    with(
                        "bounded { cache.max-entries = 0, tracer.sample-ratio = 2,"
                            + " database.minimum-idle = 9 }")));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .containsExactly(
            "bounded.cache.max-entries must be > 0, but was 0",
            "bounded.tracer.sample-ratio must be <= 1, but was 2",
            "bounded.database.minimum-idle must be <= maximum-pool-size (8), but was 9");
    assertThat(e.getMessage())
        .startsWith("Invalid Bounded configuration (3 problems):")
        .contains("bounded.cache.max-entries")
        .contains("bounded.tracer.sample-ratio")
        .contains("bounded.database.minimum-idle");
  }

  @Test
  void everyComponentSection_broken_isReportedInOnePass() {
    InvalidSettingsException e =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () ->
                BoundedSettings.fromConfig(
                    with(
                        "bounded { runtime.ask-timeout = 0s, cache.max-entries = 0,"
                            + " memoizer.max-entries = 0, event-bus.max-events = 0,"
                            + " task-queue.max-tasks = 0, tracer.max-active-spans = 0,"
                            + " api-gateway.max-routes = 0, ip-tracker.max-addresses = 0,"
                            + " database.max-rows = 0 }")));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .containsExactly(
            "bounded.runtime.ask-timeout must be > 0, but was 0ms",
            "bounded.cache.max-entries must be > 0, but was 0",
            "bounded.memoizer.max-entries must be > 0, but was 0",
            "bounded.event-bus.max-events must be > 0, but was 0",
            "bounded.task-queue.max-tasks must be > 0, but was 0",
            "bounded.tracer.max-active-spans must be > 0, but was 0",
            "bounded.api-gateway.max-routes must be > 0, but was 0",
            "bounded.ip-tracker.max-addresses must be > 0, but was 0",
            "bounded.database.max-rows must be > 0, but was 0");
  }

  @Test
  void nodeSection_broken_doesNotConcernTheRuntime() {
    BoundedSettings s = BoundedSettings.fromConfig(with("bounded.node.http.port = -1"));
    assertThat(s.cache().maxEntries()).isEqualTo(10_000);
  }
}
