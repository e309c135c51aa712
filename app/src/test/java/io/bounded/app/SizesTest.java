package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void bytes_rendersBinaryUnits() {
    assertThat(Sizes.bytes(0)).isEqualTo("0 B");
    assertThat(Sizes.bytes(1023)).isEqualTo("1023 B");
    assertThat(Sizes.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(Sizes.bytes(64L << 20)).isEqualTo("64.0 MiB");
    assertThat(Sizes.bytes(Long.MAX_VALUE)).endsWith("EiB");
  }

  @Test
  void duration_rendersLargestWholeUnit() {
    assertThat(Sizes.duration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Sizes.duration(Duration.ofMinutes(20))).isEqualTo("20m");
    assertThat(Sizes.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Sizes.duration(Duration.ZERO)).isEqualTo("0ms");
  }
}
