package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.TaskQueueSettings.Backoff;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskQueueSettingsTest {

  @Test
  void maxTasks_zero_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(
                () -> TaskQueueSettings.fromConfig(with("bounded.task-queue.max-tasks = 0"))))
        .containsExactly("bounded.task-queue.max-tasks must be > 0, but was 0");
  }

  @Test
  void backoff_readFromConfig_isTheNestedRecord() {
    TaskQueueSettings s =
        TaskQueueSettings.fromConfig(
            with("bounded.task-queue.backoff { type = fixed, base = 2s, cap = 3s, jitter = 0 }"));
    assertThat(s.backoff())
        .isEqualTo(
            new Backoff(Backoff.Type.FIXED, Duration.ofSeconds(2), Duration.ofSeconds(3), 0.0));
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        arguments("max-tasks = -1", "bounded.task-queue.max-tasks must be > 0, but was -1"),
        arguments(
            "max-tasks = 100000001",
            "bounded.task-queue.max-tasks must be <= 100000000, but was 100000001"),
        arguments(
            "max-tasks = \"lots\"",
            "bounded.task-queue.max-tasks must be a whole number, but was \"lots\""),
        arguments("max-finished = 0", "bounded.task-queue.max-finished must be > 0, but was 0"),
        arguments(
            "completed-retention = 0s",
            "bounded.task-queue.completed-retention must be > 0, but was 0ms"),
        arguments(
            "completed-retention = inf",
            "bounded.task-queue.completed-retention must be a finite duration (e.g. 20m), but was"
                + " \"inf\""),
        arguments(
            "cleanup-interval = -1m",
            "bounded.task-queue.cleanup-interval must be > 0, but was -1m"),
        arguments(
            "default-max-attempts = 0",
            "bounded.task-queue.default-max-attempts must be > 0, but was 0"),
        arguments(
            "default-max-attempts = 1001",
            "bounded.task-queue.default-max-attempts must be <= 1000, but was 1001"),
        arguments(
            "backoff.type = linear",
            "bounded.task-queue.backoff.type must be one of [exponential, fixed], but was \"linear\""),
        arguments(
            "backoff.type = FIXED",
            "bounded.task-queue.backoff.type must be one of [exponential, fixed], but was \"FIXED\""),
        arguments("backoff.base = 0s", "bounded.task-queue.backoff.base must be > 0, but was 0ms"),
        arguments(
            "backoff.cap = 500ms",
            "bounded.task-queue.backoff.cap must be >= base (1s), but was 500ms"),
        arguments(
            "backoff.cap = inf",
            "bounded.task-queue.backoff.cap must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "backoff.jitter = -0.1",
            "bounded.task-queue.backoff.jitter must be >= 0, but was -0.1"),
        arguments(
            "backoff.jitter = 1.5", "bounded.task-queue.backoff.jitter must be <= 1, but was 1.5"),
        arguments(
            "default-lease = 0s", "bounded.task-queue.default-lease must be > 0, but was 0ms"),
        arguments(
            "default-lease = 2h",
            "bounded.task-queue.default-lease must be <= max-lease (1h), but was 2h"),
        arguments("max-lease = -1s", "bounded.task-queue.max-lease must be > 0, but was -1s"),
        arguments(
            "max-payload-bytes = 0", "bounded.task-queue.max-payload-bytes must be > 0, but was 0"),
        arguments("max-bytes = 0", "bounded.task-queue.max-bytes must be > 0, but was 0"),
        arguments(
            "max-bytes = 1 MiB",
            "bounded.task-queue.max-bytes must be >= 2 x max-payload-bytes (2097152), so the"
                + " largest payload fits, but was 1048576"),
        arguments("max-types = 0", "bounded.task-queue.max-types must be > 0, but was 0"),
        arguments("max-batch = 0", "bounded.task-queue.max-batch must be > 0, but was 0"),
        arguments(
            "max-batch = 100001", "bounded.task-queue.max-batch must be <= 100000, but was 100001"),
        arguments("max-delay = 0s", "bounded.task-queue.max-delay must be > 0, but was 0ms"),
        arguments(
            "max-delay = inf",
            "bounded.task-queue.max-delay must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments("max-key-length = 0", "bounded.task-queue.max-key-length must be > 0, but was 0"),
        arguments(
            "max-error-length = -1", "bounded.task-queue.max-error-length must be > 0, but was -1"),
        arguments(
            "max-handler-concurrency = 0",
            "bounded.task-queue.max-handler-concurrency must be > 0, but was 0"),
        arguments(
            "max-handler-concurrency = 10001",
            "bounded.task-queue.max-handler-concurrency must be <= 10000, but was 10001"),
        arguments(
            "mailbox-capacity = 0", "bounded.task-queue.mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            "bounded.task-queue.mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(
            problemsOf(() -> TaskQueueSettings.fromConfig(with("bounded.task-queue." + override))))
        .containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "max-tasks = 1",
        "default-max-attempts = 1000",
        "backoff.cap = 1s",
        "backoff.jitter = 0",
        "backoff.jitter = 1",
        "default-lease = 1h",
        "max-types = 1",
        "max-bytes = 2 MiB",
        "max-batch = 1",
        "max-handler-concurrency = 10000"
      })
  void rule_atItsEdge_isAccepted(String override) {
    TaskQueueSettings.fromConfig(with("bounded.task-queue." + override));
  }

  @Test
  void backoffAndOwnRules_broken_areReportedInOnePass() {
    assertThat(
            problemsOf(
                () ->
                    TaskQueueSettings.fromConfig(
                        with("bounded.task-queue { max-tasks = 0, backoff.base = 0s }"))))
        .containsExactlyInAnyOrder(
            "bounded.task-queue.max-tasks must be > 0, but was 0",
            "bounded.task-queue.backoff.base must be > 0, but was 0ms");
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    TaskQueueSettings.fromConfig(
                        ConfigFactory.parseString("bounded.task-queue.max-tasks = 10"))))
        .containsExactly(
            "bounded.task-queue.max-finished is missing",
            "bounded.task-queue.completed-retention is missing",
            "bounded.task-queue.cleanup-interval is missing",
            "bounded.task-queue.default-max-attempts is missing",
            "bounded.task-queue.backoff.type is missing",
            "bounded.task-queue.backoff.base is missing",
            "bounded.task-queue.backoff.cap is missing",
            "bounded.task-queue.backoff.jitter is missing",
            "bounded.task-queue.default-lease is missing",
            "bounded.task-queue.max-lease is missing",
            "bounded.task-queue.max-payload-bytes is missing",
            "bounded.task-queue.max-bytes is missing",
            "bounded.task-queue.max-types is missing",
            "bounded.task-queue.max-batch is missing",
            "bounded.task-queue.max-delay is missing",
            "bounded.task-queue.max-key-length is missing",
            "bounded.task-queue.max-error-length is missing",
            "bounded.task-queue.max-handler-concurrency is missing",
            "bounded.task-queue.mailbox-capacity is missing");
  }
}
