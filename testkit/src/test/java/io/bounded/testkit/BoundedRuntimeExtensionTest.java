package io.bounded.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bounded.actors.cache.CacheClient;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.cache.CacheProtocol;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BoundedRuntimeExtensionTest {

  // README-BEGIN testkit
  @RegisterExtension // a fresh runtime per test; make the field static for one per class
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig("bounded.cache.cleanup-interval = 1m");

  @Test
  void cleanupTick_removesExpiredEntries() {
    CacheClient cache = bounded.cacheClient();
    cache
        .put("session", ByteString.fromString("s1"), Duration.ofSeconds(30))
        .toCompletableFuture()
        .join();
    bounded.timePasses(Duration.ofMinutes(1)); // clock and timers move together; no sleeping

    ComponentStats stats = cache.stats().toCompletableFuture().join();
    assertThat(stats.size()).isZero();
    assertThat(stats.expirations()).isEqualTo(1);
  }

  // README-END testkit

  @Test
  void probes_receiveComponentReplies() {
    TestProbe<CacheProtocol.GetReply> probe = bounded.createProbe(CacheProtocol.GetReply.class);
    bounded.cache().tell(new CacheProtocol.Get("absent", probe.ref()));
    probe.expectMessage(new CacheProtocol.Miss("absent"));
  }

  @Test
  void timePasses_withoutTick_keepsUnexpiredEntries() {
    CacheClient cache = bounded.cacheClient();
    cache.putString("kept", "v").toCompletableFuture().join();
    bounded.timePasses(Duration.ofMinutes(5));
    assertThat(cache.getString("kept").toCompletableFuture().join()).contains("v");
    assertThat(bounded.clock().millis()).isPositive();
  }

  @Test
  void lifecycle_afterAll_closesTheRuntime() {
    BoundedRuntimeExtension ext = BoundedRuntimeExtension.create();
    assertThatThrownBy(ext::runtime).hasMessageContaining("not running");
    ext.beforeAll(null);
    assertThat(ext.runtime().isClosed()).isFalse();
    ext.afterAll(null);
    assertThat(ext.runtime().isClosed()).isTrue();
    assertThat(ext.runtime().system().whenTerminated().isCompleted()).isTrue();
  }

  @Test
  void lifecycle_perTest_closesAfterEach() {
    BoundedRuntimeExtension ext = BoundedRuntimeExtension.create();
    ext.beforeEach(null);
    assertThat(ext.runtime().isClosed()).isFalse();
    ext.afterEach(null);
    assertThat(ext.runtime().isClosed()).isTrue();
  }

  @Test
  void clock_neverMovesBackwards() {
    assertThatThrownBy(() -> new ManualClock().advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
