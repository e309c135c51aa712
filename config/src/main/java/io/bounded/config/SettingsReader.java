package io.bounded.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads one config section, turning a missing key or a value of the wrong type into a problem
 * instead of an exception, so that validation can report every problem at once. A getter that fails
 * answers {@code null}; callers throw {@link #problems()} before building a settings record.
 */
public final class SettingsReader {
  /**
   * Typesafe Config saturates a duration too long for a {@code long} of nanoseconds to this value.
   */
  private static final Duration SATURATED = Duration.ofNanos(Long.MAX_VALUE);

  private final Config config;
  private final String prefix;
  private final Problems problems;

  private SettingsReader(Config config, String prefix, String path) {
    this.config = config;
    this.prefix = prefix;
    this.problems = new Problems(path);
  }

  /**
   * @param root the whole configuration (as loaded, with reference.conf as fallback)
   * @param path the section to read, e.g. {@code bounded.cache}
   */
  public static SettingsReader of(Config root, String path) {
    return new SettingsReader(root, path + ".", path);
  }

  /**
   * A reader of an object that has no path of its own, such as one element of a list.
   *
   * @param section the object to read keys from
   * @param path how problems name it, e.g. {@code bounded.api-gateway.routes[2]}
   */
  public static SettingsReader within(Config section, String path) {
    return new SettingsReader(section, "", path);
  }

  /** The problems found while reading (missing keys, wrong types). */
  public Problems problems() {
    return problems;
  }

  /** True when the key is present (and not null). */
  public boolean has(String key) {
    return config.hasPath(prefix + key);
  }

  /**
   * A whole number that fits an {@code int}; a fraction such as {@code 10.5} is a problem, not
   * truncated.
   */
  public Integer integer(String key) {
    return read(
        key,
        "a whole number",
        () -> {
          int v = config.getInt(prefix + key);
          requireWhole(key, v);
          return v;
        });
  }

  /** A whole number that fits a {@code long}; a fraction is a problem, not truncated. */
  public Long longValue(String key) {
    return read(
        key,
        "a whole number",
        () -> {
          long v = config.getLong(prefix + key);
          requireWhole(key, v);
          return v;
        });
  }

  /** A finite number. */
  public Double decimal(String key) {
    return read(
        key,
        "a finite number",
        () -> {
          double v = config.getDouble(prefix + key);
          if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new ConfigException.BadValue(prefix + key, "not finite");
          }
          return v;
        });
  }

  public Boolean bool(String key) {
    return read(key, "true or false", () -> config.getBoolean(prefix + key));
  }

  /** A size in bytes; accepts HOCON units such as {@code 64 MiB}. */
  public Long bytes(String key) {
    return read(key, "a size in bytes (e.g. 64 MiB)", () -> config.getBytes(prefix + key));
  }

  /**
   * A finite duration; accepts HOCON units such as {@code 20m}. {@code inf}, and a duration too
   * long to count in nanoseconds (which Typesafe Config would silently cap at about 292 years), are
   * problems.
   */
  public Duration duration(String key) {
    return read(
        key,
        "a finite duration (e.g. 20m)",
        () -> {
          Duration d = config.getDuration(prefix + key);
          if (d.compareTo(SATURATED) >= 0) {
            throw new ConfigException.BadValue(prefix + key, "too long to be finite");
          }
          return d;
        });
  }

  public String string(String key) {
    return read(key, "a string", () -> config.getString(prefix + key));
  }

  /** A string whose value never appears in a problem, even when it has the wrong type. */
  public String secret(String key) {
    try {
      return config.getString(prefix + key);
    } catch (ConfigException.Missing e) {
      problems.add(key, "is missing");
    } catch (ConfigException e) {
      problems.require(false, key, "a string", "a value of another type (not shown)");
    }
    return null;
  }

  public List<String> stringList(String key) {
    return read(key, "a list of strings", () -> List.copyOf(config.getStringList(prefix + key)));
  }

  /**
   * A list of objects. An element that is not an object is reported as {@code <key>[i]} and
   * answered as {@code null}, so that the others keep their index.
   *
   * @return an unmodifiable list that may hold nulls, or {@code null} when the key is not a list
   */
  public List<Config> objectList(String key) {
    ConfigList list = read(key, "a list of objects", () -> config.getList(prefix + key));
    if (list == null) {
      return null;
    }
    List<Config> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      if (v.valueType() == ConfigValueType.OBJECT) {
        out.add(((ConfigObject) v).toConfig());
      } else {
        problems.require(false, key + "[" + i + "]", "an object", v.render());
        out.add(null);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The section below {@code key}, or {@code null} (with a problem) when it is not an object. */
  public Config section(String key) {
    return read(key, "an object", () -> config.getConfig(prefix + key));
  }

  private void requireWhole(String key, long value) {
    if (config.getNumber(prefix + key).doubleValue() != (double) value) {
      throw new ConfigException.WrongType(
          config.origin(), prefix + key, "whole number", "fraction");
    }
  }

  private <T> T read(String key, String expected, Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      problems.add(key, "is missing");
    } catch (ConfigException.WrongType | ConfigException.BadValue | ArithmeticException e) {
      problems.require(false, key, expected, describe(prefix + key));
    }
    return null;
  }

  private String describe(String full) {
    try {
      ConfigValue v = config.getValue(full);
      return v.render();
    } catch (ConfigException e) {
      return "unreadable";
    }
  }
}
