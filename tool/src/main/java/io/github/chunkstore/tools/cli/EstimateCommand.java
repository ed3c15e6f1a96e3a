package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chunkstore estimate INDEX}: what each Chunkstore mode and each Lucene104 mode would make
 * of a sample of the index's stored documents.
 */
@Command(
    name = "estimate",
    header = "Estimates each stored-fields format's size and speed on a sample of an index.",
    mixinStandardHelpOptions = true,
    description = {
      "Samples the live documents of any index this Lucene reads (every segment in proportion to"
          + " its live documents, in runs of up to 64 consecutive documents spread evenly over it),"
          + " writes the sample with each Chunkstore mode and each Lucene104 mode into a temporary"
          + " directory as a bulk load (4 flushes, then one merge into one segment) and prints,"
          + " per format: the stored-fields bytes per document; random reads per second (batches"
          + " of 10 random documents, each batch through a new StoredFields, as a search fetching"
          + " a page of hits); sequential reads per second (every document in order); and the"
          + " time the writes and the merge took. Each read measurement runs for --seconds after"
          + " a warm-up of a quarter of that. Stored fields are copied exactly: field names,"
          + " order, types and values; nothing else of the index is.",
      "Recommendation: the smallest Chunkstore mode (fewest bytes per document) that reads random"
          + " documents at least as fast as Lucene104 BEST_SPEED; if none does, the format that"
          + " reads random documents fastest.",
      "Timings depend on the machine and its load: compare the rows of one run. The temporary"
          + " directories are deleted at the end, also after a failure or an interrupt."
    })
final class EstimateCommand implements Callable<Integer> {

  /** Documents read from the source at a time before they are written (untimed). */
  private static final int BATCH = 1024;

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "Live documents to sample (default: ${DEFAULT-VALUE}, or all if fewer).")
  int sample = 100_000;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Duration of each read measurement (default: ${DEFAULT-VALUE}).")
  double seconds = 1.0;

  @Option(
      names = "--temp-dir",
      paramLabel = "DIR",
      description =
          "Where to write the temporary indexes (default: the system's temporary" + " directory).")
  Path tempDir;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(
      names = "--no-progress",
      description = "No progress bar (it is shown only on a terminal anyway).")
  boolean noProgress;

  @Spec CommandSpec spec;

  /** A format to try: its label, its codec and mode names, and how to make its codec. */
  record Format(String label, String mode, boolean chunkstore, Supplier<Codec> codec) {}

  /** The formats, in the order printed. */
  static List<Format> formats() {
    List<Format> formats = new ArrayList<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      formats.add(
          new Format("Chunkstore " + mode, mode.name(), true, () -> new ChunkstoreCodec(mode)));
    }
    for (Lucene104Codec.Mode mode : Lucene104Codec.Mode.values()) {
      formats.add(
          new Format("Lucene104 " + mode, mode.name(), false, () -> new Lucene104Codec(mode)));
    }
    return formats;
  }

  /** The format the recommendation compares random reads with. */
  static final String BASELINE = "Lucene104 BEST_SPEED";

  @Override
  public Integer call() throws Exception {
    if (sample < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sample must be at least 1, was " + sample);
    }
    if (!(seconds > 0 && seconds <= 600)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seconds must be more than 0 and at most 600, was " + seconds);
    }
    EstimateReport report;
    try (Directory src = Indexes.openDirectory(index);
        DirectoryReader reader = Indexes.openReader(src)) {
      if (reader.numDocs() == 0) {
        throw new Errors.UserError(index + " has no live documents to sample");
      }
      int[][] picks = Sample.pick(reader, sample);
      int docs = 0;
      for (int[] leafPicks : picks) {
        docs += leafPicks.length;
      }
      Path root =
          tempDir == null
              ? Files.createTempDirectory("chunkstore-estimate-")
              : Files.createTempDirectory(Files.createDirectories(tempDir), "chunkstore-estimate-");
      // Deletes the temporary indexes when the JVM is stopped (Ctrl-C) before the finally below.
      Thread cleanUp = new Thread(() -> deleteQuietly(root));
      Runtime.getRuntime().addShutdownHook(cleanUp);
      try {
        report = run(reader, picks, docs, root);
      } finally {
        deleteQuietly(root);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs (or ran) anyway.
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
    } else {
      report.printTable(out);
    }
    out.flush();
    return 0;
  }

  private EstimateReport run(DirectoryReader source, int[][] picks, int docs, Path root)
      throws IOException {
    List<Format> formats = formats();
    List<EstimateReport.Row> rows = new ArrayList<>();
    // Staging the sample first: every format then reads the same documents quickly, in order, and
    // the write path is warm (JIT-compiled) before any write is timed.
    try (Progress bar =
        Progress.start("estimate", docs + 3L * docs * formats.size(), "steps", !noProgress)) {
      Path staged = root.resolve("sample");
      try (BulkWriter writer =
          new BulkWriter(staged, new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED), docs)) {
        copy(source, picks, writer, bar);
        writer.finish();
      }
      try (Directory stagedDir = FSDirectory.open(staged);
          DirectoryReader sample = DirectoryReader.open(stagedDir)) {
        int[][] all = {allDocs(sample)};
        for (Format format : formats) {
          Path path = root.resolve(slug(format.label()));
          rows.add(trial(format, path, docs, sample, all, bar));
          IOUtils.rm(path); // keeps the disk used to two copies of the sample
        }
      }
    }
    return new EstimateReport(index.toString(), source.numDocs(), source.leaves().size(), rows);
  }

  /** Writes the sample with one format and measures it; a row saying why if it is unavailable. */
  private EstimateReport.Row trial(
      Format format, Path path, int docs, IndexReader from, int[][] picks, Progress bar)
      throws IOException {
    Codec codec;
    try {
      codec = format.codec().get();
    } catch (IllegalStateException e) {
      // zstd-jni's native library did not load: the other formats can still be compared.
      bar.stepBy(3L * docs);
      return EstimateReport.Row.unavailable(format, Errors.message(e));
    }
    long nanos;
    try (BulkWriter writer = new BulkWriter(path, codec, docs)) {
      copy(from, picks, writer, bar);
      writer.finish();
      nanos = writer.nanos();
    }
    try (Directory dir = FSDirectory.open(path);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      long bytes = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        bytes += Indexes.storedFieldsBytes(dir, ((SegmentReader) leaf.reader()).getSegmentInfo());
      }
      double random = ReadSpeed.random(reader, seconds, 42);
      bar.stepBy(docs);
      double sequential = ReadSpeed.sequential(reader, seconds);
      bar.stepBy(docs);
      return new EstimateReport.Row(
          format, codec.getName(), reader.numDocs(), bytes, random, sequential, nanos, null);
    }
  }

  /** Reads the picked documents of each leaf in order, a batch at a time, into the writer. */
  private static void copy(IndexReader from, int[][] picks, BulkWriter writer, Progress bar)
      throws IOException {
    List<LeafReaderContext> leaves = from.leaves();
    List<Document> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < leaves.size(); i++) {
      StoredFields storedFields = leaves.get(i).reader().storedFields();
      for (int doc : picks[i]) {
        batch.add(BulkWriter.document(StoredValues.read(storedFields, doc)));
        if (batch.size() == BATCH) {
          writer.add(batch);
          bar.stepBy(batch.size());
          batch.clear();
        }
      }
    }
    writer.add(batch);
    bar.stepBy(batch.size());
  }

  /** Every document of a reader without deletions, as picks for its one leaf. */
  private static int[] allDocs(DirectoryReader reader) {
    if (reader.leaves().size() != 1 || reader.hasDeletions()) {
      throw new IllegalStateException("expected one segment without deletions: " + reader);
    }
    int[] docs = new int[reader.maxDoc()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = i;
    }
    return docs;
  }

  /** A directory name for a format: "Lucene104 BEST_SPEED" is lucene104-best_speed. */
  private static String slug(String label) {
    return label.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  private static void deleteQuietly(Path root) {
    try {
      IOUtils.rm(root);
    } catch (IOException | RuntimeException e) {
      System.err.println("estimate: could not delete " + root + ": " + Errors.message(e));
    }
  }
}
