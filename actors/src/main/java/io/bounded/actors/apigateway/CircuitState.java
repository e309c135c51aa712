package io.bounded.actors.apigateway;

import io.bounded.config.ApiGatewaySettings;

/**
 * One circuit breaker with Resilience4j's semantics, as a plain state machine driven by the clock
 * readings its caller passes in.
 *
 * <ul>
 *   <li><b>Closed</b>: every call is permitted; outcomes go into a count-based sliding window of
 *       the last {@code sliding-window-size} calls. Once the window holds at least {@code
 *       minimum-calls} calls, a failure rate or slow-call rate at or above its threshold opens the
 *       breaker.
 *   <li><b>Open</b>: no call is permitted until {@code wait-in-open} has passed; then the next
 *       request half-opens it.
 *   <li><b>Half-open</b>: exactly {@code permitted-calls-in-half-open} trial calls are permitted.
 *       When all of them have reported, their failure and slow-call rates decide: at or above a
 *       threshold, open again; below both, closed with an empty window.
 * </ul>
 *
 * <p>Outcomes that arrive while open (calls permitted before it opened) are ignored, as in
 * Resilience4j. The window is a ring of one byte per call, grown on demand up to the window size,
 * so a breaker that sees few calls costs little. Not thread-safe: it lives inside one actor.
 */
final class CircuitState {
  enum State {
    CLOSED("closed"),
    OPEN("open"),
    HALF_OPEN("half-open");

    private final String key;

    State(String key) {
      this.key = key;
    }

    String key() {
      return key;
    }
  }

  private static final byte FAILED = 1;
  private static final byte SLOW = 2;
  private static final int INITIAL_RING = 16;

  private final ApiGatewaySettings.CircuitBreaker config;
  private final long slowNanos;
  private final long waitMillis;

  private State state = State.CLOSED;
  private byte[] ring = new byte[0];
  private int next;
  private int buffered;
  private int failures;
  private int slow;
  private long openedAtMillis;
  private int trialsPermitted;
  private int trialsDone;
  private int trialFailures;
  private int trialSlow;
  private long lastUsedMillis;
  private long lastFailureMillis = Long.MIN_VALUE;

  CircuitState(ApiGatewaySettings.CircuitBreaker config, long nowMillis) {
    this.config = config;
    this.slowNanos = config.slowCallDuration().toNanos();
    this.waitMillis = config.waitInOpen().toMillis();
    this.lastUsedMillis = nowMillis;
  }

  /**
   * Asks for permission to make one call. An open breaker whose wait has passed half-opens here.
   *
   * @return true when the call may go ahead; its outcome must then be {@link #record recorded}
   */
  boolean tryAcquire(long nowMillis) {
    lastUsedMillis = nowMillis;
    if (state == State.OPEN && nowMillis - openedAtMillis >= waitMillis) {
      toHalfOpen();
    }
    switch (state) {
      case CLOSED:
        return true;
      case HALF_OPEN:
        if (trialsPermitted < config.permittedCallsInHalfOpen()) {
          trialsPermitted++;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /**
   * Records the outcome of a permitted call.
   *
   * @param failed the call failed (5xx, connection failure, timeout)
   * @param elapsedNanos how long it took; at or above {@code slow-call-duration} it is slow
   */
  void record(long nowMillis, boolean failed, long elapsedNanos) {
    lastUsedMillis = nowMillis;
    if (failed) {
      lastFailureMillis = nowMillis;
    }
    boolean isSlow = elapsedNanos >= slowNanos;
    if (state == State.CLOSED) {
      recordClosed(nowMillis, failed, isSlow);
    } else if (state == State.HALF_OPEN) {
      trialsDone++;
      trialFailures += failed ? 1 : 0;
      trialSlow += isSlow ? 1 : 0;
      if (trialsDone >= config.permittedCallsInHalfOpen()) {
        if (overThreshold(trialFailures, trialSlow, trialsDone)) {
          toOpen(nowMillis);
        } else {
          toClosed();
        }
      }
    }
  }

  private void recordClosed(long nowMillis, boolean failed, boolean isSlow) {
    int size = config.slidingWindowSize();
    if (buffered == size) {
      byte old = ring[next];
      failures -= (old & FAILED) != 0 ? 1 : 0;
      slow -= (old & SLOW) != 0 ? 1 : 0;
      buffered--;
    } else if (next == ring.length) {
      grow(size);
    }
    ring[next] = (byte) ((failed ? FAILED : 0) | (isSlow ? SLOW : 0));
    next = next + 1 == size ? 0 : next + 1;
    buffered++;
    failures += failed ? 1 : 0;
    slow += isSlow ? 1 : 0;
    if (buffered >= config.minimumCalls() && overThreshold(failures, slow, buffered)) {
      toOpen(nowMillis);
    }
  }

  private void grow(int size) {
    byte[] bigger = new byte[Math.min(size, Math.max(INITIAL_RING, ring.length * 2))];
    System.arraycopy(ring, 0, bigger, 0, ring.length);
    ring = bigger;
  }

  private boolean overThreshold(int failed, int slowCalls, int calls) {
    return 100.0 * failed / calls >= config.failureRateThreshold()
        || 100.0 * slowCalls / calls >= config.slowCallRateThreshold();
  }

  private void toOpen(long nowMillis) {
    state = State.OPEN;
    openedAtMillis = nowMillis;
    clearWindow();
  }

  private void toHalfOpen() {
    state = State.HALF_OPEN;
    trialsPermitted = 0;
    trialsDone = 0;
    trialFailures = 0;
    trialSlow = 0;
  }

  private void toClosed() {
    state = State.CLOSED;
    clearWindow();
  }

  private void clearWindow() {
    ring = new byte[0];
    next = 0;
    buffered = 0;
    failures = 0;
    slow = 0;
  }

  /** The state as a caller would see it now: an open breaker past its wait reads half-open. */
  State state(long nowMillis) {
    if (state == State.OPEN && nowMillis - openedAtMillis >= waitMillis) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** For an open breaker, milliseconds until it half-opens; otherwise 0. */
  long retryAfterMillis(long nowMillis) {
    return state == State.OPEN ? Math.max(0, openedAtMillis + waitMillis - nowMillis) : 0;
  }

  /** Percent of failed calls in the window, or -1 below {@code minimum-calls}. */
  double failureRate() {
    return buffered < config.minimumCalls() ? -1 : 100.0 * failures / buffered;
  }

  /** Percent of slow calls in the window, or -1 below {@code minimum-calls}. */
  double slowCallRate() {
    return buffered < config.minimumCalls() ? -1 : 100.0 * slow / buffered;
  }

  /** Calls in the closed window. */
  int bufferedCalls() {
    return buffered;
  }

  /**
   * True when the breaker can be forgotten without losing protection: closed, no failure and no use
   * within {@code idleMillis}.
   */
  boolean idle(long nowMillis, long idleMillis) {
    return state == State.CLOSED
        && nowMillis - lastUsedMillis >= idleMillis
        && (lastFailureMillis == Long.MIN_VALUE || nowMillis - lastFailureMillis >= idleMillis);
  }
}
