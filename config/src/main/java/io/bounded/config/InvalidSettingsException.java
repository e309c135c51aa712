package io.bounded.config;

import java.util.List;

/**
 * Thrown when configuration breaks a rule. Carries every problem found, each naming the config
 * path, the rule and the value given, e.g. {@code bounded.cache.max-entries must be > 0, but was
 * 0}. The runtime refuses to start when this is thrown; nothing is clamped silently.
 */
public final class InvalidSettingsException extends RuntimeException {
  private final List<String> problems;

  /**
   * @param problems one message per broken rule; at least one
   */
  public InvalidSettingsException(List<String> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidSettingsException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order the settings were read. */
  public List<String> problems() {
    return problems;
  }

  private static String render(List<String> problems) {
    StringBuilder sb =
        new StringBuilder("Invalid Bounded configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (String p : problems) {
      sb.append(System.lineSeparator()).append("  - ").append(p);
    }
    return sb.toString();
  }
}
