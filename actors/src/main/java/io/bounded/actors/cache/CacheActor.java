package io.bounded.actors.cache;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.config.CacheSettings;
import io.bounded.config.Eviction;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.cache.CacheProtocol.Clear;
import io.bounded.protocols.cache.CacheProtocol.Cleared;
import io.bounded.protocols.cache.CacheProtocol.Command;
import io.bounded.protocols.cache.CacheProtocol.Found;
import io.bounded.protocols.cache.CacheProtocol.Get;
import io.bounded.protocols.cache.CacheProtocol.GetMany;
import io.bounded.protocols.cache.CacheProtocol.GetStats;
import io.bounded.protocols.cache.CacheProtocol.Hit;
import io.bounded.protocols.cache.CacheProtocol.Miss;
import io.bounded.protocols.cache.CacheProtocol.Present;
import io.bounded.protocols.cache.CacheProtocol.Put;
import io.bounded.protocols.cache.CacheProtocol.PutIfAbsent;
import io.bounded.protocols.cache.CacheProtocol.PutMany;
import io.bounded.protocols.cache.CacheProtocol.Rejected;
import io.bounded.protocols.cache.CacheProtocol.Remove;
import io.bounded.protocols.cache.CacheProtocol.Removed;
import io.bounded.protocols.cache.CacheProtocol.Stored;
import io.bounded.protocols.cache.CacheProtocol.StoredAll;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;

/**
 * The cache: a bounded key-value store of {@link ByteString} values, each with a time to live.
 *
 * <p><b>State.</b> One {@link CacheStore}: an access-ordered {@code LruMap} ({@code eviction =
 * lru}) or a Caffeine W-TinyLFU cache with maintenance pinned to this actor's thread ({@code
 * eviction = w-tinylfu}).
 *
 * <p><b>Bounds.</b> At most {@code max-entries} entries and {@code max-bytes} bytes of values after
 * every message. An insert of a new key into a full cache evicts one entry (cause {@code size}); a
 * write that pushes bytes over the bound evicts until it fits, never the entry just written (cause
 * {@code bytes}). A value larger than {@code max-bytes}, an empty or over-long key, or a TTL
 * outside {@code (0, max-ttl]} is rejected with a reason and changes nothing.
 *
 * <p><b>Expiry.</b> Reads treat an expired entry as a miss and remove it; the cleanup tick (every
 * {@code cleanup-interval}) sweeps all expired entries in one pass over at most {@code max-entries}
 * entries. A failing tick is logged and counted; the next tick tries again.
 *
 * <p><b>Time.</b> Expiry uses the injected {@link Clock}; the tick uses the actor system's
 * scheduler, so tests move both ({@code ManualTime} and a movable clock).
 */
public final class CacheActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "cache";

  private enum CleanupTick implements CacheProtocol.Internal {
    INSTANCE
  }

  private final CacheSettings settings;
  private final Clock clock;
  private final long defaultTtlMillis;
  private final CacheStore store;
  private final ComponentCounters counters;
  // The clock reading of the message being handled, so one message reads the clock once.
  private long nowMillis;

  /**
   * @param settings the bounds and policy
   * @param clock the clock expiry is measured with
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      CacheSettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new CacheActor(ctx, timers, settings, clock, mailboxOverflows)));
  }

  /** A cache with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(CacheSettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  private CacheActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CacheSettings settings,
      Clock clock,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.defaultTtlMillis = settings.defaultTtl().toMillis();
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    CacheStore.Listener listener = this::onRemovedByStore;
    this.store =
        settings.eviction() == Eviction.LRU
            ? new LruCacheStore(settings.maxEntries(), listener)
            : new TinyLfuCacheStore(settings.maxEntries(), listener);
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
    context
        .getLog()
        .debug(
            "cache started: max-entries {}, max-bytes {}, eviction {}",
            settings.maxEntries(),
            settings.maxBytes(),
            settings.eviction().configName());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Put.class, this::onPut)
        .onMessage(PutIfAbsent.class, this::onPutIfAbsent)
        .onMessage(GetMany.class, this::onGetMany)
        .onMessage(PutMany.class, this::onPutMany)
        .onMessage(Remove.class, this::onRemove)
        .onMessage(Clear.class, this::onClear)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onGet(Get get) {
    String problem = checkKey(get.key());
    if (problem != null) {
      return reject(get.replyTo(), problem);
    }
    CacheEntry entry = live(get.key());
    if (entry == null) {
      counters.missed();
      get.replyTo().tell(new Miss(get.key()));
    } else {
      counters.hit();
      get.replyTo().tell(new Hit(get.key(), entry.value()));
    }
    return this;
  }

  private Behavior<Command> onPut(Put put) {
    String problem = checkWrite(put.key(), put.value(), put.ttl());
    if (problem != null) {
      return reject(put.replyTo(), problem);
    }
    write(put.key(), put.value(), put.ttl());
    if (put.replyTo() != null) {
      put.replyTo().tell(new Stored(put.key()));
    }
    return this;
  }

  private Behavior<Command> onPutIfAbsent(PutIfAbsent put) {
    String problem = checkWrite(put.key(), put.value(), put.ttl());
    if (problem != null) {
      return reject(put.replyTo(), problem);
    }
    CacheEntry existing = live(put.key());
    if (existing != null) {
      counters.hit();
      put.replyTo().tell(new Present(put.key(), existing.value()));
    } else {
      write(put.key(), put.value(), put.ttl());
      put.replyTo().tell(new Stored(put.key()));
    }
    return this;
  }

  private Behavior<Command> onGetMany(GetMany get) {
    String problem = checkBatchSize(get.keys().size());
    for (int i = 0; problem == null && i < get.keys().size(); i++) {
      problem = checkKey(get.keys().get(i));
    }
    if (problem != null) {
      return reject(get.replyTo(), problem);
    }
    Map<String, ByteString> hits = new HashMap<>();
    List<String> misses = new ArrayList<>();
    for (String key : get.keys()) {
      CacheEntry entry = live(key);
      if (entry == null) {
        counters.missed();
        misses.add(key);
      } else {
        counters.hit();
        hits.put(key, entry.value());
      }
    }
    get.replyTo().tell(new Found(hits, misses));
    return this;
  }

  private Behavior<Command> onPutMany(PutMany put) {
    String problem = checkBatchSize(put.entries().size());
    long total = 0;
    for (var e : put.entries().entrySet()) {
      if (problem != null) {
        break;
      }
      problem = checkWrite(e.getKey(), e.getValue(), put.ttl());
      total += e.getValue().size();
    }
    if (problem == null && total > settings.maxBytes()) {
      problem =
          "the batch holds "
              + total
              + " bytes of values, more than bounded.cache.max-bytes ("
              + settings.maxBytes()
              + ")";
    }
    if (problem != null) {
      return reject(put.replyTo(), problem);
    }
    put.entries().forEach((key, value) -> write(key, value, put.ttl()));
    if (put.replyTo() != null) {
      put.replyTo().tell(new StoredAll(put.entries().size()));
    }
    return this;
  }

  private Behavior<Command> onRemove(Remove remove) {
    String problem = checkKey(remove.key());
    if (problem != null) {
      return reject(remove.replyTo(), problem);
    }
    CacheEntry removed = store.remove(remove.key());
    boolean existed = false;
    if (removed != null) {
      if (removed.expiredAt(clock.millis())) {
        counters.expired(remove.key());
      } else {
        counters.removedExplicitly(1);
        existed = true;
      }
    }
    if (remove.replyTo() != null) {
      remove.replyTo().tell(new Removed(remove.key(), existed));
    }
    return this;
  }

  private Behavior<Command> onClear(Clear clear) {
    int removed = store.clear();
    counters.removedExplicitly(removed);
    if (clear.replyTo() != null) {
      clear.replyTo().tell(new Cleared(removed));
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo()
        .tell(
            counters.snapshot(
                store.size(),
                settings.maxEntries(),
                Map.of(
                    "bytes", store.bytes(),
                    "max-bytes", settings.maxBytes(),
                    "mailbox-capacity", (long) settings.mailboxCapacity())));
    return this;
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          nowMillis = clock.millis();
          long now = nowMillis;
          int swept = store.removeExpired(expiresAt -> now >= expiresAt);
          getContext().getLog().debug("cache cleanup swept {} expired entries", swept);
        });
    return this;
  }

  private Behavior<Command> onPostStop() {
    // Nothing outside the heap to release; drop references so a retained behaviour holds no data.
    store.clear();
    return this;
  }

  // ---- helpers

  /** The live entry for a key, removing it (and counting an expiration) when it has expired. */
  private CacheEntry live(String key) {
    CacheEntry entry = store.get(key);
    if (entry != null) {
      nowMillis = clock.millis();
      if (entry.expiredAt(nowMillis)) {
        store.remove(key);
        counters.expired(key, nowMillis);
        return null;
      }
    }
    return entry;
  }

  private void write(String key, ByteString value, Duration ttl) {
    long ttlMillis = ttl == null ? defaultTtlMillis : ttl.toMillis();
    nowMillis = clock.millis();
    store.put(key, new CacheEntry(value, nowMillis + ttlMillis));
    counters.inserted();
    if (store.bytes() > settings.maxBytes()) {
      store.shedBytes(settings.maxBytes(), key);
    }
  }

  private void onRemovedByStore(String key, CacheEntry entry, DropCause cause) {
    // The store removes entries only while this actor handles a write or a sweep, which set
    // nowMillis.
    if (cause == DropCause.EXPIRED) {
      counters.expired(key, nowMillis);
    } else {
      counters.evicted(cause, key, nowMillis);
    }
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    if (replyTo != null) {
      replyTo.tell(new Rejected(reason));
    }
    return this;
  }

  private String checkKey(String key) {
    return CacheRequests.keyProblem(settings, key);
  }

  private String checkWrite(String key, ByteString value, Duration ttl) {
    return CacheRequests.writeProblem(settings, key, value.size(), ttl);
  }

  private String checkBatchSize(int size) {
    return CacheRequests.batchProblem(settings, size);
  }
}
