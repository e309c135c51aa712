package io.bounded.actors.iptracker;

/**
 * The times of an address's last failures, at most {@code capacity} ({@code max-failures}: more are
 * never needed to decide a ban). A ring of longs; not thread-safe.
 */
final class FailureWindow {
  private final long[] at;
  private int next;
  private int size;

  FailureWindow(int capacity) {
    this.at = new long[capacity];
  }

  /** Records a failure and answers how many fall within {@code windowMillis} of it. */
  int record(long nowMillis, long windowMillis) {
    at[next] = nowMillis;
    next = (next + 1) % at.length;
    size = Math.min(size + 1, at.length);
    return count(nowMillis, windowMillis);
  }

  /** Failures within {@code windowMillis} before {@code nowMillis}. */
  int count(long nowMillis, long windowMillis) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (nowMillis - at[i] < windowMillis) {
        n++;
      }
    }
    return n;
  }

  void clear() {
    size = 0;
    next = 0;
  }
}
