package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.TracerSettings.Exporter;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TracerSettingsTest {

  @Test
  void maxActiveSpans_zero_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(
                () -> TracerSettings.fromConfig(with("bounded.tracer.max-active-spans = 0"))))
        .containsExactly("bounded.tracer.max-active-spans must be > 0, but was 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "log", "file", "otlp"})
  void exporter_lowercaseName_isParsed(String name) {
    TracerSettings s = TracerSettings.fromConfig(with("bounded.tracer.export.exporter = " + name));
    assertThat(s.export().exporter().configName()).isEqualTo(name);
    assertThat(Exporter.fromConfigName(name)).isSameAs(s.export().exporter());
  }

  @Test
  void export_otlpUrl_isReadAsUri() {
    TracerSettings s =
        TracerSettings.fromConfig(
            with(
                "bounded.tracer.export { exporter = otlp, otlp-url = \"https://collector:4318/x\" }"));
    assertThat(s.export().exporter()).isEqualTo(Exporter.OTLP);
    assertThat(s.export().otlpUrl()).isEqualTo(URI.create("https://collector:4318/x"));
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        arguments(
            "max-active-spans = 10000001",
            "bounded.tracer.max-active-spans must be <= 10000000, but was 10000001"),
        arguments(
            "max-active-spans = \"lots\"",
            "bounded.tracer.max-active-spans must be a whole number, but was \"lots\""),
        arguments(
            "max-span-duration = 0s", "bounded.tracer.max-span-duration must be > 0, but was 0ms"),
        arguments("retention = -30m", "bounded.tracer.retention must be > 0, but was -30m"),
        arguments(
            "retention = inf",
            "bounded.tracer.retention must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments("max-traces = 0", "bounded.tracer.max-traces must be > 0, but was 0"),
        arguments(
            "max-traces = 10000001",
            "bounded.tracer.max-traces must be <= 10000000, but was 10000001"),
        arguments("max-spans-stored = 0", "bounded.tracer.max-spans-stored must be > 0, but was 0"),
        arguments(
            "max-spans-stored = 100000001",
            "bounded.tracer.max-spans-stored must be <= 100000000, but was 100000001"),
        arguments("max-bytes = 1000", "bounded.tracer.max-bytes must be >= 1048576, but was 1000"),
        arguments(
            "max-bytes = 2 TiB",
            "bounded.tracer.max-bytes must be <= 1099511627776, but was 2199023255552"),
        arguments(
            "max-bytes = lots",
            "bounded.tracer.max-bytes must be a size in bytes (e.g. 64 MiB), but was \"lots\""),
        arguments(
            "default-query-limit = 0", "bounded.tracer.default-query-limit must be > 0, but was 0"),
        arguments(
            "default-query-limit = 10001",
            "bounded.tracer.default-query-limit must be <= 10000, but was 10001"),
        arguments(
            "cleanup-interval = 0s", "bounded.tracer.cleanup-interval must be > 0, but was 0ms"),
        arguments("sample-ratio = -0.5", "bounded.tracer.sample-ratio must be >= 0, but was -0.5"),
        arguments("sample-ratio = 1.01", "bounded.tracer.sample-ratio must be <= 1, but was 1.01"),
        arguments(
            "sample-ratio = half",
            "bounded.tracer.sample-ratio must be a finite number, but was \"half\""),
        arguments(
            "span-limits.max-attributes = 0",
            "bounded.tracer.span-limits.max-attributes must be > 0, but was 0"),
        arguments(
            "span-limits.max-events = 10001",
            "bounded.tracer.span-limits.max-events must be <= 10000, but was 10001"),
        arguments(
            "span-limits.max-links = -1",
            "bounded.tracer.span-limits.max-links must be > 0, but was -1"),
        arguments(
            "span-limits.max-attribute-value-length = 1048577",
            "bounded.tracer.span-limits.max-attribute-value-length must be <= 1048576, but was 1048577"),
        arguments(
            "export.exporter = jaeger",
            "bounded.tracer.export.exporter must be one of [file, log, none, otlp], but was \"jaeger\""),
        arguments(
            "export.exporter = OTLP",
            "bounded.tracer.export.exporter must be one of [file, log, none, otlp], but was \"OTLP\""),
        arguments(
            "export.queue-size = 0", "bounded.tracer.export.queue-size must be > 0, but was 0"),
        arguments(
            "export.queue-size = 10000001",
            "bounded.tracer.export.queue-size must be <= 10000000, but was 10000001"),
        arguments("export.max-batch = 0", "bounded.tracer.export.max-batch must be > 0, but was 0"),
        arguments(
            "export.max-batch = 4096",
            "bounded.tracer.export.max-batch must be <= queue-size (2048), but was 4096"),
        arguments("export.delay = 0s", "bounded.tracer.export.delay must be > 0, but was 0ms"),
        arguments(
            "export.timeout = inf",
            "bounded.tracer.export.timeout must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "export.file-directory = \" \"",
            "bounded.tracer.export.file-directory must be a non-empty string, but was \" \""),
        arguments(
            "export.otlp-url = \"collector:4318\"",
            "bounded.tracer.export.otlp-url must be an absolute http or https URL with a host (e.g."
                + " http://127.0.0.1:9000), but was \"collector:4318\""),
        arguments(
            "export.otlp-url = \"ftp://collector/v1/traces\"",
            "bounded.tracer.export.otlp-url must be an absolute http or https URL with a host (e.g."
                + " http://127.0.0.1:9000), but was \"ftp://collector/v1/traces\""),
        arguments("mailbox-capacity = 0", "bounded.tracer.mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            "bounded.tracer.mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> TracerSettings.fromConfig(with("bounded.tracer." + override))))
        .containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sample-ratio = 0",
        "sample-ratio = 1",
        "export.max-batch = 2048",
        "span-limits.max-attributes = 10000",
        "max-active-spans = 10000000",
        "max-bytes = 1 MiB",
        "default-query-limit = 10000"
      })
  void rule_atItsEdge_isAccepted(String override) {
    TracerSettings.fromConfig(with("bounded.tracer." + override));
  }

  @Test
  void defaultQueryLimit_aboveMaxTraces_isRejected() {
    assertThat(
            problemsOf(
                () ->
                    TracerSettings.fromConfig(
                        with("bounded.tracer { max-traces = 5, default-query-limit = 6 }"))))
        .containsExactly("bounded.tracer.default-query-limit must be <= max-traces (5), but was 6");
  }

  @Test
  void maxBytes_withUnit_isReadInBytes() {
    assertThat(TracerSettings.fromConfig(with("bounded.tracer.max-bytes = 2 MiB")).maxBytes())
        .isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void nestedAndOwnRules_broken_areReportedInOnePass() {
    assertThat(
            problemsOf(
                () ->
                    TracerSettings.fromConfig(
                        with(
                            "bounded.tracer { max-traces = 0, span-limits.max-links = 0,"
                                + " export.delay = 0s }"))))
        .containsExactlyInAnyOrder(
            "bounded.tracer.max-traces must be > 0, but was 0",
            "bounded.tracer.span-limits.max-links must be > 0, but was 0",
            "bounded.tracer.export.delay must be > 0, but was 0ms");
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    TracerSettings.fromConfig(
                        ConfigFactory.parseString("bounded.tracer.max-active-spans = 10"))))
        .containsExactly(
            "bounded.tracer.max-span-duration is missing",
            "bounded.tracer.retention is missing",
            "bounded.tracer.max-traces is missing",
            "bounded.tracer.max-spans-stored is missing",
            "bounded.tracer.max-bytes is missing",
            "bounded.tracer.default-query-limit is missing",
            "bounded.tracer.cleanup-interval is missing",
            "bounded.tracer.sample-ratio is missing",
            "bounded.tracer.span-limits.max-attributes is missing",
            "bounded.tracer.span-limits.max-events is missing",
            "bounded.tracer.span-limits.max-links is missing",
            "bounded.tracer.span-limits.max-attribute-value-length is missing",
            "bounded.tracer.export.exporter is missing",
            "bounded.tracer.export.queue-size is missing",
            "bounded.tracer.export.max-batch is missing",
            "bounded.tracer.export.delay is missing",
            "bounded.tracer.export.timeout is missing",
            "bounded.tracer.export.file-directory is missing",
            "bounded.tracer.export.otlp-url is missing",
            "bounded.tracer.mailbox-capacity is missing");
  }
}
