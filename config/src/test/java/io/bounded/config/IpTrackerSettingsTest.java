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

class IpTrackerSettingsTest {
  private static final String CIDR_RULE =
      "an IPv4 or IPv6 address or CIDR block such as 10.0.0.0/8 or ::1/128";

  @Test
  void maxAddresses_zero_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(
                () -> IpTrackerSettings.fromConfig(with("bounded.ip-tracker.max-addresses = 0"))))
        .containsExactly("bounded.ip-tracker.max-addresses must be > 0, but was 0");
  }

  @Test
  void cidrLists_valid_areParsed() {
    IpTrackerSettings s =
        IpTrackerSettings.fromConfig(
            with(
                "bounded.ip-tracker { allow = [\"10.0.0.0/8\", \"::1\"], deny = [\"192.0.2.7\"],"
                    + " trusted-proxies = [\"2001:db8::/32\"] }"));
    assertThat(s.allow()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"));
    assertThat(s.deny()).containsExactly(Cidr.parse("192.0.2.7/32"));
    assertThat(s.trustedProxies()).containsExactly(Cidr.parse("2001:db8::/32"));
  }

  @Test
  void cidrLists_broken_areAllReportedWithListAndIndex() {
    assertThat(
            problemsOf(
                () ->
                    IpTrackerSettings.fromConfig(
                        with(
                            "bounded.ip-tracker { allow = [\"10.0.0.0/8\", \"example.com\"],"
                                + " deny = [\"10.0.0.1/8\"], trusted-proxies = [\"::1/129\"] }"))))
        .containsExactly(
            "bounded.ip-tracker.allow[1] must be "
                + CIDR_RULE
                + " (no host names), but was \"example.com\"",
            "bounded.ip-tracker.deny[0] must be a CIDR block with no bits set after the prefix length"
                + " (did you mean 10.0.0.0/8?), but was \"10.0.0.1/8\"",
            "bounded.ip-tracker.trusted-proxies[0] must be "
                + CIDR_RULE
                + " (prefix length 0..128), but was \"::1/129\"");
  }

  static Stream<Arguments> brokenRules() {
    String t = "bounded.ip-tracker.";
    return Stream.of(
        arguments(
            "max-addresses = 100000001",
            t + "max-addresses must be <= 100000000, but was 100000001"),
        arguments(
            "max-addresses = \"lots\"",
            t + "max-addresses must be a whole number, but was \"lots\""),
        arguments("window = 0s", t + "window must be > 0, but was 0ms"),
        arguments(
            "window = inf", t + "window must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments("cleanup-interval = -1m", t + "cleanup-interval must be > 0, but was -1m"),
        arguments("rate.per-second = 0", t + "rate.per-second must be > 0, but was 0"),
        arguments("rate.per-second = -2.5", t + "rate.per-second must be > 0, but was -2.5"),
        arguments(
            "rate.per-second = 1e400",
            t + "rate.per-second must be a finite number, but was Infinity"),
        arguments("rate.burst = 0", t + "rate.burst must be >= 1, but was 0"),
        arguments("ban.max-failures = 0", t + "ban.max-failures must be >= 1, but was 0"),
        arguments("ban.find-window = 0s", t + "ban.find-window must be > 0, but was 0ms"),
        arguments("ban.ban-duration = -10m", t + "ban.ban-duration must be > 0, but was -10m"),
        arguments(
            "ban.escalation-factor = 0.5", t + "ban.escalation-factor must be >= 1, but was 0.5"),
        arguments(
            "ban.max-ban-duration = 5m",
            t + "ban.max-ban-duration must be >= ban-duration (10m), but was 5m"),
        arguments(
            "ban.max-ban-duration = inf",
            t + "ban.max-ban-duration must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "allow = [\"localhost\"]",
            t + "allow[0] must be " + CIDR_RULE + " (no host names), but was \"localhost\""),
        arguments(
            "deny = \"10.0.0.0/8\"", t + "deny must be a list of strings, but was \"10.0.0.0/8\""),
        arguments("mailbox-capacity = 0", t + "mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            t + "mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(
            problemsOf(() -> IpTrackerSettings.fromConfig(with("bounded.ip-tracker." + override))))
        .containsExactly(expected);
  }

  @Test
  void rate_smallestValues_areAccepted() {
    IpTrackerSettings s =
        IpTrackerSettings.fromConfig(
            with(
                "bounded.ip-tracker { rate { per-second = 0.01, burst = 1 },"
                    + " ban { max-failures = 1, escalation-factor = 1, max-ban-duration = 10m } }"));
    assertThat(s.rate().perSecond()).isEqualTo(0.01);
    assertThat(s.ban().maxBanDuration()).isEqualTo(s.ban().banDuration());
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    IpTrackerSettings.fromConfig(
                        ConfigFactory.parseString("bounded.ip-tracker.max-addresses = 10"))))
        .containsExactly(
            "bounded.ip-tracker.window is missing",
            "bounded.ip-tracker.cleanup-interval is missing",
            "bounded.ip-tracker.rate.per-second is missing",
            "bounded.ip-tracker.rate.burst is missing",
            "bounded.ip-tracker.ban.max-failures is missing",
            "bounded.ip-tracker.ban.find-window is missing",
            "bounded.ip-tracker.ban.ban-duration is missing",
            "bounded.ip-tracker.ban.escalation-factor is missing",
            "bounded.ip-tracker.ban.max-ban-duration is missing",
            "bounded.ip-tracker.allow is missing",
            "bounded.ip-tracker.deny is missing",
            "bounded.ip-tracker.trusted-proxies is missing",
            "bounded.ip-tracker.mailbox-capacity is missing");
  }
}
