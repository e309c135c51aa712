package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.ApiGatewaySettings.Route;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiGatewaySettingsTest {
  private static final String SVC =
      "{ name = svc, prefix = \"/svc\", upstreams = [\"http://127.0.0.1:9000\"] }";
  private static final String URL_RULE =
      "an absolute http or https URL with a host (e.g. http://127.0.0.1:9000)";

  private static ApiGatewaySettings read(String hocon) {
    return ApiGatewaySettings.fromConfig(with(hocon));
  }

  private static List<String> problemsWithRoutes(String... routes) {
    return problemsOf(
        () -> read("bounded.api-gateway.routes = [" + String.join(", ", routes) + "]"));
  }

  @Test
  void maxRoutes_zero_isRejectedWithPathRuleAndValue() {
    assertThat(problemsOf(() -> read("bounded.api-gateway.max-routes = 0")))
        .containsExactly("bounded.api-gateway.max-routes must be > 0, but was 0");
  }

  @Test
  void route_withoutOptionalKeys_takesThemFromRouteDefaults() {
    ApiGatewaySettings s = read("bounded.api-gateway.routes = [" + SVC + "]");
    assertThat(s.routes())
        .containsExactly(
            new Route(
                "svc",
                "/svc",
                List.of(URI.create("http://127.0.0.1:9000")),
                Duration.ofSeconds(10),
                2,
                Duration.ofMillis(100),
                Duration.ZERO,
                List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")));
  }

  @Test
  void route_withOptionalKeys_overridesRouteDefaults() {
    ApiGatewaySettings s =
        read(
            "bounded.api-gateway.routes = [ { name = api.v2_x-1, prefix = \"/\","
                + " upstreams = [\"https://a.example:8443/base\", \"http://[::1]:9000\"],"
                + " timeout = 3s, retries = 0, retry-backoff = 1s, cache-ttl = 1m,"
                + " methods = [GET] } ]");
    assertThat(s.routes())
        .containsExactly(
            new Route(
                "api.v2_x-1",
                "/",
                List.of(URI.create("https://a.example:8443/base"), URI.create("http://[::1]:9000")),
                Duration.ofSeconds(3),
                0,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                List.of("GET")));
  }

  static Stream<Arguments> brokenRoutes() {
    String r = "bounded.api-gateway.routes[0].";
    return Stream.of(
        arguments(
            "{ name = \"\", prefix = \"/a\", upstreams = [\"http://h\"] }",
            r + "name must be a non-empty name of letters, digits, '.', '_' and '-', but was \"\""),
        arguments(
            "{ name = \"a b\", prefix = \"/a\", upstreams = [\"http://h\"] }",
            r
                + "name must be a non-empty name of letters, digits, '.', '_' and '-', but was \"a b\""),
        arguments(
            "{ name = a, prefix = \"a\", upstreams = [\"http://h\"] }",
            r + "prefix must be a path starting with \"/\", but was \"a\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [] }",
            r + "upstreams must be a non-empty list of URLs, but was []"),
        arguments("{ name = a, prefix = \"/a\" }", r + "upstreams is missing"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"ftp://h/x\"] }",
            r + "upstreams[0] must be " + URL_RULE + ", but was \"ftp://h/x\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\", \"http:///nohost\"] }",
            r + "upstreams[1] must be " + URL_RULE + ", but was \"http:///nohost\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"127.0.0.1:9000\"] }",
            r + "upstreams[0] must be " + URL_RULE + ", but was \"127.0.0.1:9000\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"/relative\"] }",
            r + "upstreams[0] must be " + URL_RULE + ", but was \"/relative\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], timeout = 0s }",
            r + "timeout must be > 0, but was 0ms"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], timeout = inf }",
            r + "timeout must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], retries = 11 }",
            r + "retries must be <= 10, but was 11"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], retries = -1 }",
            r + "retries must be >= 0, but was -1"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], retries = two }",
            r + "retries must be a whole number, but was \"two\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], retry-backoff = 0s }",
            r + "retry-backoff must be > 0, but was 0ms"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], cache-ttl = -1s }",
            r + "cache-ttl must be >= 0, but was -1s"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], methods = [] }",
            r + "methods must be a non-empty list of HTTP methods, but was []"),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], methods = [GET, get] }",
            r
                + "methods[1] must be one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT], but was"
                + " \"get\""),
        arguments(
            "{ name = a, prefix = \"/a\", upstreams = [\"http://h\"], timout = 5s }",
            r
                + "timout is not a route key (known: [cache-ttl, methods, name, prefix, retries,"
                + " retry-backoff, timeout, upstreams])"),
        arguments("5", "bounded.api-gateway.routes[0] must be an object, but was 5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRoutes")
  void route_broken_isRejectedWithIndexRuleAndValue(String route, String expected) {
    assertThat(problemsWithRoutes(route)).containsExactly(expected);
  }

  @Test
  void route_brokenAfterGoodOne_isNamedByItsIndex() {
    assertThat(problemsWithRoutes(SVC, "{ name = b, prefix = \"b\", upstreams = [\"http://h\"] }"))
        .containsExactly(
            "bounded.api-gateway.routes[1].prefix must be a path starting with \"/\", but was \"b\"");
  }

  @Test
  void routeNames_duplicated_isRejectedNamingBoth() {
    assertThat(
            problemsWithRoutes(
                SVC,
                "{ name = other, prefix = \"/o\", upstreams = [\"http://h\"] }",
                "{ name = svc, prefix = \"/svc2\", upstreams = [\"http://h\"] }"))
        .containsExactly(
            "bounded.api-gateway.routes[2].name must be unique, but was \"svc\" (as routes[0].name)");
  }

  @Test
  void routes_moreThanMaxRoutes_isRejected() {
    assertThat(
            problemsOf(
                () ->
                    read(
                        "bounded.api-gateway { max-routes = 1, routes = ["
                            + SVC
                            + ", { name = b, prefix = \"/b\", upstreams = [\"http://h\"] } ] }")))
        .containsExactly(
            "bounded.api-gateway.routes must be at most max-routes (1) routes, but was 2 routes");
  }

  @Test
  void routes_exactlyMaxRoutes_isAccepted() {
    assertThat(read("bounded.api-gateway { max-routes = 1, routes = [" + SVC + "] }").routes())
        .hasSize(1);
  }

  @Test
  void routeDefaults_broken_isReportedOnceEvenWhenRoutesUseIt() {
    assertThat(
            problemsOf(
                () ->
                    read(
                        "bounded.api-gateway { route-defaults.retries = 11, routes = ["
                            + SVC
                            + "] }")))
        .containsExactly("bounded.api-gateway.route-defaults.retries must be <= 10, but was 11");
  }

  @Test
  void routes_samePrefixTwice_isRejectedNamingBoth() {
    assertThat(
            problemsWithRoutes(
                SVC,
                "{ name = other, prefix = \"/svc\", upstreams = [\"http://127.0.0.1:9001\"] }"))
        .containsExactly(
            "bounded.api-gateway.routes[1].prefix must be unique, but was \"/svc\" (as"
                + " routes[0].prefix)");
  }

  @Test
  void route_builtInCode_isValidatedUnderItsName() {
    assertThat(
            problemsOf(
                () ->
                    new Route(
                        "svc",
                        "svc",
                        List.of(URI.create("http://h")),
                        Duration.ofSeconds(1),
                        0,
                        Duration.ofSeconds(1),
                        Duration.ZERO,
                        List.of("GET"))))
        .containsExactly(
            "bounded.api-gateway.routes[\"svc\"].prefix must be a path starting with \"/\", but was"
                + " \"svc\"");
  }

  static Stream<Arguments> brokenRules() {
    String g = "bounded.api-gateway.";
    return Stream.of(
        arguments("max-routes = 1000001", g + "max-routes must be <= 1000000, but was 1000001"),
        arguments("max-routes = lots", g + "max-routes must be a whole number, but was \"lots\""),
        arguments("max-circuit-breakers = 0", g + "max-circuit-breakers must be > 0, but was 0"),
        arguments(
            "max-circuit-breakers = 1000001",
            g + "max-circuit-breakers must be <= 1000000, but was 1000001"),
        arguments("cleanup-interval = 0s", g + "cleanup-interval must be > 0, but was 0ms"),
        arguments(
            "cleanup-interval = inf",
            g + "cleanup-interval must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "breaker-idle-timeout = -1m", g + "breaker-idle-timeout must be > 0, but was -1m"),
        arguments("listen-host = \"\"", g + "listen-host must be a non-empty string, but was \"\""),
        arguments("listen-port = 65536", g + "listen-port must be <= 65535, but was 65536"),
        arguments("listen-port = -1", g + "listen-port must be >= 0, but was -1"),
        arguments("request-timeout = 0s", g + "request-timeout must be > 0, but was 0ms"),
        arguments(
            "upstream-max-connections = 0", g + "upstream-max-connections must be > 0, but was 0"),
        arguments(
            "upstream-max-connections = 10001",
            g + "upstream-max-connections must be <= 10000, but was 10001"),
        arguments(
            "upstream-max-open-requests = 100",
            g + "upstream-max-open-requests must be a power of two, but was 100"),
        arguments(
            "upstream-max-open-requests = 131072",
            g + "upstream-max-open-requests must be <= 65536, but was 131072"),
        arguments(
            "response-cache.max-entry-bytes = 0",
            g + "response-cache.max-entry-bytes must be > 0, but was 0"),
        arguments(
            "response-cache { max-bytes = 1000, max-entry-bytes = 1001 }",
            g + "response-cache.max-entry-bytes must be <= max-bytes (1000), but was 1001"),
        arguments("routes = 5", g + "routes must be a list of objects, but was 5"),
        arguments(
            "route-defaults.timeout = 0s", g + "route-defaults.timeout must be > 0, but was 0ms"),
        arguments(
            "route-defaults.retry-backoff = -1ms",
            g + "route-defaults.retry-backoff must be > 0, but was -1ms"),
        arguments(
            "route-defaults.cache-ttl = -1s",
            g + "route-defaults.cache-ttl must be >= 0, but was -1s"),
        arguments(
            "route-defaults.methods = []",
            g + "route-defaults.methods must be a non-empty list of HTTP methods, but was []"),
        arguments(
            "route-defaults.methods = [GET, TRACE]",
            g
                + "route-defaults.methods[1] must be one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST,"
                + " PUT], but was \"TRACE\""),
        arguments(
            "circuit-breaker.sliding-window-size = 0",
            g + "circuit-breaker.sliding-window-size must be > 0, but was 0"),
        arguments(
            "circuit-breaker.sliding-window-size = 10001",
            g + "circuit-breaker.sliding-window-size must be <= 10000, but was 10001"),
        arguments(
            "circuit-breaker.minimum-calls = 0",
            g + "circuit-breaker.minimum-calls must be > 0, but was 0"),
        arguments(
            "circuit-breaker.minimum-calls = 101",
            g + "circuit-breaker.minimum-calls must be <= sliding-window-size (100), but was 101"),
        arguments(
            "circuit-breaker.failure-rate-threshold = 0",
            g + "circuit-breaker.failure-rate-threshold must be >= 1, but was 0"),
        arguments(
            "circuit-breaker.failure-rate-threshold = 100.5",
            g + "circuit-breaker.failure-rate-threshold must be <= 100, but was 100.5"),
        arguments(
            "circuit-breaker.slow-call-rate-threshold = 101",
            g + "circuit-breaker.slow-call-rate-threshold must be <= 100, but was 101"),
        arguments(
            "circuit-breaker.slow-call-duration = 0s",
            g + "circuit-breaker.slow-call-duration must be > 0, but was 0ms"),
        arguments(
            "circuit-breaker.wait-in-open = inf",
            g
                + "circuit-breaker.wait-in-open must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "circuit-breaker.permitted-calls-in-half-open = 0",
            g + "circuit-breaker.permitted-calls-in-half-open must be > 0, but was 0"),
        arguments(
            "circuit-breaker.permitted-calls-in-half-open = 1001",
            g + "circuit-breaker.permitted-calls-in-half-open must be <= 1000, but was 1001"),
        arguments(
            "response-cache.max-entries = 0",
            g + "response-cache.max-entries must be > 0, but was 0"),
        arguments(
            "response-cache.max-entries = 10000001",
            g + "response-cache.max-entries must be <= 10000000, but was 10000001"),
        arguments(
            "response-cache.max-bytes = 0", g + "response-cache.max-bytes must be > 0, but was 0"),
        arguments("mailbox-capacity = 0", g + "mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            g + "mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> read("bounded.api-gateway." + override))).containsExactly(expected);
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    ApiGatewaySettings.fromConfig(
                        ConfigFactory.parseString("bounded.api-gateway.max-routes = 10"))))
        .containsExactly(
            "bounded.api-gateway.max-circuit-breakers is missing",
            "bounded.api-gateway.cleanup-interval is missing",
            "bounded.api-gateway.breaker-idle-timeout is missing",
            "bounded.api-gateway.listen-host is missing",
            "bounded.api-gateway.listen-port is missing",
            "bounded.api-gateway.request-timeout is missing",
            "bounded.api-gateway.upstream-max-connections is missing",
            "bounded.api-gateway.upstream-max-open-requests is missing",
            "bounded.api-gateway.routes is missing",
            "bounded.api-gateway.route-defaults.timeout is missing",
            "bounded.api-gateway.route-defaults.retries is missing",
            "bounded.api-gateway.route-defaults.retry-backoff is missing",
            "bounded.api-gateway.route-defaults.cache-ttl is missing",
            "bounded.api-gateway.route-defaults.methods is missing",
            "bounded.api-gateway.circuit-breaker.sliding-window-size is missing",
            "bounded.api-gateway.circuit-breaker.minimum-calls is missing",
            "bounded.api-gateway.circuit-breaker.failure-rate-threshold is missing",
            "bounded.api-gateway.circuit-breaker.slow-call-rate-threshold is missing",
            "bounded.api-gateway.circuit-breaker.slow-call-duration is missing",
            "bounded.api-gateway.circuit-breaker.wait-in-open is missing",
            "bounded.api-gateway.circuit-breaker.permitted-calls-in-half-open is missing",
            "bounded.api-gateway.response-cache.max-entries is missing",
            "bounded.api-gateway.response-cache.max-bytes is missing",
            "bounded.api-gateway.response-cache.max-entry-bytes is missing",
            "bounded.api-gateway.mailbox-capacity is missing");
  }
}
