package io.bounded.app;

import com.typesafe.config.Config;
import io.bounded.config.InvalidSettingsException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bounded node}: starts a node and runs until SIGTERM or {@code POST /admin/shutdown}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Starts a node: the Bounded runtime and its HTTP API (health, stats, metrics, cache, admin).",
      "Listens on bounded.node.http.host:port (127.0.0.1:8080 by default); a non-loopback host"
          + " requires bounded.node.api.token. SIGTERM stops it gracefully."
    })
final class NodeCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Config config;
    try {
      config = options.load();
    } catch (ConfigLoader.ConfigLoadException e) {
      err.println("error: " + e.getMessage());
      return Main.USAGE;
    }
    Node node;
    try {
      node = Node.start(config);
    } catch (InvalidSettingsException e) {
      err.println("error: the node refuses to start. " + e.getMessage());
      return Main.FAILED;
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return Main.FAILED;
    }
    node.awaitTermination();
    return 0;
  }
}
