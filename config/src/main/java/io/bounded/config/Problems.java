package io.bounded.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects broken rules for one config section, so that validation reports every problem at once.
 * Messages read {@code <path>.<key> must be <rule>, but was <value>}.
 */
public final class Problems {
  private final String path;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param path the config section the keys belong to, e.g. {@code bounded.cache}
   */
  public Problems(String path) {
    this.path = path;
  }

  /** The full config path of a key in this section. */
  public String pathOf(String key) {
    return path + "." + key;
  }

  /** Records {@code <path>.<key> must be <rule>, but was <value>} unless {@code ok}. */
  public Problems require(boolean ok, String key, String rule, Object value) {
    if (!ok) {
      problems.add(pathOf(key) + " must be " + rule + ", but was " + value);
    }
    return this;
  }

  /** Records a free-form message about a key. */
  public Problems add(String key, String message) {
    problems.add(pathOf(key) + " " + message);
    return this;
  }

  /** {@code value > 0}. */
  public Problems positive(String key, long value) {
    return require(value > 0, key, "> 0", value);
  }

  /**
   * {@code min <= value <= max}. The message names the side that was broken: {@code > 0} (when
   * {@code min} is 1), {@code >= min} or {@code <= max}.
   */
  public Problems between(String key, long value, long min, long max) {
    if (value < min) {
      return require(false, key, min == 1 ? "> 0" : ">= " + min, value);
    }
    return require(value <= max, key, "<= " + max, value);
  }

  /** {@code min <= value <= max} and not NaN; the message names the side that was broken. */
  public Problems between(String key, double value, double min, double max) {
    if (Double.isNaN(value)) {
      return require(false, key, "between " + number(min) + " and " + number(max), number(value));
    }
    if (value < min) {
      return require(false, key, ">= " + number(min), number(value));
    }
    return require(value <= max, key, "<= " + number(max), number(value));
  }

  /** {@code value > 0} and finite. */
  public Problems positive(String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return require(false, key, "finite", number(value));
    }
    return require(value > 0, key, "> 0", number(value));
  }

  /** {@code value >= min} and finite. */
  public Problems atLeast(String key, double value, double min) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return require(false, key, "finite", number(value));
    }
    return require(value >= min, key, ">= " + number(min), number(value));
  }

  /** {@code value >= min}, for durations; a missing value is reported as missing. */
  public Problems atLeast(String key, Duration value, Duration min) {
    if (value == null) {
      return add(key, "is missing");
    }
    return require(value.compareTo(min) >= 0, key, ">= " + render(min), render(value));
  }

  /**
   * {@code value >= min}, where {@code min} is another key's value; nothing is reported when either
   * is missing or {@code min} is not {@code > 0} (that is reported on its own).
   */
  public Problems atLeast(String key, Duration value, Duration min, String minName) {
    if (value == null || min == null || min.isNegative() || min.isZero()) {
      return this;
    }
    return require(
        value.compareTo(min) >= 0, key, ">= " + minName + " (" + render(min) + ")", render(value));
  }

  /** {@code value > 0}, for durations; a missing value is reported as missing. */
  public Problems positive(String key, Duration value) {
    if (value == null) {
      return add(key, "is missing");
    }
    return require(!value.isNegative() && !value.isZero(), key, "> 0", render(value));
  }

  /** {@code value >= 0}, for durations; a missing value is reported as missing. */
  public Problems nonNegative(String key, Duration value) {
    if (value == null) {
      return add(key, "is missing");
    }
    return require(!value.isNegative(), key, ">= 0", render(value));
  }

  /**
   * {@code value <= max}, where {@code max} is another key's value; nothing is reported when either
   * is missing or {@code max} is not {@code > 0} (that is reported on its own).
   */
  public Problems atMost(String key, Duration value, Duration max, String maxName) {
    if (value == null || max == null || max.isNegative() || max.isZero()) {
      return this;
    }
    return require(
        value.compareTo(max) <= 0, key, "<= " + maxName + " (" + render(max) + ")", render(value));
  }

  /** A string with at least one non-space character. */
  public Problems notBlank(String key, String value) {
    return require(value != null && !value.isBlank(), key, "a non-empty string", quote(value));
  }

  /** One of {@code allowed}, listed sorted in the message. */
  public Problems oneOf(String key, String value, Set<String> allowed) {
    return require(
        value != null && allowed.contains(value),
        key,
        "one of " + allowed.stream().sorted().toList(),
        quote(value));
  }

  /** True when no rule was broken. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The messages so far. */
  public List<String> list() {
    return List.copyOf(problems);
  }

  /** Appends the problems of another section. */
  public Problems addAll(List<String> more) {
    problems.addAll(more);
    return this;
  }

  /**
   * Builds a nested part of a settings record, adding its problems here instead of throwing, so
   * that the enclosing record can still report its own.
   *
   * @return the part, or {@code null} when it broke a rule
   */
  public <T> T collect(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidSettingsException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  /**
   * @throws InvalidSettingsException naming every problem, if there is any
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  static String render(Duration d) {
    if (d == null) {
      return "null";
    }
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms != 0) {
      return (ms / 86_400_000) + "d";
    }
    if (ms % 3_600_000 == 0 && ms != 0) {
      return (ms / 3_600_000) + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return (ms / 60_000) + "m";
    }
    if (ms % 1000 == 0 && ms != 0) {
      return (ms / 1000) + "s";
    }
    return ms + "ms";
  }

  /** A double without a trailing {@code .0} when it is whole: {@code 1}, {@code 0.5}. */
  static String number(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString((long) d)
        : Double.toString(d);
  }

  /** {@code "s"} in double quotes, or {@code null}. */
  static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
