package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
  @Test
  void accepts_noTokenConfigured_acceptsAnything() {
    BearerToken t = new BearerToken("");
    assertThat(t.required()).isFalse();
    assertThat(t.accepts(Optional.empty())).isTrue();
  }

  @Test
  void accepts_tokenConfigured_onlyTheExactBearerToken() {
    BearerToken t = new BearerToken("abc");
    assertThat(t.required()).isTrue();
    assertThat(t.accepts(Optional.of("Bearer abc"))).isTrue();
    assertThat(t.accepts(Optional.of("bearer abc"))).isTrue();
    assertThat(t.accepts(Optional.empty())).isFalse();
    assertThat(t.accepts(Optional.of("Bearer abd"))).isFalse();
    assertThat(t.accepts(Optional.of("Bearer ab"))).isFalse();
    assertThat(t.accepts(Optional.of("Bearer abcd"))).isFalse();
    assertThat(t.accepts(Optional.of("Bearer "))).isFalse();
    assertThat(t.accepts(Optional.of("abc"))).isFalse();
    assertThat(t.accepts(Optional.of("Basic abc"))).isFalse();
  }
}
