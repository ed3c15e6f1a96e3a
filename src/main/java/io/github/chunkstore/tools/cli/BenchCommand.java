package io.github.chunkstore.tools.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chunkstore bench [OPTIONS]}: the project's benchmark. */
@Command(
    name = "bench",
    description = {
      "Runs the project's benchmark (io.github.chunkstore.tools.bench.Benchmark) with the given"
          + " options, which are the benchmark's own (listed below with --help); it writes the"
          + " results table and chart."
    })
final class BenchCommand implements Callable<Integer> {

  /** The benchmark's entry point, looked up at run time. */
  static final String BENCHMARK_CLASS = "io.github.chunkstore.tools.bench.Benchmark";

  @Option(names = {"-h", "--help"}, description = "Show this help and the benchmark's options, then exit.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
  boolean version;

  @Unmatched List<String> options = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (help) {
      PrintWriter out = spec.commandLine().getOut();
      spec.commandLine().usage(out);
      out.println();
      out.println("The benchmark's options:");
      out.flush();
      options = List.of("--help");
    }
    Method main;
    try {
      main = Class.forName(BENCHMARK_CLASS).getMethod("main", String[].class);
    } catch (ClassNotFoundException e) {
      if (help) {
        spec.commandLine().getOut().println("  (none: this build has no benchmark)");
        spec.commandLine().getOut().flush();
        return 0;
      }
      throw new Errors.UserError("this build has no benchmark (" + BENCHMARK_CLASS + " is missing)", e);
    }
    try {
      // Benchmark.main exits with its own code on errors.
      main.invoke(null, (Object) options.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return 0;
  }
}
