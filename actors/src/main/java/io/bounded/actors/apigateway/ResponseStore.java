package io.bounded.actors.apigateway;

import io.bounded.actors.support.LruMap;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.apigateway.ApiGatewayProtocol.Header;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The gateway's response cache: an LRU map bounded by entries and by bytes. An entry's bytes are
 * its body plus its header text plus a fixed overhead, so a flood of tiny responses is bounded too.
 * Expired entries are dropped when read and swept by the actor's cleanup tick. Not thread-safe: it
 * lives inside one actor.
 */
final class ResponseStore {
  /** Bytes counted per entry beside body and headers: key, entry record, map node, links. */
  static final long ENTRY_OVERHEAD_BYTES = 200;

  /** One stored response. */
  record Entry(
      String route,
      int status,
      List<Header> headers,
      String contentType,
      ByteString body,
      long storedAtMillis,
      long expiresAtMillis,
      long bytes) {}

  /** Told of every entry removed by a bound or by expiry. */
  interface Listener {
    void removed(String key, Entry entry, DropCause cause);
  }

  private final long maxBytes;
  private final Listener listener;
  private final LruMap<String, Entry> map;
  private long bytes;

  ResponseStore(int maxEntries, long maxBytes, Listener listener) {
    this.maxBytes = maxBytes;
    this.listener = listener;
    this.map =
        new LruMap<>(
            maxEntries,
            (key, entry) -> {
              bytes -= entry.bytes();
              listener.removed(key, entry, DropCause.SIZE);
            });
  }

  /** The bytes an entry of this body and these headers counts for. */
  static long sizeOf(List<Header> headers, String contentType, ByteString body) {
    long n = ENTRY_OVERHEAD_BYTES + body.size() + 2L * contentType.length();
    for (Header h : headers) {
      n += 2L * (h.name().length() + h.value().length());
    }
    return n;
  }

  /** The fresh entry for {@code key}, or null; an expired one is removed. */
  Entry get(String key, long nowMillis) {
    Entry e = map.get(key);
    if (e != null && nowMillis >= e.expiresAtMillis()) {
      map.remove(key);
      bytes -= e.bytes();
      listener.removed(key, e, DropCause.EXPIRED);
      return null;
    }
    return e;
  }

  /**
   * Stores an entry no larger than the byte bound (the caller checks), evicting least recently used
   * entries until both bounds hold.
   */
  void put(String key, Entry entry) {
    Entry old = map.put(key, entry);
    if (old != null) {
      bytes -= old.bytes();
    }
    bytes += entry.bytes();
    while (bytes > maxBytes) {
      var eldest = map.eldest();
      if (eldest == null || eldest.getKey().equals(key)) {
        break;
      }
      map.remove(eldest.getKey());
      bytes -= eldest.getValue().bytes();
      listener.removed(eldest.getKey(), eldest.getValue(), DropCause.BYTES);
    }
  }

  /** Removes every expired entry; one pass over the map. */
  int sweep(long nowMillis) {
    return map.removeIf(
        (k, e) -> nowMillis >= e.expiresAtMillis(),
        (k, e) -> {
          bytes -= e.bytes();
          listener.removed(k, e, DropCause.EXPIRED);
        });
  }

  /** Removes every entry of a route (it was removed or replaced); not reported as a drop. */
  int removeRoute(String route) {
    return map.removeIf((k, e) -> e.route().equals(route), (k, e) -> bytes -= e.bytes());
  }

  int size() {
    return map.size();
  }

  long bytes() {
    return bytes;
  }

  void clear() {
    map.clear();
    bytes = 0;
  }
}
