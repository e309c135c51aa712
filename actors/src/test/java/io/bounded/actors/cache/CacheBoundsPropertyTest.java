package io.bounded.actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.CacheSettings;
import io.bounded.config.Eviction;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.cache.CacheProtocol.Command;
import io.bounded.protocols.cache.CacheProtocol.Get;
import io.bounded.protocols.cache.CacheProtocol.GetReply;
import io.bounded.protocols.cache.CacheProtocol.GetStats;
import io.bounded.protocols.cache.CacheProtocol.Hit;
import io.bounded.protocols.cache.CacheProtocol.Put;
import io.bounded.protocols.cache.CacheProtocol.PutReply;
import io.bounded.protocols.cache.CacheProtocol.Remove;
import io.bounded.protocols.cache.CacheProtocol.RemoveReply;
import io.bounded.protocols.cache.CacheProtocol.Stored;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.util.ByteString;

/**
 * Random put/get/remove sequences (with time moving) against the cache actor, run synchronously
 * with {@link BehaviorTestKit}: after every step, size <= max-entries and bytes <= max-bytes, for
 * both policies.
 */
class CacheBoundsPropertyTest {

  /** One step: 0 put, 1 get, 2 remove, 3 let time pass. */
  record Op(int kind, int key, int valueSize, int ttlSeconds) {}

  @Property(tries = 150)
  void anySequence_lru_staysWithinBothBounds(
      @ForAll @IntRange(min = 1, max = 12) int maxEntries,
      @ForAll @IntRange(min = 1, max = 64) int maxBytes,
      @ForAll("ops") List<Op> ops) {
    run(Eviction.LRU, maxEntries, maxBytes, ops);
  }

  @Property(tries = 150)
  void anySequence_wTinyLfu_staysWithinBothBounds(
      @ForAll @IntRange(min = 1, max = 12) int maxEntries,
      @ForAll @IntRange(min = 1, max = 64) int maxBytes,
      @ForAll("ops") List<Op> ops) {
    run(Eviction.W_TINYLFU, maxEntries, maxBytes, ops);
  }

  private void run(Eviction eviction, int maxEntries, int maxBytes, List<Op> ops) {
    CacheSettings settings =
        CacheSettings.fromConfig(ConfigFactory.defaultReference())
            .withMaxEntries(maxEntries)
            .withMaxBytes(maxBytes)
            .withEviction(eviction);
    TestClock clock = new TestClock();
    BehaviorTestKit<Command> kit = BehaviorTestKit.create(CacheActor.create(settings, clock));
    TestInbox<PutReply> puts = TestInbox.create();
    TestInbox<GetReply> gets = TestInbox.create();
    TestInbox<RemoveReply> removes = TestInbox.create();
    TestInbox<ComponentStats> stats = TestInbox.create();
    for (Op op : ops) {
      String key = "k" + op.key();
      switch (op.kind()) {
        case 0 -> {
          ByteString value = ByteString.fromArray(new byte[op.valueSize()]);
          kit.run(new Put(key, value, Duration.ofSeconds(op.ttlSeconds()), puts.getRef()));
          PutReply reply = puts.receiveMessage();
          // a value that fits is always stored; one larger than the byte bound is always refused
          assertThat(reply instanceof Stored).isEqualTo(op.valueSize() <= maxBytes);
        }
        case 1 -> {
          kit.run(new Get(key, gets.getRef()));
          GetReply reply = gets.receiveMessage();
          if (reply instanceof Hit hit) {
            assertThat(hit.key()).isEqualTo(key);
          }
        }
        case 2 -> {
          kit.run(new Remove(key, removes.getRef()));
          removes.receiveMessage();
        }
        default -> clock.advance(Duration.ofSeconds(op.ttlSeconds()));
      }
      kit.run(new GetStats(stats.getRef()));
      ComponentStats s = stats.receiveMessage();
      assertThat(s.size()).isLessThanOrEqualTo(maxEntries);
      assertThat(s.gauge("bytes")).isBetween(0L, (long) maxBytes);
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 80),
                Arbitraries.integers().between(1, 120))
            .as(Op::new);
    return op.list().ofMaxSize(120);
  }
}
