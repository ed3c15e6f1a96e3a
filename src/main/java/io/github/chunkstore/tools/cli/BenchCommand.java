package io.github.chunkstore.tools.cli;

import io.github.chunkstore.tools.GeoNamesTable;
import io.github.chunkstore.tools.bench.Benchmark;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code chunkstore bench [OPTIONS]}: the project's benchmark ({@link Benchmark}). */
@Command(
    name = "bench",
    customSynopsis = "chunkstore bench [-hV] [--no-progress] [--verbose] [BENCHMARK_OPTION...]",
    header = "Runs the project's benchmark: Chunkstore against Lucene104.",
    description = {
      "Runs the project's benchmark, as scripts/bench does: every Chunkstore mode and both"
          + " Lucene104 modes on the same data, each measurement in a fresh JVM, and writes the"
          + " results table (results.md, results.json) and the chart (chart.png).",
      "Without --data it uses the bundled 3,000-row GeoNames sample; the published figures come"
          + " from the full cities1000 table (--data cities1000.txt).",
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, description = "Show this help and the benchmark's options, then exit.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
  boolean version;

  @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
  boolean noProgress;

  /** The benchmark's own options, passed on as they are. */
  @Unmatched List<String> options = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (help) {
      PrintWriter out = spec.commandLine().getOut();
      spec.commandLine().usage(out);
      out.println();
      out.println("The benchmark's options:");
      out.print(Benchmark.optionsHelp());
      out.flush();
      return 0;
    }
    List<String> args = new ArrayList<>(List.of("--command", "chunkstore bench " + String.join(" ", options)));
    Path sample = null;
    try {
      if (options.stream().noneMatch(o -> o.equals("--data") || o.startsWith("--data="))) {
        sample = Files.createTempFile("chunkstore-bench-sample", ".txt.gz");
        try (InputStream in = GeoNamesTable.class.getResourceAsStream(GeoNamesTable.SAMPLE_RESOURCE)) {
          Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        args.addAll(List.of("--data", sample.toString(), "--label", "GeoNames sample (3,000 rows)"));
      }
      args.addAll(options);
      try (Progress bar = Progress.start("bench", -1, "runs", !noProgress)) {
        Benchmark.Listener listener =
            new Benchmark.Listener() {
              private int total;

              @Override
              public void starting(int measurements) {
                total = measurements;
                bar.maxHint(measurements);
              }

              @Override
              public void measured(int done) {
                bar.stepBy(1);
                if (done == total) {
                  bar.finish(); // before the results table
                }
              }
            };
        return Benchmark.execute(
            args.toArray(String[]::new), bar.above(System.out), bar.above(System.err), listener);
      }
    } finally {
      if (sample != null) {
        Files.deleteIfExists(sample);
      }
    }
  }
}
