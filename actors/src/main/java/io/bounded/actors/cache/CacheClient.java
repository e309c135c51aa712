package io.bounded.actors.cache;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.support.RejectedException;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.cache.CacheProtocol.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.util.ByteString;

/**
 * A thin {@code CompletionStage} face over the cache actor, for code that is not an actor. Every
 * call is one ask with {@code bounded.runtime.ask-timeout}; a {@code Rejected} reply completes the
 * stage exceptionally with {@link RejectedException}, a timeout with {@link
 * java.util.concurrent.TimeoutException}. The stages' {@code *Async} callbacks default to the
 * runtime's dispatcher, never the JDK common pool.
 */
public final class CacheClient {
  private final ActorRef<Command> cache;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;

  public CacheClient(
      ActorRef<Command> cache, Duration timeout, Scheduler scheduler, Executor executor) {
    this.cache = cache;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /** The value, or empty when the key holds no live entry. */
  public CompletionStage<Optional<ByteString>> get(String key) {
    return ask(
        (ActorRef<CacheProtocol.GetReply> r) -> new CacheProtocol.Get(key, r),
        reply -> {
          if (reply instanceof CacheProtocol.Hit hit) {
            return Optional.of(hit.value());
          }
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return Optional.empty();
        });
  }

  /** The value decoded as UTF-8, or empty. */
  public CompletionStage<Optional<String>> getString(String key) {
    return get(key).thenApply(v -> v.map(ByteString::utf8String));
  }

  /** Stores a value with the default TTL. */
  public CompletionStage<Void> put(String key, ByteString value) {
    return put(key, value, null);
  }

  /**
   * Stores a value.
   *
   * @param ttl time to live, or {@code null} for {@code bounded.cache.default-ttl}
   */
  public CompletionStage<Void> put(String key, ByteString value, Duration ttl) {
    return ask(
        (ActorRef<CacheProtocol.PutReply> r) -> new CacheProtocol.Put(key, value, ttl, r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return null;
        });
  }

  /** Stores a UTF-8 string with the default TTL. */
  public CompletionStage<Void> putString(String key, String value) {
    return put(key, ByteString.fromString(value, StandardCharsets.UTF_8));
  }

  /**
   * Stores the value only if the key holds no live entry.
   *
   * @param ttl time to live, or {@code null} for the default
   * @return true when stored, false when a live entry was already there
   */
  public CompletionStage<Boolean> putIfAbsent(String key, ByteString value, Duration ttl) {
    return ask(
        (ActorRef<CacheProtocol.PutIfAbsentReply> r) ->
            new CacheProtocol.PutIfAbsent(key, value, ttl, r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return reply instanceof CacheProtocol.Stored;
        });
  }

  /** Removes a key; true when a live entry was removed. */
  public CompletionStage<Boolean> remove(String key) {
    return ask(
        (ActorRef<CacheProtocol.RemoveReply> r) -> new CacheProtocol.Remove(key, r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((CacheProtocol.Removed) reply).existed();
        });
  }

  /** Removes everything; answers how many entries there were. */
  public CompletionStage<Integer> clear() {
    return ask(
        (ActorRef<CacheProtocol.ClearReply> r) -> new CacheProtocol.Clear(r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((CacheProtocol.Cleared) reply).count();
        });
  }

  /** The live entries among {@code keys}; absent keys are simply not in the map. */
  public CompletionStage<Map<String, ByteString>> getMany(Collection<String> keys) {
    List<String> copy = List.copyOf(keys);
    return ask(
        (ActorRef<CacheProtocol.GetManyReply> r) -> new CacheProtocol.GetMany(copy, r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((CacheProtocol.Found) reply).hits();
        });
  }

  /**
   * Stores every entry, all or nothing.
   *
   * @param ttl time to live, or {@code null} for the default
   */
  public CompletionStage<Void> putMany(Map<String, ByteString> entries, Duration ttl) {
    Map<String, ByteString> copy = Map.copyOf(entries);
    return ask(
        (ActorRef<CacheProtocol.PutManyReply> r) -> new CacheProtocol.PutMany(copy, ttl, r),
        reply -> {
          if (reply instanceof CacheProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return null;
        });
  }

  /** The cache's stats. */
  public CompletionStage<ComponentStats> stats() {
    return EdgeFutures.ask(cache, CacheProtocol.GetStats::new, timeout, scheduler, executor);
  }

  private <R, T> CompletionStage<T> ask(
      Function<ActorRef<R>, Command> request, Function<R, T> interpret) {
    return EdgeFutures.ask(cache, request, timeout, scheduler, executor).thenApply(interpret);
  }

  private static RejectedException rejection(CacheProtocol.Rejected rejected) {
    return new RejectedException(CacheActor.NAME, rejected.reason());
  }
}
