package io.bounded.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that reads the configuration shares. */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "HOCON file over the shipped defaults (see reference.conf); JVM -D properties win over it.")
  Path file;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "API port, overrides bounded.node.http.port (0 = any free port).")
  Integer port;

  Config load() throws ConfigLoader.ConfigLoadException {
    return ConfigLoader.load(file, port);
  }
}
