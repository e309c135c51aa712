package io.bounded.actors.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.*;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiGatewayActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "ApiGatewayActorTest",
          ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final URI A = URI.create("http://127.0.0.1:9001");
  private static final URI B = URI.create("http://127.0.0.1:9002");

  private final TestClock clock = new TestClock();
  private TestProbe<Reply> replies;
  private TestProbe<ComponentStats> stats;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void probes() {
    replies = testKit.createTestProbe(Reply.class);
    stats = testKit.createTestProbe(ComponentStats.class);
  }

  /**
   * Two routes; breakers: window 4, minimum 2, 50 %, wait 30 s, one trial; cleanup every 10 min,
   * breakers idle 30 min.
   */
  private static ApiGatewaySettings settings(String extra) {
    return ApiGatewaySettings.fromConfig(
        ConfigFactory.parseString(
                "bounded.api-gateway { routes = ["
                    + "{ name = svc, prefix = \"/svc\", upstreams = [\"http://127.0.0.1:9001\","
                    + " \"http://127.0.0.1:9002\"], retries = 2, cache-ttl = 60s },"
                    + "{ name = users, prefix = \"/svc/users\", upstreams ="
                    + " [\"http://127.0.0.1:9003\"], methods = [GET] } ],"
                    + " circuit-breaker { sliding-window-size = 4, minimum-calls = 2,"
                    + " wait-in-open = 30s, permitted-calls-in-half-open = 1 } }\n"
                    + extra)
            .withFallback(ConfigFactory.defaultReference()));
  }

  private ActorRef<Command> gateway(String extra) {
    return testKit.spawn(ApiGatewayActor.create(settings(extra), clock));
  }

  private Reply decide(ActorRef<Command> g, String method, String path, int attempt) {
    g.tell(new Decide(method, path, null, true, attempt, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private ComponentStats stats(ActorRef<Command> g) {
    g.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  private static RouteSpec spec(String name, String prefix) {
    return new RouteSpec(name, prefix, List.of(A), null, null, null, null, null);
  }

  @Test
  void decide_longestPrefix_winsAndRoundRobinsUpstreams() {
    ActorRef<Command> g = gateway("");
    assertThat(((Forward) decide(g, "GET", "/svc/users/1", 0)).route()).isEqualTo("users");
    Forward first = (Forward) decide(g, "GET", "/svc/orders", 0);
    Forward second = (Forward) decide(g, "GET", "/svc/orders", 0);
    assertThat(first.route()).isEqualTo("svc");
    assertThat(List.of(first.upstream(), second.upstream())).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void decide_noMatchOrWrongMethod_isNoRouteOr405() {
    ActorRef<Command> g = gateway("");
    assertThat(decide(g, "GET", "/elsewhere", 0)).isEqualTo(new NoRoute("/elsewhere"));
    assertThat(decide(g, "POST", "/svc/users", 0))
        .isEqualTo(new MethodNotAllowed("users", List.of("GET")));
    assertThat(decide(g, "GET", "no-slash", 0)).isInstanceOf(Rejected.class);
  }

  @Test
  void decide_retriesOnlyForIdempotentMethods() {
    ActorRef<Command> g = gateway("");
    assertThat(((Forward) decide(g, "GET", "/svc", 0)).retriesLeft()).isEqualTo(2);
    assertThat(((Forward) decide(g, "GET", "/svc", 1)).retriesLeft()).isEqualTo(1);
    assertThat(((Forward) decide(g, "POST", "/svc", 0)).retriesLeft()).isZero();
    assertThat(((Forward) decide(g, "PATCH", "/svc", 0)).retriesLeft()).isZero();
  }

  @Test
  void failures_openBreakers_thenCircuitOpenUntilWaitThenTrialCloses() {
    ActorRef<Command> g = gateway("");
    for (int i = 0; i < 4; i++) {
      Forward f = (Forward) decide(g, "GET", "/svc", 0);
      g.tell(new CallFinished("svc", f.upstream(), Outcome.FAILURE, Duration.ofMillis(5)));
    }
    Reply open = decide(g, "GET", "/svc", 0);
    assertThat(open).isInstanceOf(CircuitOpen.class);
    assertThat(((CircuitOpen) open).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    Forward trial = (Forward) decide(g, "GET", "/svc", 0);
    g.tell(new CallFinished("svc", trial.upstream(), Outcome.SUCCESS, Duration.ofMillis(5)));
    g.tell(new GetRoute("svc", replies.ref().narrow()));
    RouteView view = ((RouteFound) replies.receiveMessage()).route();
    assertThat(view.breakers())
        .extracting(BreakerView::state)
        .containsExactlyInAnyOrder("closed", "half-open");
  }

  @Test
  void response_storedForGet_servedWithAgeUntilTtl() {
    ActorRef<Command> g = gateway("");
    assertThat(decide(g, "GET", "/svc/a", 0)).isInstanceOf(Forward.class);
    g.tell(
        new StoreResponse(
            "svc",
            "/svc/a",
            null,
            200,
            List.of(new Header("X-A", "1")),
            "text/plain",
            ByteString.fromString("hello")));
    stats(g); // the store is handled (and timestamped) before the clock moves
    clock.advance(Duration.ofSeconds(5));
    Cached hit = (Cached) decide(g, "GET", "/svc/a", 0);
    assertThat(hit.body().utf8String()).isEqualTo("hello");
    assertThat(hit.age()).isEqualTo(Duration.ofSeconds(5));
    assertThat(decide(g, "GET", "/svc/a", 1))
        .as("a retry never reads the cache")
        .isInstanceOf(Forward.class);
    clock.advance(Duration.ofSeconds(55));
    assertThat(decide(g, "GET", "/svc/a", 0)).isInstanceOf(Forward.class);
    ComponentStats s = stats(g);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.expirations()).isEqualTo(1);
  }

  @Test
  void storeResponse_routeWithoutTtlOrTooLarge_isNotStored() {
    ActorRef<Command> g = gateway("bounded.api-gateway.response-cache.max-entry-bytes = 300");
    g.tell(new StoreResponse("users", "/svc/users", null, 200, List.of(), "a/b", bytes(10)));
    g.tell(new StoreResponse("svc", "/svc/big", null, 200, List.of(), "a/b", bytes(200)));
    g.tell(new StoreResponse("svc", "/svc/err", null, 500, List.of(), "a/b", bytes(1)));
    ComponentStats s = stats(g);
    assertThat(s.gauge("cached-responses")).isZero();
    assertThat(s.rejections()).isEqualTo(3);
  }

  @Test
  void responseCache_full_evictsLeastRecentlyUsedByEntriesAndBytes() {
    ActorRef<Command> g =
        gateway(
            "bounded.api-gateway.response-cache { max-entries = 2, max-bytes = 1000, max-entry-bytes = 1000 }");
    for (String p : List.of("/svc/1", "/svc/2", "/svc/3")) {
      g.tell(new StoreResponse("svc", p, null, 200, List.of(), "a/b", bytes(10)));
    }
    ComponentStats s = stats(g);
    assertThat(s.gauge("cached-responses")).isEqualTo(2);
    assertThat(s.evictions()).isEqualTo(1);
    g.tell(new StoreResponse("svc", "/svc/4", null, 200, List.of(), "a/b", bytes(700)));
    s = stats(g);
    assertThat(s.gauge("cached-bytes")).isLessThanOrEqualTo(1000);
    assertThat(s.gauge("cached-responses")).isEqualTo(1);
  }

  @Test
  void putRoute_pastMaxRoutes_isRejectedAndChangesNothing() {
    ActorRef<Command> g = gateway("bounded.api-gateway.max-routes = 3");
    g.tell(new PutRoute(spec("third", "/third"), replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isInstanceOf(RouteStored.class);
    g.tell(new PutRoute(spec("fourth", "/fourth"), replies.ref().narrow()));
    Reply r = replies.receiveMessage();
    assertThat(r).isInstanceOf(Rejected.class);
    assertThat(((Rejected) r).reason()).contains("max-routes (3)");
    assertThat(decide(g, "GET", "/fourth", 0)).isInstanceOf(NoRoute.class);
    g.tell(new PutRoute(spec("third", "/third-moved"), replies.ref().narrow()));
    assertThat(((RouteStored) replies.receiveMessage()).created())
        .as("replace at the bound")
        .isFalse();
  }

  @Test
  void putRoute_invalidOrDuplicatePrefix_isRejectedWithReason() {
    ActorRef<Command> g = gateway("");
    g.tell(new PutRoute(spec("bad name!", "nope"), replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason())
        .contains("name must be")
        .contains("prefix must be a path starting with");
    g.tell(new PutRoute(spec("other", "/svc"), replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason())
        .contains("already the prefix of route \"svc\"");
  }

  @Test
  void removeRoute_existing_stopsMatching() {
    ActorRef<Command> g = gateway("");
    g.tell(new RemoveRoute("users", replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new RouteRemoved("users", true));
    assertThat(((Forward) decide(g, "GET", "/svc/users", 0)).route()).isEqualTo("svc");
    g.tell(new RemoveRoute("users", replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new RouteRemoved("users", false));
  }

  @Test
  void cleanupTick_idleClosedBreakers_areRetiredOpenOnesKept() {
    ActorRef<Command> g = gateway("");
    Forward users = (Forward) decide(g, "GET", "/svc/users", 0);
    g.tell(new CallFinished("users", users.upstream(), Outcome.SUCCESS, Duration.ofMillis(1)));
    for (int i = 0; i < 4; i++) {
      Forward f = (Forward) decide(g, "GET", "/svc", 0);
      g.tell(new CallFinished("svc", f.upstream(), Outcome.FAILURE, Duration.ofMillis(1)));
    }
    assertThat(stats(g).gauge("breakers")).isEqualTo(3);
    clock.advance(Duration.ofMinutes(31));
    manualTime.timePasses(Duration.ofMinutes(10));
    replies.awaitAssert(
        () -> {
          ComponentStats s = stats(g);
          assertThat(s.cleanupRuns()).isGreaterThanOrEqualTo(1);
          // the users breaker retired; the svc breakers are open (and half-open on next use)
          assertThat(s.gauge("breakers")).isEqualTo(2);
          assertThat(s.expirations()).isEqualTo(1);
          return null;
        });
  }

  @Test
  void breakers_atCapacityOne_evictLeastRecentlyUsed() {
    ActorRef<Command> g = gateway("bounded.api-gateway.max-circuit-breakers = 1");
    decide(g, "GET", "/svc/users", 0);
    decide(g, "GET", "/svc", 0);
    ComponentStats s = stats(g);
    assertThat(s.gauge("breakers")).isEqualTo(1);
    assertThat(s.evictions()).isEqualTo(1);
  }

  private static ByteString bytes(int n) {
    return ByteString.fromArray(new byte[n]);
  }
}
