package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventBusSettingsTest {

  @Test
  void maxEvents_zero_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(() -> EventBusSettings.fromConfig(with("bounded.event-bus.max-events = 0"))))
        .containsExactly("bounded.event-bus.max-events must be > 0, but was 0");
  }

  @Test
  void retention_infinite_isRejectedNamingThePath() {
    assertThat(
            problemsOf(
                () -> EventBusSettings.fromConfig(with("bounded.event-bus.retention = inf"))))
        .containsExactly(
            "bounded.event-bus.retention must be a finite duration (e.g. 20m), but was \"inf\"");
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        arguments("max-events = -1", "bounded.event-bus.max-events must be > 0, but was -1"),
        arguments(
            "max-events = 100000001",
            "bounded.event-bus.max-events must be <= 100000000, but was 100000001"),
        arguments(
            "max-events = \"lots\"",
            "bounded.event-bus.max-events must be a whole number, but was \"lots\""),
        arguments(
            "max-subscriptions = 0", "bounded.event-bus.max-subscriptions must be > 0, but was 0"),
        arguments(
            "max-subscriptions = 1000001",
            "bounded.event-bus.max-subscriptions must be <= 1000000, but was 1000001"),
        arguments("retention = 0s", "bounded.event-bus.retention must be > 0, but was 0ms"),
        arguments("retention = -1h", "bounded.event-bus.retention must be > 0, but was -1h"),
        arguments(
            "cleanup-interval = 0s", "bounded.event-bus.cleanup-interval must be > 0, but was 0ms"),
        arguments(
            "cleanup-interval = inf",
            "bounded.event-bus.cleanup-interval must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "subscription-idle-timeout = 0s",
            "bounded.event-bus.subscription-idle-timeout must be > 0, but was 0ms"),
        arguments("buffer-size = 0", "bounded.event-bus.buffer-size must be > 0, but was 0"),
        arguments(
            "buffer-size = 1000001",
            "bounded.event-bus.buffer-size must be <= 1000000, but was 1000001"),
        arguments("max-batch = 0", "bounded.event-bus.max-batch must be > 0, but was 0"),
        arguments(
            "max-batch = 100001", "bounded.event-bus.max-batch must be <= 100000, but was 100001"),
        arguments(
            "max-batch-delay = -10ms",
            "bounded.event-bus.max-batch-delay must be > 0, but was -10ms"),
        arguments(
            "max-topic-length = 0", "bounded.event-bus.max-topic-length must be > 0, but was 0"),
        arguments(
            "max-topic-length = 1025",
            "bounded.event-bus.max-topic-length must be <= 1024, but was 1025"),
        arguments(
            "max-payload-bytes = 0", "bounded.event-bus.max-payload-bytes must be > 0, but was 0"),
        arguments(
            "max-payload-bytes = lots",
            "bounded.event-bus.max-payload-bytes must be a size in bytes (e.g. 64 MiB), but was \"lots\""),
        arguments("max-page = 0", "bounded.event-bus.max-page must be > 0, but was 0"),
        arguments(
            "max-page = 100001", "bounded.event-bus.max-page must be <= 100000, but was 100001"),
        arguments(
            "mailbox-capacity = 0", "bounded.event-bus.mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            "bounded.event-bus.mailbox-capacity must be <= 10000000, but was 10000001"),
        arguments(
            "sse-keep-alive = 0s", "bounded.event-bus.sse-keep-alive must be > 0, but was 0ms"),
        arguments(
            "sse-keep-alive = inf",
            "bounded.event-bus.sse-keep-alive must be a finite duration (e.g. 20m), but was \"inf\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> EventBusSettings.fromConfig(with("bounded.event-bus." + override))))
        .containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "max-events = 1",
        "max-events = 100000000",
        "max-subscriptions = 1000000",
        "max-topic-length = 1024",
        "max-page = 100000",
        "max-payload-bytes = 1"
      })
  void rule_atItsEdge_isAccepted(String override) {
    EventBusSettings.fromConfig(with("bounded.event-bus." + override));
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    EventBusSettings.fromConfig(
                        ConfigFactory.parseString("bounded.event-bus.max-events = 10"))))
        .containsExactly(
            "bounded.event-bus.max-subscriptions is missing",
            "bounded.event-bus.retention is missing",
            "bounded.event-bus.cleanup-interval is missing",
            "bounded.event-bus.subscription-idle-timeout is missing",
            "bounded.event-bus.buffer-size is missing",
            "bounded.event-bus.max-batch is missing",
            "bounded.event-bus.max-batch-delay is missing",
            "bounded.event-bus.max-topic-length is missing",
            "bounded.event-bus.max-payload-bytes is missing",
            "bounded.event-bus.max-page is missing",
            "bounded.event-bus.mailbox-capacity is missing",
            "bounded.event-bus.sse-keep-alive is missing");
  }
}
