package io.bounded.actors.iptracker;

/**
 * A token bucket that refills continuously at {@code perSecond} up to {@code burst} tokens, as in
 * nginx's {@code limit_req} with {@code burst} and {@code nodelay}. Rate and size are passed on
 * every call (they are the same for every address) so that a bucket costs one double and one long.
 * A bucket that reads full can be dropped and rebuilt full later at no loss: {@link #isFull}. Not
 * thread-safe: it lives inside one actor.
 */
final class TokenBucket {
  private double tokens;
  private long lastMillis;

  private TokenBucket(double tokens, long nowMillis) {
    this.tokens = tokens;
    this.lastMillis = nowMillis;
  }

  /** A full bucket, as every address starts with. */
  static TokenBucket full(int burst, long nowMillis) {
    return new TokenBucket(burst, nowMillis);
  }

  /**
   * Takes one token if there is one.
   *
   * @return true when taken (the request may pass)
   */
  boolean tryTake(double perSecond, int burst, long nowMillis) {
    refill(perSecond, burst, nowMillis);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Tokens now, after refilling. */
  double tokens(double perSecond, int burst, long nowMillis) {
    refill(perSecond, burst, nowMillis);
    return tokens;
  }

  /** True when the bucket has refilled completely: dropping it loses nothing. */
  boolean isFull(double perSecond, int burst, long nowMillis) {
    return tokens(perSecond, burst, nowMillis) >= burst;
  }

  /** Milliseconds until one whole token is there (0 when there is one now), rounded up. */
  long millisUntilToken(double perSecond, int burst, long nowMillis) {
    double missing = 1 - tokens(perSecond, burst, nowMillis);
    return missing <= 0 ? 0 : (long) Math.ceil(missing * 1000 / perSecond);
  }

  private void refill(double perSecond, int burst, long nowMillis) {
    long elapsed = nowMillis - lastMillis;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perSecond / 1000.0);
      lastMillis = nowMillis;
    }
  }
}
