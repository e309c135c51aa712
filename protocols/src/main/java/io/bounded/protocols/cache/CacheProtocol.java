package io.bounded.protocols.cache;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * Messages of the cache: a bounded key-value store of {@link ByteString} values with a time to live
 * per entry ({@code bounded.cache.*}).
 *
 * <p>Contract: after every message the cache holds at most {@code bounded.cache.max-entries}
 * entries and at most {@code bounded.cache.max-bytes} bytes of values. An insert past a bound
 * evicts per {@code bounded.cache.eviction} (LRU by default). Bad input (empty or over-long key,
 * TTL not in {@code (0, max-ttl]}, a value larger than {@code max-bytes}) is answered {@link
 * Rejected} with a reason and changes nothing. A request that finds the cache's inbox full is
 * answered {@link Rejected} by the runtime.
 */
public interface CacheProtocol {

  /** Every message the cache actor accepts. */
  sealed interface Command {}

  /** The actor's own messages (timer ticks); implemented only by the cache actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the cache sends. */
  sealed interface Reply {}

  /** Answer to {@link Get}: {@link Hit}, {@link Miss} or {@link Rejected}. */
  sealed interface GetReply extends Reply {}

  /** Answer to {@link Put}: {@link Stored} or {@link Rejected}. */
  sealed interface PutReply extends Reply {}

  /** Answer to {@link PutIfAbsent}: {@link Stored}, {@link Present} or {@link Rejected}. */
  sealed interface PutIfAbsentReply extends Reply {}

  /** Answer to {@link GetMany}: {@link Found} or {@link Rejected}. */
  sealed interface GetManyReply extends Reply {}

  /** Answer to {@link PutMany}: {@link StoredAll} or {@link Rejected}. */
  sealed interface PutManyReply extends Reply {}

  /** Answer to {@link Remove}: {@link Removed} or {@link Rejected}. */
  sealed interface RemoveReply extends Reply {}

  /** Answer to {@link Clear}: {@link Cleared} or {@link Rejected}. */
  sealed interface ClearReply extends Reply {}

  // ---- requests

  /**
   * Reads one entry and marks it used. Replies {@link Hit} or {@link Miss} (an expired entry is a
   * miss).
   */
  record Get(String key, ActorRef<GetReply> replyTo) implements Command, Rejectable {
    public Get {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Stores an entry, replacing any previous value. Replies {@link Stored}.
   *
   * @param ttl time to live, or {@code null} for {@code bounded.cache.default-ttl}
   * @param replyTo where to answer, or {@code null} to send without waiting (fire and forget: a
   *     rejection is then only counted)
   */
  record Put(String key, ByteString value, Duration ttl, ActorRef<PutReply> replyTo)
      implements Command, Rejectable {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    /** A fire-and-forget put with the default TTL. */
    public static Put of(String key, ByteString value) {
      return new Put(key, value, null, null);
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Stores an entry only when the key holds no live entry. Replies {@link Stored}, or {@link
   * Present} with the value already held.
   *
   * @param ttl time to live, or {@code null} for the default
   */
  record PutIfAbsent(String key, ByteString value, Duration ttl, ActorRef<PutIfAbsentReply> replyTo)
      implements Command, Rejectable {
    public PutIfAbsent {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Reads several entries at once. Replies {@link Found}. At most {@code max-entries} keys. */
  record GetMany(List<String> keys, ActorRef<GetManyReply> replyTo) implements Command, Rejectable {
    public GetMany {
      keys = List.copyOf(keys);
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Stores several entries with one TTL, all or nothing: if any entry is invalid the whole batch is
   * rejected and nothing changes. At most {@code max-entries} entries (a larger batch would evict
   * itself). Replies {@link StoredAll}.
   *
   * @param ttl time to live, or {@code null} for the default
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record PutMany(Map<String, ByteString> entries, Duration ttl, ActorRef<PutManyReply> replyTo)
      implements Command, Rejectable {
    public PutMany {
      entries = Map.copyOf(entries);
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Removes an entry. Replies {@link Removed}.
   *
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record Remove(String key, ActorRef<RemoveReply> replyTo) implements Command, Rejectable {
    public Remove {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Removes every entry. Replies {@link Cleared}.
   *
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record Clear(ActorRef<ClearReply> replyTo) implements Command, Rejectable {
    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Asks for the cache's {@link ComponentStats} (name {@code cache}; gauges {@code bytes}, {@code
   * max-bytes}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /** The key holds a live entry. */
  record Hit(String key, ByteString value) implements GetReply {}

  /** The key holds no live entry. */
  record Miss(String key) implements GetReply {}

  /** The entry is stored. */
  record Stored(String key) implements PutReply, PutIfAbsentReply {}

  /** {@link PutIfAbsent} found a live entry; nothing changed. */
  record Present(String key, ByteString value) implements PutIfAbsentReply {}

  /** Every entry of a {@link PutMany} is stored. */
  record StoredAll(int count) implements PutManyReply {}

  /**
   * Answer to {@link Remove}.
   *
   * @param existed whether a live entry was removed
   */
  record Removed(String key, boolean existed) implements RemoveReply {}

  /**
   * Answer to {@link Clear}.
   *
   * @param count entries removed
   */
  record Cleared(int count) implements ClearReply {}

  /**
   * Answer to {@link GetMany}.
   *
   * @param hits the keys that hold live entries, with their values
   * @param misses the keys that hold none, in request order
   */
  record Found(Map<String, ByteString> hits, List<String> misses) implements GetManyReply {
    public Found {
      hits = Map.copyOf(hits);
      misses = List.copyOf(misses);
    }
  }

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements GetReply,
          PutReply,
          PutIfAbsentReply,
          GetManyReply,
          PutManyReply,
          RemoveReply,
          ClearReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
