package io.github.chunkstore.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project's benchmark: indexes each data set of the corpus ({@link Dataset}), or a user's file,
 * with every Chunkstore mode and both Lucene104 modes, in one run, each measurement in a fresh JVM
 * ({@link BenchmarkWorker}), rounds interleaved (every format once per round, in turn) and the
 * median of the rounds reported. Writes {@code results.md}, {@code results.json} and {@code
 * chart.png} to {@code --out}.
 */
public final class Benchmark {

  static final Set<String> OPTIONS =
      Set.of(
          "data",
          "format",
          "datasets",
          "data-dir",
          "shapes",
          "copies",
          "rounds",
          "regimes",
          "formats",
          "warmup",
          "measure",
          "out",
          "heap",
          "work",
          "label",
          "command");

  /** With {@code --copies auto} (the default), each data set is copied to this many documents. */
  static final int AUTO_MIN_DOCS = 300_000;

  private Benchmark() {}

  /**
   * The settings of one benchmark run; see {@link #usage}.
   *
   * @param copies copies of every data set, or 0 for {@link #AUTO_MIN_DOCS} documents each
   */
  public record Config(
      List<Dataset> datasets,
      List<DataShape> shapes,
      int copies,
      int rounds,
      List<Regime> regimes,
      List<BenchFormat> formats,
      double warmupSeconds,
      double measureSeconds,
      Path out,
      String heap,
      Path work,
      String command) {

    static Config parse(String[] args) {
      Args a = Args.parse(args, OPTIONS, Set.of());
      List<Dataset> datasets;
      if (a.get("data", null) != null) {
        if (a.get("datasets", null) != null) {
          throw new IllegalArgumentException("--data and --datasets exclude each other");
        }
        Path data = Path.of(a.required("data"));
        if (!Files.exists(data)) {
          throw new IllegalArgumentException("--data " + data + ": no such file");
        }
        String dataFormat = a.get("format", "geonames");
        if (!BenchData.FILE_FORMATS.contains(dataFormat)) {
          throw new IllegalArgumentException(
              "unknown data format '" + dataFormat + "'; known: " + BenchData.FILE_FORMATS);
        }
        datasets =
            List.of(
                new Dataset(
                    "data", a.get("label", data.getFileName().toString()), data, dataFormat));
      } else {
        Path dataDir = Path.of(a.get("data-dir", ".bench-data"));
        datasets =
            a.list("datasets", String.join(",", Dataset.CORPUS)).stream()
                .distinct()
                .map(id -> Dataset.corpus(id, dataDir))
                .toList();
      }
      List<DataShape> shapes =
          a.list("shapes", "fields,json").stream().map(DataShape::byId).toList();
      List<Regime> regimes = a.list("regimes", "bulk,tiny").stream().map(Regime::byId).toList();
      List<BenchFormat> formats =
          a.list("formats", "all").equals(List.of("all"))
              ? BenchFormat.all()
              : a.list("formats", "").stream().map(BenchFormat::byId).toList();
      Path out = Path.of(a.get("out", "target/bench"));
      String copies = a.get("copies", "auto");
      return new Config(
          datasets,
          shapes,
          copies.equals("auto") ? 0 : a.intValue("copies", 0, 1),
          a.intValue("rounds", 3, 1),
          regimes,
          formats,
          a.doubleValue("warmup", 1.5),
          a.doubleValue("measure", 3),
          out,
          a.get("heap", "4g"),
          Path.of(a.get("work", out.resolve("work").toString())),
          a.get("command", "scripts/bench " + String.join(" ", args)));
    }
  }

  static void usage(PrintStream out) {
    out.println(
        "Usage: scripts/bench [options]        (java ... io.github.chunkstore.benchmarks.Benchmark)");
    out.print(optionsHelp());
  }

  /** The benchmark's options, one per line, for {@code scripts/bench --help}. */
  static String optionsHelp() {
    return """
          --datasets LIST      geonames,mdn,wordnet (default: the corpus), found in --data-dir
          --data-dir DIR       where the corpus is (.bench-data; scripts/bench fetches what is missing)
          --data FILE          your own data instead of the corpus, read as --format
          --format F           geonames (default), mdn, wordnet, tsv (header line, then
                               tab-separated rows), jsonl (one JSON object per line; json shape only)
          --label TEXT         the name of --data's data set in tables and the chart
          --shapes LIST        fields,json (default): one field per column, or the record as JSON
          --copies K|auto      index each data set K times; auto (default): enough copies for
                               300,000 documents (GeoNames x3, MDN x15, WordNet x3)
          --rounds R           rounds; every format runs once per round, in turn (default 3)
          --regimes LIST       bulk,tiny (default): flush every 10% + forceMerge(1) / maxBufferedDocs=100
          --formats LIST       all (default) or ids: chunkstore-best-speed,lucene-best-speed,...
          --warmup S --measure S   seconds of warm-up and of measurement per read test (1.5, 3)
          --out DIR            where results.md, results.json and chart.png go (target/bench)
          --heap SIZE          heap of each measuring JVM (4g)
        """;
  }

  /** Runs the benchmark as {@code scripts/bench} does, then exits with {@link #execute}'s code. */
  public static void main(String[] args) throws Exception {
    int exit = execute(args, System.out, System.err);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * Runs the benchmark with {@code args} (see {@link #optionsHelp()}; {@code --help} prints the
   * usage), prints each measurement and the results table to {@code out} and writes {@code
   * results.md}, {@code results.json} and {@code chart.png} to {@code --out}.
   *
   * @return 0 on success, 1 if some document did not read back identical, 2 for bad options
   */
  static int execute(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      usage(out);
      return 0;
    }
    Config config;
    try {
      config = Config.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      return 2;
    }
    List<Measurement> all = run(config, out);
    BenchmarkReport report = new BenchmarkReport(config, all, MachineInfo.describe());
    Files.createDirectories(config.out());
    Files.writeString(config.out().resolve("results.md"), report.markdown());
    Files.writeString(config.out().resolve("results.json"), report.json());
    ScatterChart.write(report, config.out().resolve("chart.png"));
    out.println();
    out.print(report.markdown());
    out.println(
        "bench: wrote " + config.out().resolve("results.md") + ", results.json and chart.png");
    if (!report.allVerified()) {
      err.println("bench: some documents did not read back identical (see 'verified')");
      return 1;
    }
    return 0;
  }

  /**
   * Runs every measurement, rounds interleaved; returns the median per data set, shape, regime and
   * format.
   */
  static List<Measurement> run(Config config, PrintStream log)
      throws IOException, InterruptedException {
    Map<String, List<Measurement>> byKey = new LinkedHashMap<>();
    int perRound = 0;
    for (Dataset dataset : config.datasets()) {
      perRound +=
          dataset.shapes(config.shapes()).size()
              * config.regimes().size()
              * config.formats().size();
    }
    int total = config.rounds() * perRound;
    int done = 0;
    for (int round = 1; round <= config.rounds(); round++) {
      for (Dataset dataset : config.datasets()) {
        for (DataShape shape : dataset.shapes(config.shapes())) {
          for (Regime regime : config.regimes()) {
            for (BenchFormat format : config.formats()) {
              Measurement m = runWorker(config, dataset, shape, regime, format, round);
              done++;
              log.printf(
                  Locale.ROOT,
                  "[%d/%d] round %d %-8s %-5s %-4s %-28s %6.1f B/doc  index %6.2fs  merge %6.2fs  random %9.0f/s  sequential %9.0f/s  %s%n",
                  done,
                  total,
                  round,
                  dataset.id(),
                  shape.id(),
                  regime.id(),
                  format.label(),
                  m.bytesPerDoc(),
                  m.indexSeconds(),
                  m.mergeSeconds(),
                  m.randomDocsPerSecond(),
                  m.sequentialDocsPerSecond(),
                  m.verified() ? "verified" : "NOT VERIFIED: " + m.problem());
              byKey
                  .computeIfAbsent(
                      dataset.id() + "/" + shape.id() + "/" + regime.id() + "/" + format.id(),
                      k -> new ArrayList<>())
                  .add(m);
            }
          }
        }
      }
    }
    List<Measurement> medians = new ArrayList<>();
    for (List<Measurement> rounds : byKey.values()) {
      medians.add(median(rounds));
    }
    return medians;
  }

  private static Measurement runWorker(
      Config config, Dataset dataset, DataShape shape, Regime regime, BenchFormat format, int round)
      throws IOException, InterruptedException {
    Path dir =
        config
            .work()
            .resolve(dataset.id() + "-" + shape.id() + "-" + regime.id() + "-" + format.id());
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path result = config.work().resolve(dir.getFileName() + ".properties");
    Files.deleteIfExists(result);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms" + config.heap(),
            "-Xmx" + config.heap(),
            "-XX:+AlwaysPreTouch",
            "--enable-native-access=ALL-UNNAMED"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BenchmarkWorker.class.getName(),
            "--dataset",
            dataset.id(),
            "--data",
            dataset.path().toString(),
            "--data-format",
            dataset.fileFormat(),
            "--min-docs",
            Integer.toString(AUTO_MIN_DOCS),
            "--shape",
            shape.id(),
            "--copies",
            Integer.toString(config.copies()),
            "--format",
            format.id(),
            "--regime",
            regime.id(),
            "--dir",
            dir.toString(),
            "--warmup",
            Double.toString(config.warmupSeconds()),
            "--measure",
            Double.toString(config.measureSeconds()),
            "--seed",
            Long.toString(round),
            "--result",
            result.toString()));
    Process process = new ProcessBuilder(command).inheritIO().start();
    int exit = process.waitFor();
    deleteRecursively(dir);
    if (exit != 0 || !Files.exists(result)) {
      throw new IOException(
          "the measuring JVM for "
              + format.label()
              + " ("
              + dataset.id()
              + ", "
              + shape.id()
              + ", "
              + regime.id()
              + ") failed with exit code "
              + exit);
    }
    return Measurement.read(result);
  }

  /** The median of every metric separately (rounds are few and odd by default). */
  static Measurement median(List<Measurement> rounds) {
    Measurement first = rounds.get(0);
    String problem =
        rounds.stream().map(Measurement::problem).filter(p -> !p.isEmpty()).findFirst().orElse("");
    long verified = rounds.stream().mapToLong(Measurement::verifiedDocs).min().orElse(0);
    return new Measurement(
        first.dataset(),
        first.copies(),
        first.format(),
        first.shape(),
        first.regime(),
        first.docs(),
        median(rounds, Measurement::indexSeconds),
        median(rounds, Measurement::mergeSeconds),
        (long) median(rounds, m -> m.storedFieldsBytes()),
        (int) median(rounds, m -> m.segments()),
        (long) median(rounds, m -> m.chunks()),
        (long) median(rounds, m -> m.indexHeapBytes()),
        (long) median(rounds, m -> m.dictionaryMemoryBytes()),
        (long) median(rounds, m -> m.dictionaryMemoryTotalBytes()),
        median(rounds, Measurement::dictionaryShare),
        median(rounds, Measurement::randomDocsPerSecond),
        median(rounds, Measurement::sequentialDocsPerSecond),
        verified,
        problem);
  }

  private static double median(
      List<Measurement> rounds, java.util.function.ToDoubleFunction<Measurement> metric) {
    double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
