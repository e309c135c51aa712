package io.bounded.actors.iptracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.config.IpTrackerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BanPolicyTest {
  @Test
  void banMillis_repeatOffences_escalateUpToTheMaximum() {
    BanPolicy p =
        new BanPolicy(
            new IpTrackerSettings.Ban(
                3, Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0, Duration.ofMinutes(50)));
    assertThat(p.banMillis(1)).isEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(p.banMillis(2)).isEqualTo(Duration.ofMinutes(20).toMillis());
    assertThat(p.banMillis(3)).isEqualTo(Duration.ofMinutes(40).toMillis());
    assertThat(p.banMillis(4)).isEqualTo(Duration.ofMinutes(50).toMillis());
    assertThat(p.banMillis(1000)).isEqualTo(Duration.ofMinutes(50).toMillis());
  }

  @Test
  void failureWindow_countsOnlyRecentFailures() {
    FailureWindow w = new FailureWindow(3);
    assertThat(w.record(0, 1000)).isEqualTo(1);
    assertThat(w.record(500, 1000)).isEqualTo(2);
    assertThat(w.record(1200, 1000)).as("the first left the window").isEqualTo(2);
    assertThat(w.record(1300, 1000)).isEqualTo(3);
    assertThat(w.record(1400, 1000)).as("capacity 3 is all a ban needs").isEqualTo(3);
  }
}
