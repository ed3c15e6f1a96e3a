package io.github.chunkstore.tools.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code chunkstore} command; {@link #main} is the tool jar's entry point. */
@Command(
    name = "chunkstore",
    mixinStandardHelpOptions = true,
    versionProvider = ChunkstoreCommand.Version.class,
    description =
        "Inspects, checks and converts Lucene indexes with Chunkstore stored fields; estimates"
            + " what Chunkstore would make of an index.",
    subcommands = {
      StatsCommand.class,
      CheckCommand.class,
      ConvertCommand.class,
      GetCommand.class,
      EstimateCommand.class,
      DemoCommand.class
    },
    footer = {"", "Exit codes: 0 success, 1 failure (or a damaged index), 2 usage error."})
public final class ChunkstoreCommand implements Runnable {

  /** Exit code for a failure that is not a usage error. */
  static final int FAILURE = 1;

  /** Exit code for a usage error (picocli's default). */
  static final int USAGE = 2;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors (and CheckIndex's full output).")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Lucene's note that the Vector API incubator module is not enabled is no use to a person running
   * the tool (stored fields don't use vectors); a strong reference keeps the level set.
   */
  private static final Logger VECTORIZATION_LOGGER =
      Logger.getLogger("org.apache.lucene.internal.vectorization");

  /** Creates the command; picocli instantiates it. */
  public ChunkstoreCommand() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the tool without exiting.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int execute(String... args) {
    VECTORIZATION_LOGGER.setLevel(Level.SEVERE);
    CommandLine cli = new CommandLine(new ChunkstoreCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          ChunkstoreCommand top = commandLine.getCommandSpec().root().commandLine().getCommand();
          PrintWriter err = commandLine.getErr();
          err.println(commandLine.getCommandName() + ": " + Errors.describe(e, List.of(args)));
          if (top.verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          return e instanceof CommandLine.ParameterException ? USAGE : FAILURE;
        });
    cli.setParameterExceptionHandler(
        (e, argv) -> {
          CommandLine commandLine = e.getCommandLine();
          PrintWriter err = commandLine.getErr();
          err.println(
              commandLine.getCommandName()
                  + ": "
                  + e.getMessage()
                  + " ('"
                  + commandLine.getCommandSpec().qualifiedName()
                  + " --help' shows the usage)");
          if (commandLine
              .getCommandSpec()
              .root()
              .commandLine()
              .<ChunkstoreCommand>getCommand()
              .verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          return USAGE;
        });
    return cli.execute(args);
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ChunkstoreCommand.class.getPackage().getImplementationVersion();
      String lucene = org.apache.lucene.util.Version.LATEST.toString();
      return new String[] {
        "chunkstore " + (version == null ? "(development build)" : version),
        "Lucene " + lucene + ", Java " + Runtime.version()
      };
    }
  }
}
