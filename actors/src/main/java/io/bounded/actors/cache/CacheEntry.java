package io.bounded.actors.cache;

import org.apache.pekko.util.ByteString;

/** One cached value and the instant (epoch millis, the actor's clock) at which it expires. */
record CacheEntry(ByteString value, long expiresAtMillis) {
  int bytes() {
    return value.size();
  }

  boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }
}
