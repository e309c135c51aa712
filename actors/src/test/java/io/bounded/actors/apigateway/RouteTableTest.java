package io.bounded.actors.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.config.ApiGatewaySettings.Route;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static Route route(String name, String prefix) {
    return new Route(
        name,
        prefix,
        List.of(URI.create("http://127.0.0.1:9000")),
        Duration.ofSeconds(1),
        0,
        Duration.ofMillis(10),
        Duration.ZERO,
        List.of("GET"));
  }

  private final RouteTable table = new RouteTable();

  private String match(String path) {
    Route r = table.match(path);
    return r == null ? null : r.name();
  }

  @Test
  void match_nestedPrefixes_longestWins() {
    table.put(route("api", "/api"));
    table.put(route("users", "/api/users"));
    table.put(route("root", "/"));
    assertThat(match("/api/users/7")).isEqualTo("users");
    assertThat(match("/api/users")).isEqualTo("users");
    assertThat(match("/api/orders")).isEqualTo("api");
    assertThat(match("/api")).isEqualTo("api");
    assertThat(match("/other")).isEqualTo("root");
  }

  @Test
  void match_atSegmentBoundaryOnly() {
    table.put(route("svc", "/svc"));
    assertThat(match("/svc/")).isEqualTo("svc");
    assertThat(match("/svcx")).isNull();
    assertThat(match("/sv")).isNull();
  }

  @Test
  void match_prefixWithTrailingSlash_needsTheSlash() {
    table.put(route("svc", "/svc/"));
    assertThat(match("/svc/a")).isEqualTo("svc");
    assertThat(match("/svc/")).isEqualTo("svc");
    assertThat(match("/svc")).isNull();
  }

  @Test
  void put_sameName_replacesAndFreesOldPrefix() {
    table.put(route("svc", "/a"));
    table.put(route("svc", "/b"));
    assertThat(table.size()).isEqualTo(1);
    assertThat(match("/a/x")).isNull();
    assertThat(match("/b/x")).isEqualTo("svc");
  }

  @Test
  void remove_route_noLongerMatches() {
    table.put(route("svc", "/svc"));
    table.remove("svc");
    assertThat(match("/svc")).isNull();
    assertThat(table.size()).isZero();
  }
}
