package io.bounded.actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.CacheSettings;
import io.bounded.config.Eviction;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.cache.CacheProtocol.*;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "CacheActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

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

  private static CacheSettings settings(int maxEntries, long maxBytes, Eviction eviction) {
    return CacheSettings.fromConfig(ConfigFactory.defaultReference())
        .withMaxEntries(maxEntries)
        .withMaxBytes(maxBytes)
        .withEviction(eviction);
  }

  private ActorRef<Command> cache(int maxEntries) {
    return cache(settings(maxEntries, 1 << 20, Eviction.LRU));
  }

  private ActorRef<Command> cache(CacheSettings settings) {
    return testKit.spawn(CacheActor.create(settings, clock));
  }

  private static ByteString bytes(String s) {
    return ByteString.fromString(s);
  }

  private void put(ActorRef<Command> cache, String key, String value) {
    cache.tell(new Put(key, bytes(value), null, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Stored(key));
  }

  private Reply get(ActorRef<Command> cache, String key) {
    cache.tell(new Get(key, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private ComponentStats stats(ActorRef<Command> cache) {
    cache.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  @Test
  void put_capacityOne_evictsPreviousEntry() {
    ActorRef<Command> cache = cache(1);
    put(cache, "a", "1");
    put(cache, "b", "2");
    assertThat(get(cache, "a")).isEqualTo(new Miss("a"));
    assertThat(get(cache, "b")).isEqualTo(new Hit("b", bytes("2")));
    ComponentStats s = stats(cache);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.evictions()).isEqualTo(1);
    assertThat(s.byCause(DropCause.SIZE)).isEqualTo(1);
  }

  @Test
  void put_exactlyFull_keepsEveryEntry() {
    ActorRef<Command> cache = cache(3);
    put(cache, "a", "1");
    put(cache, "b", "2");
    put(cache, "c", "3");
    for (String k : List.of("a", "b", "c")) {
      assertThat(get(cache, k)).isInstanceOf(Hit.class);
    }
    ComponentStats s = stats(cache);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.capacity()).isEqualTo(3);
    assertThat(s.evictions()).isZero();
  }

  @Test
  void put_fullPlusOne_evictsLeastRecentlyUsed() {
    ActorRef<Command> cache = cache(3);
    put(cache, "a", "1");
    put(cache, "b", "2");
    put(cache, "c", "3");
    get(cache, "a"); // b is now the least recently used
    put(cache, "d", "4");
    assertThat(get(cache, "b")).isEqualTo(new Miss("b"));
    assertThat(get(cache, "a")).isInstanceOf(Hit.class);
    assertThat(get(cache, "c")).isInstanceOf(Hit.class);
    assertThat(get(cache, "d")).isInstanceOf(Hit.class);
    ComponentStats s = stats(cache);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.recent()).extracting(e -> e.subject()).containsExactly("b");
  }

  @Test
  void put_lruOrder_isExactOverManyEvictions() {
    ActorRef<Command> cache = cache(4);
    for (String k : List.of("a", "b", "c", "d")) {
      put(cache, k, k);
    }
    get(cache, "b");
    get(cache, "a");
    // order now, eldest first: c d b a
    put(cache, "e", "e"); // evicts c
    put(cache, "f", "f"); // evicts d
    put(cache, "g", "g"); // evicts b
    ComponentStats s = stats(cache);
    assertThat(s.recent()).extracting(e -> e.subject()).containsExactly("c", "d", "b");
    assertThat(get(cache, "a")).isInstanceOf(Hit.class);
  }

  @Test
  void put_overByteBound_evictsLeastRecentlyUsedUntilItFits() {
    ActorRef<Command> cache = cache(settings(100, 10, Eviction.LRU));
    put(cache, "a", "1234");
    put(cache, "b", "1234");
    put(cache, "c", "1234"); // 12 bytes > 10: a must go
    assertThat(get(cache, "a")).isEqualTo(new Miss("a"));
    ComponentStats s = stats(cache);
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.gauge("bytes")).isEqualTo(8);
    assertThat(s.byCause(DropCause.BYTES)).isEqualTo(1);
    put(cache, "big", "1234567890"); // exactly the bound: everything else goes, it stays
    assertThat(get(cache, "big")).isInstanceOf(Hit.class);
    assertThat(stats(cache).gauge("bytes")).isEqualTo(10);
  }

  @Test
  void put_valueLargerThanByteBound_isRejectedAndChangesNothing() {
    ActorRef<Command> cache = cache(settings(100, 10, Eviction.LRU));
    put(cache, "a", "1234");
    cache.tell(new Put("x", bytes("12345678901"), null, replies.ref().narrow()));
    Reply reply = replies.receiveMessage();
    assertThat(reply).isInstanceOf(Rejected.class);
    assertThat(((Rejected) reply).reason())
        .isEqualTo("value is 11 bytes, more than bounded.cache.max-bytes (10)");
    assertThat(get(cache, "a")).isInstanceOf(Hit.class);
    ComponentStats s = stats(cache);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.rejections()).isEqualTo(1);
  }

  @Test
  void put_badKeyOrTtl_isRejectedWithReason() {
    ActorRef<Command> cache = cache(settings(10, 100, Eviction.LRU));
    ActorRef<PutReply> to = replies.ref().narrow();
    cache.tell(new Put("", bytes("v"), null, to));
    assertThat(replies.receiveMessage()).isEqualTo(new Rejected("key must not be empty"));
    cache.tell(new Put("k".repeat(513), bytes("v"), null, to));
    assertThat(replies.receiveMessage())
        .isEqualTo(
            new Rejected("key is 513 characters, longer than bounded.cache.max-key-length (512)"));
    cache.tell(new Put("k", bytes("v"), Duration.ZERO, to));
    assertThat(replies.receiveMessage())
        .isEqualTo(new Rejected("ttl must be at least 1ms, but was PT0S"));
    cache.tell(new Put("k", bytes("v"), Duration.ofDays(31), to));
    assertThat(replies.receiveMessage())
        .isEqualTo(new Rejected("ttl must be <= bounded.cache.max-ttl (PT720H), but was PT744H"));
    assertThat(stats(cache).size()).isZero();
  }

  @Test
  void get_afterTtl_missesAndCountsExpiration() {
    ActorRef<Command> cache = cache(10);
    cache.tell(new Put("k", bytes("v"), Duration.ofSeconds(30), replies.ref().narrow()));
    replies.receiveMessage();
    clock.advance(Duration.ofSeconds(29));
    assertThat(get(cache, "k")).isInstanceOf(Hit.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(get(cache, "k")).isEqualTo(new Miss("k"));
    ComponentStats s = stats(cache);
    assertThat(s.expirations()).isEqualTo(1);
    assertThat(s.size()).isZero();
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
  }

  @Test
  void cleanupTick_sweepsExpiredEntriesWithoutReads() {
    CacheSettings settings = settings(10, 100, Eviction.LRU); // cleanup every 20m, default ttl 1h
    ActorRef<Command> cache = cache(settings);
    cache.tell(new Put("short", bytes("v"), Duration.ofMinutes(10), replies.ref().narrow()));
    cache.tell(new Put("long", bytes("v"), null, replies.ref().narrow()));
    replies.receiveSeveralMessages(2);
    clock.advance(Duration.ofMinutes(20));
    manualTime.timePasses(settings.cleanupInterval());
    ComponentStats s = stats(cache);
    assertThat(s.cleanupRuns()).isEqualTo(1);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.expirations()).isEqualTo(1);
    assertThat(s.byCause(DropCause.EXPIRED)).isEqualTo(1);
    assertThat(s.gauge("bytes")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(40));
    manualTime.timePasses(settings.cleanupInterval());
    s = stats(cache);
    assertThat(s.cleanupRuns()).isEqualTo(2);
    assertThat(s.size()).isZero();
  }

  @Test
  void cleanupTick_failure_isCountedAndCacheKeepsRunning() {
    CacheSettings settings = settings(10, 100, Eviction.LRU);
    ActorRef<Command> cache = cache(settings);
    put(cache, "a", "1");
    clock.failing(true);
    manualTime.timePasses(settings.cleanupInterval());
    // GetStats reads no clock and queues behind the tick, so its reply means the tick has run
    ComponentStats s = stats(cache);
    clock.failing(false);
    assertThat(s.cleanupFailures()).isEqualTo(1);
    assertThat(s.cleanupRuns()).isZero();
    assertThat(get(cache, "a")).isInstanceOf(Hit.class);
    manualTime.timePasses(settings.cleanupInterval());
    assertThat(stats(cache).cleanupRuns()).isEqualTo(1);
  }

  @Test
  void putIfAbsent_presentLiveEntry_keepsIt() {
    ActorRef<Command> cache = cache(10);
    ActorRef<PutIfAbsentReply> to = replies.ref().narrow();
    cache.tell(new PutIfAbsent("k", bytes("first"), null, to));
    assertThat(replies.receiveMessage()).isEqualTo(new Stored("k"));
    cache.tell(new PutIfAbsent("k", bytes("second"), null, to));
    assertThat(replies.receiveMessage()).isEqualTo(new Present("k", bytes("first")));
    clock.advance(Duration.ofHours(1));
    cache.tell(new PutIfAbsent("k", bytes("third"), null, to));
    assertThat(replies.receiveMessage()).isEqualTo(new Stored("k"));
    assertThat(get(cache, "k")).isEqualTo(new Hit("k", bytes("third")));
  }

  @Test
  void remove_and_clear_countExplicitRemovals() {
    ActorRef<Command> cache = cache(10);
    put(cache, "a", "1");
    put(cache, "b", "2");
    put(cache, "c", "3");
    cache.tell(new Remove("a", replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Removed("a", true));
    cache.tell(new Remove("a", replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Removed("a", false));
    cache.tell(new Clear(replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Cleared(2));
    ComponentStats s = stats(cache);
    assertThat(s.size()).isZero();
    assertThat(s.gauge("bytes")).isZero();
    assertThat(s.byCause(DropCause.EXPLICIT)).isEqualTo(3);
    assertThat(s.evictions()).isZero();
  }

  @Test
  void getMany_and_putMany_roundTrip() {
    ActorRef<Command> cache = cache(10);
    cache.tell(new PutMany(Map.of("a", bytes("1"), "b", bytes("2")), null, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new StoredAll(2));
    cache.tell(new GetMany(List.of("a", "x", "b"), replies.ref().narrow()));
    assertThat(replies.receiveMessage())
        .isEqualTo(new Found(Map.of("a", bytes("1"), "b", bytes("2")), List.of("x")));
  }

  @Test
  void putMany_oneBadEntry_rejectsWholeBatch() {
    ActorRef<Command> cache = cache(10);
    cache.tell(
        new PutMany(Map.of("good", bytes("1"), "", bytes("2")), null, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Rejected("key must not be empty"));
    assertThat(get(cache, "good")).isEqualTo(new Miss("good"));
    ActorRef<Command> small = cache(2);
    small.tell(
        new PutMany(
            Map.of("a", bytes("1"), "b", bytes("2"), "c", bytes("3")),
            null,
            replies.ref().narrow()));
    assertThat(replies.receiveMessage())
        .isEqualTo(
            new Rejected("a batch of 3 entries is larger than bounded.cache.max-entries (2)"));
  }

  @Test
  void stats_countInsertsHitsAndMisses() {
    ActorRef<Command> cache = cache(10);
    put(cache, "a", "1");
    put(cache, "a", "2");
    get(cache, "a");
    get(cache, "nope");
    ComponentStats s = stats(cache);
    assertThat(s.name()).isEqualTo("cache");
    assertThat(s.inserts()).isEqualTo(2);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.gauge("max-bytes")).isEqualTo(1 << 20);
  }

  @Test
  void wTinyLfu_boundsHoldAndFrequentKeySurvivesScan() {
    ActorRef<Command> cache = cache(settings(100, 1_000, Eviction.W_TINYLFU));
    // Caffeine starts counting frequencies once the cache is half full, so fill it first.
    for (int i = 0; i < 99; i++) {
      cache.tell(Put.of("warm-" + i, bytes("w")));
    }
    put(cache, "hot", "h");
    for (int i = 0; i < 20; i++) {
      assertThat(get(cache, "hot")).isInstanceOf(Hit.class);
    }
    for (int i = 0; i < 1_000; i++) {
      cache.tell(Put.of("scan-" + i, bytes("xxxxxx")));
      if (i % 100 == 0) {
        ComponentStats s = stats(cache);
        assertThat(s.size()).isLessThanOrEqualTo(100);
        assertThat(s.gauge("bytes")).isLessThanOrEqualTo(1_000);
      }
    }
    ComponentStats s = stats(cache);
    assertThat(s.size()).isLessThanOrEqualTo(100);
    assertThat(s.evictions()).isGreaterThanOrEqualTo(900);
    // a one-hit scan does not flush a frequently used key under W-TinyLFU (it would under LRU)
    assertThat(get(cache, "hot")).isInstanceOf(Hit.class);
  }

  @Test
  void lru_scanFlushesFrequentKey() {
    ActorRef<Command> cache = cache(settings(100, 1_000, Eviction.LRU));
    put(cache, "hot", "h");
    for (int i = 0; i < 20; i++) {
      get(cache, "hot");
    }
    for (int i = 0; i < 1_000; i++) {
      cache.tell(Put.of("scan-" + i, bytes("xxxxxx")));
    }
    assertThat(get(cache, "hot")).isEqualTo(new Miss("hot"));
  }

  @Test
  void wTinyLfu_byteBound_shedsColdEntriesButKeepsTheNewOne() {
    ActorRef<Command> cache = cache(settings(100, 10, Eviction.W_TINYLFU));
    put(cache, "a", "1234");
    put(cache, "b", "1234");
    put(cache, "c", "1234");
    ComponentStats s = stats(cache);
    assertThat(s.gauge("bytes")).isLessThanOrEqualTo(10);
    assertThat(s.byCause(DropCause.BYTES)).isEqualTo(1);
    assertThat(get(cache, "c")).isInstanceOf(Hit.class);
  }
}
