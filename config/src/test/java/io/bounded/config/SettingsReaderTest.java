package io.bounded.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

  private static SettingsReader reader(String hocon) {
    return SettingsReader.of(ConfigFactory.parseString("s { " + hocon + " }"), "s");
  }

  @Test
  void integer_fraction_isAProblemNotTruncated() {
    SettingsReader r = reader("n = 10.5");
    assertThat(r.integer("n")).isNull();
    assertThat(r.problems().list()).containsExactly("s.n must be a whole number, but was 10.5");
  }

  @Test
  void integer_wholeNumberWrittenAsExponent_isAccepted() {
    SettingsReader r = reader("n = 1e3");
    assertThat(r.integer("n")).isEqualTo(1000);
    assertThat(r.problems().isEmpty()).isTrue();
  }

  @Test
  void integer_tooLargeForInt_isAProblem() {
    SettingsReader r = reader("n = 3000000000");
    assertThat(r.integer("n")).isNull();
    assertThat(r.problems().list())
        .containsExactly("s.n must be a whole number, but was 3000000000");
  }

  @Test
  void duration_tooLongToBeFinite_isAProblemNotCapped() {
    // Typesafe Config would cap this silently at about 292 years
    SettingsReader r = reader("d = 1000000d");
    assertThat(r.duration("d")).isNull();
    assertThat(r.problems().list())
        .containsExactly("s.d must be a finite duration (e.g. 20m), but was \"1000000d\"");
  }

  @Test
  void duration_overflowingDays_isAProblemNotACrash() {
    SettingsReader r = reader("d = 999999999999999d");
    assertThat(r.duration("d")).isNull();
    assertThat(r.problems().list())
        .containsExactly("s.d must be a finite duration (e.g. 20m), but was \"999999999999999d\"");
  }

  @Test
  void duration_long_butFinite_isRead() {
    assertThat(reader("d = 3650d").duration("d")).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void secret_wrongType_neverShowsTheValue() {
    SettingsReader r = reader("p = [hunter2]");
    assertThat(r.secret("p")).isNull();
    assertThat(r.problems().list())
        .containsExactly("s.p must be a string, but was a value of another type (not shown)");
  }

  @Test
  void nestedKey_underANonObject_isAProblem() {
    SettingsReader r = reader("backoff = 5");
    assertThat(r.string("backoff.type")).isNull();
    assertThat(r.problems().list())
        .singleElement()
        .asString()
        .startsWith("s.backoff.type must be a string");
  }
}
