package io.bounded.actors.iptracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void tryTake_burstExhausted_refusesThenRefillsAtRate() {
    TokenBucket b = TokenBucket.full(3, 0);
    assertThat(b.tryTake(2, 3, 0)).isTrue();
    assertThat(b.tryTake(2, 3, 0)).isTrue();
    assertThat(b.tryTake(2, 3, 0)).isTrue();
    assertThat(b.tryTake(2, 3, 0)).isFalse();
    assertThat(b.millisUntilToken(2, 3, 0)).isEqualTo(500);
    assertThat(b.tryTake(2, 3, 499)).isFalse();
    assertThat(b.tryTake(2, 3, 500)).isTrue();
  }

  @Test
  void isFull_afterFullRefill_true() {
    TokenBucket b = TokenBucket.full(2, 0);
    b.tryTake(1, 2, 0);
    b.tryTake(1, 2, 0);
    assertThat(b.isFull(1, 2, 1999)).isFalse();
    assertThat(b.isFull(1, 2, 2000)).isTrue();
    assertThat(b.tokens(1, 2, 1_000_000)).as("never above burst").isEqualTo(2);
  }

  @Test
  void burstOne_allowsOneRequestPerPeriod() {
    TokenBucket b = TokenBucket.full(1, 0);
    assertThat(b.tryTake(10, 1, 0)).isTrue();
    assertThat(b.tryTake(10, 1, 99)).isFalse();
    assertThat(b.tryTake(10, 1, 100)).isTrue();
  }
}
