package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the node's configuration from the command line. Precedence, highest first: {@code --port},
 * JVM system properties ({@code -Dbounded.cache.max-entries=…}), the {@code --config} file, {@code
 * application.conf} on the class path, then the shipped defaults (added by the runtime).
 *
 * <p>The defaults ({@code reference.conf}) are deliberately not merged here: {@code BoundedRuntime}
 * layers its own Pekko settings between the user's config and the libraries' {@code
 * reference.conf}, and a config that already contains every {@code reference.conf} would hide them.
 */
final class ConfigLoader {
  private ConfigLoader() {}

  /** The configuration could not be read; the message says which file and why. */
  static final class ConfigLoadException extends Exception {
    ConfigLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @param file the {@code --config} file, or null
   * @param port the {@code --port} override, or null
   * @throws ConfigLoadException when the file is missing, unreadable or not valid HOCON
   */
  static Config load(Path file, Integer port) throws ConfigLoadException {
    Config config = ConfigFactory.empty();
    if (port != null) {
      config = ConfigFactory.parseMap(Map.of("bounded.node.http.port", port), "--port");
    }
    config = config.withFallback(ConfigFactory.defaultOverrides());
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigLoadException("config file not found: " + file.toAbsolutePath(), null);
      }
      try {
        config =
            config.withFallback(
                ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
      } catch (ConfigException e) {
        throw new ConfigLoadException(
            "cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
      }
    }
    config = config.withFallback(ConfigFactory.defaultApplication());
    try {
      // surfaces bad substitutions now, with the file named, rather than at start
      Node.withDefaults(config);
    } catch (ConfigException e) {
      throw new ConfigLoadException(
          "cannot resolve the configuration"
              + (file == null ? "" : " from " + file.toAbsolutePath())
              + ": "
              + e.getMessage(),
          e);
    }
    return config;
  }
}
