package io.bounded.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Eviction policy of a bounded map, as named in config. */
public enum Eviction {
  /**
   * Exact least-recently-used: an access-ordered map, the least recently read or written goes
   * first.
   */
  LRU("lru"),
  /** Caffeine's Window TinyLFU: frequency-aware admission, better hit ratio on skewed workloads. */
  W_TINYLFU("w-tinylfu");

  private final String configName;

  Eviction(String configName) {
    this.configName = configName;
  }

  /** The value used in config, e.g. {@code w-tinylfu}. */
  public String configName() {
    return configName;
  }

  /** Every config name, for validation messages. */
  public static Set<String> configNames() {
    return Arrays.stream(values()).map(Eviction::configName).collect(Collectors.toSet());
  }

  /** The policy with that config name, or {@code null}. */
  public static Eviction fromConfigName(String name) {
    for (Eviction e : values()) {
      if (e.configName.equals(name)) {
        return e;
      }
    }
    return null;
  }
}
