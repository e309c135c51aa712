package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static Backoff backoff(BackoffType type, long baseMs, long capMs, double jitter) {
    return new Backoff(type, Duration.ofMillis(baseMs), Duration.ofMillis(capMs), jitter);
  }

  @Test
  void fixed_anyRetry_isBase() {
    Backoff b = backoff(BackoffType.FIXED, 500, 10_000, 0);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.9)).isEqualTo(500);
    assertThat(RetryBackoff.delayMillis(b, 7, 0.1)).isEqualTo(500);
  }

  @Test
  void exponential_successiveRetries_doubleUntilCap() {
    Backoff b = backoff(BackoffType.EXPONENTIAL, 1_000, 5_000, 0);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.5)).isEqualTo(1_000);
    assertThat(RetryBackoff.delayMillis(b, 2, 0.5)).isEqualTo(2_000);
    assertThat(RetryBackoff.delayMillis(b, 3, 0.5)).isEqualTo(4_000);
    assertThat(RetryBackoff.delayMillis(b, 4, 0.5)).isEqualTo(5_000);
  }

  @Test
  void exponential_hugeRetryNumber_isCapNotOverflow() {
    Backoff b = backoff(BackoffType.EXPONENTIAL, 3, Long.MAX_VALUE / 4, 0);
    assertThat(RetryBackoff.delayMillis(b, 1000, 0.5)).isEqualTo(Long.MAX_VALUE / 4);
    assertThat(RetryBackoff.delayMillis(b, 63, 0.5)).isEqualTo(Long.MAX_VALUE / 4);
  }

  @Test
  void jitter_extremeDraws_spreadByJitterEitherWay() {
    Backoff b = backoff(BackoffType.FIXED, 1_000, 1_000, 0.2);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.0)).isEqualTo(800);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.5)).isEqualTo(1_000);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.999_999)).isEqualTo(1_200);
  }

  @Test
  void jitterOne_lowestDraw_isZeroNeverNegative() {
    Backoff b = backoff(BackoffType.FIXED, 1_000, 1_000, 1.0);
    assertThat(RetryBackoff.delayMillis(b, 1, 0.0)).isZero();
  }
}
