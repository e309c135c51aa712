package io.bounded.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bounded audit}: prints every bound and the worst-case memory; exits 1 listing every
 * reason.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Prints every component's bounds and cleanup interval and a worst-case memory estimate against the"
          + " max heap.",
      "Exits 1 listing every reason when the configuration is invalid or the estimate exceeds"
          + " bounded.memory.max-heap-fraction of the max heap; 0 otherwise."
    })
final class AuditCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--max-heap",
      paramLabel = "SIZE",
      description =
          "Audit against this max heap (e.g. 512m, 4g) instead of this JVM's; use the -Xmx the node"
              + " will run with.")
  String maxHeap;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config config;
    try {
      config = Node.withDefaults(options.load());
    } catch (ConfigLoader.ConfigLoadException e) {
      err.println("error: " + e.getMessage());
      return Main.USAGE;
    }
    long heap = Runtime.getRuntime().maxMemory();
    String source = "Runtime.maxMemory() of this JVM";
    if (maxHeap != null) {
      try {
        heap = ConfigFactory.parseMap(Map.of("heap", maxHeap)).getBytes("heap");
      } catch (ConfigException e) {
        err.println(
            "error: --max-heap must be a size such as 512m or 4g, but was \"" + maxHeap + "\"");
        return Main.USAGE;
      }
      if (heap <= 0) {
        err.println("error: --max-heap must be > 0, but was \"" + maxHeap + "\"");
        return Main.USAGE;
      }
      source = "--max-heap " + maxHeap;
    }
    Audit.Result result = Audit.run(config, heap, source, out);
    out.flush();
    return result.exitCode();
  }
}
