package io.github.chunkstore.tools.cli;

import io.github.chunkstore.tools.Demo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chunkstore demo}: {@link Demo} on the bundled GeoNames sample. */
@Command(
    name = "demo",
    header = "Runs the demo on the bundled GeoNames sample.",
    mixinStandardHelpOptions = true,
    description = {
      "Indexes the bundled GeoNames sample (3,000 rows) with every Chunkstore mode and both"
          + " Lucene104 modes, reads every document back, runs CheckIndex and prints a table of"
          + " stored-fields sizes. Exits 1 if anything does not match."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Another GeoNames table (plain or gzipped).")
  Path input;

  @Option(names = "--keep", description = "Keep the indexes (their directory is printed).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (input != null) {
      args.add("--input");
      args.add(input.toString());
    }
    if (keep) {
      args.add("--keep");
    }
    // Demo.main exits 1 itself when something does not match.
    Demo.main(args.toArray(String[]::new));
    return 0;
  }
}
