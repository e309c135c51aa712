package io.bounded.actors.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.actors.apigateway.CircuitState.State;
import io.bounded.config.ApiGatewaySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitStateTest {
  private static final long FAST = Duration.ofMillis(10).toNanos();
  private static final long SLOW = Duration.ofSeconds(2).toNanos();

  /** window 10, minimum 4, failure 50 %, slow 100 %, slow = 1 s, wait 30 s, 2 trials. */
  private static ApiGatewaySettings.CircuitBreaker config(double slowRate) {
    return new ApiGatewaySettings.CircuitBreaker(
        10, 4, 50, slowRate, Duration.ofSeconds(1), Duration.ofSeconds(30), 2);
  }

  private final CircuitState breaker = new CircuitState(config(100), 0);

  private void calls(int n, boolean failed, long nanos) {
    for (int i = 0; i < n; i++) {
      assertThat(breaker.tryAcquire(0)).isTrue();
      breaker.record(0, failed, nanos);
    }
  }

  @Test
  void failures_belowMinimumCalls_keepItClosed() {
    calls(3, true, FAST);
    assertThat(breaker.state(0)).isEqualTo(State.CLOSED);
    assertThat(breaker.failureRate()).isEqualTo(-1);
  }

  @Test
  void failureRate_reachesThresholdAtMinimumCalls_opens() {
    calls(2, false, FAST);
    calls(2, true, FAST);
    assertThat(breaker.state(0)).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire(1)).isFalse();
    assertThat(breaker.retryAfterMillis(1000)).isEqualTo(29_000);
  }

  @Test
  void failureRate_belowThreshold_staysClosed() {
    calls(3, false, FAST);
    calls(1, true, FAST);
    calls(2, false, FAST);
    assertThat(breaker.state(0)).isEqualTo(State.CLOSED);
    assertThat(breaker.failureRate()).isCloseTo(16.67, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void window_slides_oldFailuresLeaveIt() {
    calls(8, false, FAST);
    calls(2, true, FAST); // 2 of 10 failed
    calls(10, false, FAST); // the failures slid out
    assertThat(breaker.failureRate()).isZero();
    assertThat(breaker.bufferedCalls()).isEqualTo(10);
    calls(4, true, FAST); // 4 of 10: still below 50 %
    assertThat(breaker.state(0)).isEqualTo(State.CLOSED);
    calls(1, true, FAST); // 5 of 10
    assertThat(breaker.state(0)).isEqualTo(State.OPEN);
  }

  @Test
  void slowCalls_reachSlowThreshold_open() {
    CircuitState b = new CircuitState(config(50), 0);
    for (int i = 0; i < 4; i++) {
      b.tryAcquire(0);
      b.record(0, false, i < 2 ? SLOW : FAST);
    }
    assertThat(b.state(0)).isEqualTo(State.OPEN);
  }

  @Test
  void open_afterWait_halfOpensWithBoundedTrials() {
    calls(4, true, FAST);
    long later = Duration.ofSeconds(30).toMillis();
    assertThat(breaker.tryAcquire(later - 1)).isFalse();
    assertThat(breaker.tryAcquire(later)).isTrue();
    assertThat(breaker.state(later)).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire(later)).isTrue();
    assertThat(breaker.tryAcquire(later)).as("only 2 trial calls").isFalse();
  }

  @Test
  void halfOpen_trialsSucceed_closes() {
    calls(4, true, FAST);
    long t = 30_000;
    breaker.tryAcquire(t);
    breaker.tryAcquire(t);
    breaker.record(t, false, FAST);
    assertThat(breaker.state(t)).isEqualTo(State.HALF_OPEN);
    breaker.record(t, false, FAST);
    assertThat(breaker.state(t)).isEqualTo(State.CLOSED);
    assertThat(breaker.bufferedCalls()).isZero();
    assertThat(breaker.tryAcquire(t)).isTrue();
  }

  @Test
  void halfOpen_trialFails_reopensForAnotherWait() {
    calls(4, true, FAST);
    long t = 30_000;
    breaker.tryAcquire(t);
    breaker.tryAcquire(t);
    breaker.record(t, true, FAST);
    breaker.record(t, false, FAST); // 50 %: at the threshold
    assertThat(breaker.state(t)).isEqualTo(State.OPEN);
    assertThat(breaker.retryAfterMillis(t)).isEqualTo(30_000);
  }

  @Test
  void idle_closedUnusedWithoutFailures_isRetirable() {
    calls(1, false, FAST);
    assertThat(breaker.idle(999, 1000)).isFalse();
    assertThat(breaker.idle(1000, 1000)).isTrue();
  }

  @Test
  void idle_openBreaker_isNeverRetired() {
    calls(4, true, FAST);
    assertThat(breaker.idle(10_000_000, 1000)).isFalse();
  }

  @Test
  void windowOfOne_singleFailure_opens() {
    CircuitState b =
        new CircuitState(
            new ApiGatewaySettings.CircuitBreaker(
                1, 1, 100, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), 1),
            0);
    b.tryAcquire(0);
    b.record(0, false, FAST);
    b.tryAcquire(0);
    b.record(0, true, FAST);
    assertThat(b.state(0)).isEqualTo(State.OPEN);
  }
}
