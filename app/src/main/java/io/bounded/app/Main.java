package io.bounded.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bounded} command line: {@code bounded node} starts a node, {@code bounded audit}
 * checks a configuration's bounds against the heap, {@code bounded bench} measures the components
 * against their baselines (or soaks them). Without a subcommand it prints the usage.
 *
 * <p>Exit codes: 0 success; 1 the configuration is invalid, the audit failed or the node could not
 * start; 2 a usage error (unknown option, missing or unreadable {@code --config} file).
 */
@Command(
    name = "bounded",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Bounded: an actor runtime where no component can grow without limit.",
    subcommands = {
      NodeCommand.class,
      AuditCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success; 1 invalid configuration, failed audit or node not started;"
          + " 2 usage error.",
      "Run 'bounded node' to start a node on 127.0.0.1:8080."
    })
public final class Main implements Callable<Integer> {
  /**
   * Exit code of a configuration that is invalid, an audit that failed, a node that did not start.
   */
  static final int FAILED = 1;

  /** Exit code of a usage error (picocli's own). */
  static final int USAGE = CommandLine.ExitCode.USAGE;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The command line, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * Runs {@code args} and answers the exit code, without exiting the JVM (for tests and embedding).
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(out, err, args));
  }

  /** {@code --version}: the artifact's version and the JVM's. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "bounded " + Version.get(),
        "JVM: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
      };
    }
  }
}
