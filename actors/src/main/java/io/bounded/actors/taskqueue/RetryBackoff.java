package io.bounded.actors.taskqueue;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;

/** The delay before a retry: pure arithmetic, unit-tested without actors. */
final class RetryBackoff {
  private RetryBackoff() {}

  /**
   * The delay before retry {@code retry} (1 = the first retry, after the first failed attempt):
   * {@code base} for fixed backoff, {@code base * 2^(retry-1)} for exponential, at most {@code
   * cap}; then spread by up to {@code jitter} of itself either way.
   *
   * @param random a uniform draw in {@code [0, 1)}; 0.5 means no spread
   * @return milliseconds, never negative
   */
  static long delayMillis(Backoff backoff, int retry, double random) {
    long base = backoff.base().toMillis();
    long cap = backoff.cap().toMillis();
    long delay;
    if (backoff.type() == BackoffType.FIXED) {
      delay = base;
    } else {
      int shift = Math.max(0, retry - 1);
      // past 62 doublings every base overflows; the cap wins long before
      delay = shift >= 62 || base > (cap >> Math.min(shift, 62)) ? cap : base << shift;
    }
    delay = Math.min(delay, cap);
    if (backoff.jitter() > 0) {
      double factor = 1.0 + backoff.jitter() * (2.0 * random - 1.0);
      delay = Math.round(delay * factor);
    }
    return Math.max(0, delay);
  }
}
