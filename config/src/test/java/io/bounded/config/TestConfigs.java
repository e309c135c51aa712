package io.bounded.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builds test configs and captures the problems a read reports. */
final class TestConfigs {
  private TestConfigs() {}

  /** {@code hocon} over the shipped reference.conf. */
  static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference());
  }

  /** The problems of the {@link InvalidSettingsException} that {@code read} must throw. */
  static List<String> problemsOf(ThrowingCallable read) {
    InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, read);
    assertThat(e).as("expected an InvalidSettingsException").isNotNull();
    return e.problems();
  }
}
