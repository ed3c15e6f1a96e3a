package io.github.chunkstore.tools;

import static io.github.chunkstore.tools.GeoNamesTable.ALTERNATENAMES;
import static io.github.chunkstore.tools.GeoNamesTable.COLUMNS;
import static io.github.chunkstore.tools.GeoNamesTable.COUNTRY_CODE;
import static io.github.chunkstore.tools.GeoNamesTable.GEONAMEID;
import static io.github.chunkstore.tools.GeoNamesTable.LATITUDE;
import static io.github.chunkstore.tools.GeoNamesTable.LONGITUDE;
import static io.github.chunkstore.tools.GeoNamesTable.NAME;
import static io.github.chunkstore.tools.GeoNamesTable.POPULATION;
import static io.github.chunkstore.tools.GeoNamesTable.TIMEZONE;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A short, self-checking tour of Chunkstore on real data.
 *
 * <p>The demo reads a bundled sample of 3,000 rows of the GeoNames {@code cities1000} table (19
 * tab-separated columns per row; see {@link GeoNamesTable}) and indexes one document per row, all
 * 19 columns as stored fields, once with {@link ChunkstoreCodec} in every {@link
 * ChunkstoreCodec.Mode} and once with Lucene's default {@link Lucene104Codec} in each of its two
 * modes. Every index is written by one thread into its own {@link FSDirectory} without compound
 * files and merged down to one segment. The demo then
 *
 * <ul>
 *   <li>fetches a few documents by id (a {@link TermQuery} on the unstored {@value
 *       GeoNamesTable#ID_FIELD} field) and prints three of them,
 *   <li>reads every stored document back and compares it with its source row,
 *   <li>runs {@link CheckIndex} at {@link CheckIndex.Level#MIN_LEVEL_FOR_INTEGRITY_CHECKS}, which
 *       verifies every file's checksum and decodes every stored document again,
 *   <li>and prints a table of the stored-fields files' size, bytes per document and, for
 *       Chunkstore, documents per chunk and the heap held by the chunk index.
 * </ul>
 *
 * <p>{@link #main} exits with status 1 if an index is not clean, a document differs from its row,
 * or a format fails; {@link #run} does the same work and returns a {@link Result} instead.
 *
 * <p>Reading the table, turning rows into documents and comparing them is {@link GeoNamesTable}'s
 * work, which also credits the sample data.
 */
public final class Demo {

  private static final int DOCUMENTS_TO_FETCH = 5;
  private static final int DOCUMENTS_TO_SHOW = 3;

  private static final Set<String> CHUNKSTORE_EXTENSIONS =
      Set.of(
          ChunkstoreStoredFieldsFormat.DATA_EXTENSION,
          ChunkstoreStoredFieldsFormat.INDEX_EXTENSION,
          ChunkstoreStoredFieldsFormat.META_EXTENSION);
  private static final Set<String> LUCENE_EXTENSIONS = Set.of("fdt", "fdx", "fdm");

  /**
   * Lucene logs through java.util.logging which vector implementation it picked; stored fields use
   * no vectors, so the demo keeps that note off its console. Held here so that the logger, and with
   * it the level, is not garbage-collected.
   */
  private static final Logger VECTORIZATION_LOGGER =
      Logger.getLogger("org.apache.lucene.internal.vectorization");

  private Demo() {}

  /** One codec configuration the demo indexes with. */
  private record Format(
      String name,
      Supplier<Codec> codec,
      Set<String> storedFieldsExtensions,
      ChunkstoreCodec.Mode chunkstoreMode) {

    boolean isChunkstore() {
      return chunkstoreMode != null;
    }
  }

  private static List<Format> formats() {
    List<Format> formats = new ArrayList<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      formats.add(
          new Format(
              "Chunkstore " + mode, () -> new ChunkstoreCodec(mode), CHUNKSTORE_EXTENSIONS, mode));
    }
    for (Lucene104Codec.Mode mode : Lucene104Codec.Mode.values()) {
      formats.add(
          new Format("Lucene104 " + mode, () -> new Lucene104Codec(mode), LUCENE_EXTENSIONS, null));
    }
    return formats;
  }

  /** What {@link CheckIndex} said about an index. */
  public enum CheckIndexOutcome {
    /** No problem found. */
    CLEAN,
    /** Problems found; the demo reports CheckIndex's output. */
    NOT_CLEAN,
    /** CheckIndex did not run or did not finish, because an earlier step or CheckIndex failed. */
    NOT_RUN
  }

  /**
   * What the demo found for one format.
   *
   * @param format the format's name, such as {@code Chunkstore BEST_SPEED}
   * @param docs live documents in the index
   * @param storedFieldsBytes total size of the segments' stored-fields files
   * @param chunks chunks in the stored-fields data, or -1 where the format does not report them
   * @param indexHeapBytes heap held by the chunk index, or -1 where the format does not report it
   * @param checkIndex what {@link CheckIndex} said
   * @param documentsMatched documents read back that equal their source row
   * @param problems everything that went wrong; empty when the format passed
   */
  public record FormatResult(
      String format,
      int docs,
      long storedFieldsBytes,
      long chunks,
      long indexHeapBytes,
      CheckIndexOutcome checkIndex,
      int documentsMatched,
      List<String> problems) {

    /** Copies {@code problems}. */
    public FormatResult {
      problems = List.copyOf(problems);
    }

    /**
     * Stored-fields bytes per document.
     *
     * @return the ratio, or NaN for an empty index
     */
    public double bytesPerDoc() {
      return docs == 0 ? Double.NaN : (double) storedFieldsBytes / docs;
    }

    /**
     * Documents per chunk.
     *
     * @return the ratio, or NaN where the format does not report chunks
     */
    public double docsPerChunk() {
      return chunks <= 0 ? Double.NaN : (double) docs / chunks;
    }

    /**
     * Whether {@link CheckIndex} ran and found the index clean.
     *
     * @return true if clean
     */
    public boolean checkIndexClean() {
      return checkIndex == CheckIndexOutcome.CLEAN;
    }

    /**
     * Whether this format passed.
     *
     * @return true if the index was clean and every document matched its row
     */
    public boolean ok() {
      return problems.isEmpty() && checkIndexClean();
    }
  }

  /**
   * What the demo found overall.
   *
   * @param rows rows read from the input
   * @param formats one entry per format, in the order they ran
   * @param shownDocuments compact descriptions of the documents printed after fetching them by id
   */
  public record Result(int rows, List<FormatResult> formats, List<String> shownDocuments) {

    /** Copies the lists. */
    public Result {
      formats = List.copyOf(formats);
      shownDocuments = List.copyOf(shownDocuments);
    }

    /**
     * Whether the whole demo passed.
     *
     * @return true if every format passed
     */
    public boolean ok() {
      return !formats.isEmpty() && formats.stream().allMatch(FormatResult::ok);
    }
  }

  /**
   * Runs the demo on the bundled sample, or on {@code --input FILE}; see {@code --help}.
   *
   * @param args command-line arguments
   * @throws Exception if the input cannot be read or a temporary directory cannot be made
   */
  public static void main(String[] args) throws Exception {
    Path input = null;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--input" -> {
          if (i + 1 >= args.length) {
            usage(System.err);
            System.exit(2);
          }
          input = Path.of(args[++i]);
        }
        case "--keep" -> keep = true;
        case "-h", "--help" -> {
          usage(System.out);
          return;
        }
        default -> {
          System.err.println("demo: unknown argument " + args[i]);
          usage(System.err);
          System.exit(2);
        }
      }
    }

    VECTORIZATION_LOGGER.setLevel(Level.SEVERE);

    List<String[]> rows;
    String source;
    if (input == null) {
      rows = GeoNamesTable.readSample();
      source = "the bundled GeoNames sample (" + GeoNamesTable.SAMPLE_RESOURCE + ")";
    } else {
      try (InputStream in = Files.newInputStream(input)) {
        rows = GeoNamesTable.readRows(in);
      }
      source = input.toString();
    }

    Path workDir = Files.createTempDirectory("chunkstore-demo-");
    Result result;
    try {
      PrintStream out = System.out;
      out.printf(
          Locale.ROOT,
          "Chunkstore demo: %,d rows of %s, one document per row with %d stored fields.%n",
          rows.size(),
          source,
          COLUMNS.size());
      out.println("Indexes go under " + workDir + (keep ? " (kept)." : " (deleted at the end)."));
      result = run(rows, workDir, out);
    } finally {
      if (!keep) {
        deleteRecursively(workDir);
      }
    }
    System.out.flush();
    if (!result.ok()) {
      System.exit(1);
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: Demo [--input FILE] [--keep]");
    out.println("  --input FILE  a GeoNames table (19 tab-separated columns, plain or gzipped)");
    out.println("                instead of the bundled " + GeoNamesTable.SAMPLE_RESOURCE);
    out.println("  --keep        keep the index directories and print where they are");
  }

  /**
   * Indexes {@code rows} with every format, checks each index and prints the findings.
   *
   * @param rows GeoNames rows as returned by {@link GeoNamesTable#readRows}; at least one
   * @param workDir an existing directory; one subdirectory per format is created in it
   * @param out where the report goes
   * @return what was found; {@link Result#ok()} tells whether everything passed
   * @throws IOException if a directory cannot be created
   */
  public static Result run(List<String[]> rows, Path workDir, PrintStream out) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows to index");
    }
    Map<Long, String[]> byId = new HashMap<>();
    for (String[] row : rows) {
      byId.put(Long.parseLong(row[GEONAMEID]), row);
    }
    // Rows to fetch by id: spread evenly over the input.
    int fetchCount = Math.min(DOCUMENTS_TO_FETCH, rows.size());
    List<String[]> toFetch = new ArrayList<>();
    for (int i = 0; i < fetchCount; i++) {
      toFetch.add(rows.get((int) ((2L * i + 1) * rows.size() / (2L * fetchCount))));
    }

    List<FormatResult> results = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    String shownFrom = null;
    for (Format format : formats()) {
      out.println("  indexing, checking and reading back with " + format.name() + " ...");
      out.flush();
      Path dir = workDir.resolve(format.name().toLowerCase(Locale.ROOT).replace(' ', '-'));
      Files.createDirectories(dir);
      List<Document> fetched = new ArrayList<>();
      results.add(runFormat(format, rows, byId, toFetch, dir, fetched));
      if (shown.isEmpty() && !fetched.isEmpty()) {
        for (Document doc : fetched.subList(0, Math.min(DOCUMENTS_TO_SHOW, fetched.size()))) {
          shown.add(describe(doc));
        }
        shownFrom = format.name();
      }
    }

    out.println();
    if (!shown.isEmpty()) {
      out.println(
          shown.size()
              + " of the "
              + toFetch.size()
              + " documents fetched by id (TermQuery on \""
              + GeoNamesTable.ID_FIELD
              + "\") from the "
              + shownFrom
              + " index:");
      for (String line : shown) {
        out.println("  " + line);
      }
      out.println();
    }
    Result result = new Result(rows.size(), results, shown);
    printTable(result, out);
    return result;
  }

  /** What one format's run has found so far. */
  private static final class Findings {
    final List<String> problems = new ArrayList<>();
    int docs;
    long storedBytes;
    long chunks;
    long heap;
    CheckIndexOutcome checkIndex = CheckIndexOutcome.NOT_RUN;
    int matched;
  }

  /** A step of {@link #runFormat} that may fail. */
  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  /** Runs one step; a failure becomes a problem. Returns whether the step succeeded. */
  private static boolean step(Findings findings, String what, Step step) {
    try {
      step.run();
      return true;
    } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
      findings.problems.add(what + " failed: " + describe(e));
      return false;
    }
  }

  private static FormatResult runFormat(
      Format format,
      List<String[]> rows,
      Map<Long, String[]> byId,
      List<String[]> toFetch,
      Path path,
      List<Document> fetched) {
    Findings findings = new Findings();
    findings.chunks = format.isChunkstore() ? 0 : -1;
    findings.heap = format.isChunkstore() ? 0 : -1;
    Directory[] holder = new Directory[1];
    if (step(findings, "opening " + path, () -> holder[0] = FSDirectory.open(path))) {
      try (Directory dir = holder[0]) {
        if (step(findings, "indexing", () -> index(format, rows, dir))) {
          step(
              findings,
              "reading back",
              () -> readBack(format, rows, byId, toFetch, dir, fetched, findings));
          step(findings, "CheckIndex", () -> checkIndex(dir, findings));
        }
      } catch (IOException e) {
        findings.problems.add("closing the directory failed: " + describe(e));
      }
    }
    return new FormatResult(
        format.name(),
        findings.docs,
        findings.storedBytes,
        findings.chunks,
        findings.heap,
        findings.checkIndex,
        findings.matched,
        findings.problems);
  }

  /** One thread, no compound files, merged to one segment, committed. */
  private static void index(Format format, List<String[]> rows, Directory dir) throws IOException {
    IndexWriterConfig iwc = new IndexWriterConfig();
    iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    iwc.setCodec(format.codec().get());
    iwc.setUseCompoundFile(false);
    iwc.getMergePolicy().setNoCFSRatio(0.0);
    iwc.setMergeScheduler(new SerialMergeScheduler());
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      for (String[] row : rows) {
        writer.addDocument(GeoNamesTable.toDocument(row));
      }
      writer.forceMerge(1);
      writer.commit();
    }
  }

  /** Measures the segments, looks documents up by id and compares every document with its row. */
  private static void readBack(
      Format format,
      List<String[]> rows,
      Map<Long, String[]> byId,
      List<String[]> toFetch,
      Directory dir,
      List<Document> fetched,
      Findings findings)
      throws IOException {
    List<String> problems = findings.problems;
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      findings.docs = reader.numDocs();
      if (findings.docs != rows.size()) {
        problems.add(findings.docs + " documents in the index, " + rows.size() + " rows indexed");
      }
      for (LeafReaderContext leaf : reader.leaves()) {
        LeafReader leafReader = leaf.reader();
        if (!(leafReader instanceof SegmentReader segment)) {
          problems.add("unexpected leaf reader " + leafReader.getClass().getName());
          continue;
        }
        long segmentBytes = 0;
        for (String file : segment.getSegmentInfo().files()) {
          if (format.storedFieldsExtensions().contains(IndexFileNames.getExtension(file))) {
            segmentBytes += dir.fileLength(file);
          }
        }
        if (segmentBytes == 0 && segment.maxDoc() > 0) {
          problems.add(
              "segment "
                  + segment.getSegmentName()
                  + " has no stored-fields files ("
                  + extensionList(format.storedFieldsExtensions())
                  + "); its files: "
                  + segment.getSegmentInfo().files());
        }
        findings.storedBytes += segmentBytes;
        if (format.isChunkstore()) {
          StoredFieldsReader fieldsReader = ((CodecReader) leafReader).getFieldsReader();
          ChunkstoreStats chunkstore = ChunkstoreStats.of(fieldsReader).orElse(null);
          if (chunkstore != null) {
            findings.chunks += chunkstore.numChunks();
            findings.heap += chunkstore.indexHeapBytes();
            if (chunkstore.mode() != format.chunkstoreMode()) {
              problems.add(
                  "segment "
                      + segment.getSegmentName()
                      + " records mode "
                      + chunkstore.mode()
                      + ", written with "
                      + format.chunkstoreMode());
            }
          } else {
            problems.add(
                "segment "
                    + segment.getSegmentName()
                    + " has stored-fields reader "
                    + (fieldsReader == null ? "null" : fieldsReader.getClass().getName()));
          }
        }
      }
      if (format.isChunkstore() && findings.docs > 0 && findings.chunks <= 0) {
        problems.add("the stored-fields reader reports " + findings.chunks + " chunks");
      }

      // Look a few documents up by id, the way an application gets a record.
      IndexSearcher searcher = new IndexSearcher(reader);
      StoredFields searcherFields = searcher.storedFields();
      for (String[] row : toFetch) {
        TopDocs hits =
            searcher.search(new TermQuery(new Term(GeoNamesTable.ID_FIELD, row[GEONAMEID])), 2);
        if (hits.totalHits.value() != 1) {
          problems.add(
              "id " + row[GEONAMEID] + ": " + hits.totalHits.value() + " hits, expected 1");
          continue;
        }
        Document doc = searcherFields.document(hits.scoreDocs[0].doc);
        String difference = GeoNamesTable.compare(doc, row);
        if (difference != null) {
          problems.add("document fetched by id " + row[GEONAMEID] + " " + difference);
        }
        fetched.add(doc);
      }

      // Read every document back in docID order and compare it with its row.
      StoredFields storedFields = reader.storedFields();
      Set<Long> seen = new HashSet<>();
      int reported = 0;
      for (int docID = 0; docID < reader.maxDoc(); docID++) {
        Document doc = storedFields.document(docID);
        IndexableField idField = doc.getField(COLUMNS.get(GEONAMEID));
        Number id = idField == null ? null : idField.numericValue();
        String[] row = id == null ? null : byId.get(id.longValue());
        String difference;
        if (row == null) {
          difference = "has no known geonameid: " + doc;
        } else if (!seen.add(id.longValue())) {
          difference = "repeats geonameid " + id;
        } else {
          difference = GeoNamesTable.compare(doc, row);
        }
        if (difference == null) {
          findings.matched++;
        } else if (reported++ < 10) {
          problems.add("doc " + docID + " " + difference);
        }
      }
      if (findings.matched != rows.size()) {
        problems.add(findings.matched + " of " + rows.size() + " documents match their row");
      }
    }
  }

  private static void checkIndex(Directory dir, Findings findings) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    boolean clean;
    try (CheckIndex checker = new CheckIndex(dir)) {
      checker.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
      checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
      clean = checker.checkIndex().clean;
    }
    findings.checkIndex = clean ? CheckIndexOutcome.CLEAN : CheckIndexOutcome.NOT_CLEAN;
    if (!clean) {
      findings.problems.add("CheckIndex is not clean:\n" + log.toString(StandardCharsets.UTF_8));
    }
  }

  /** One line for a fetched document. */
  private static String describe(Document doc) {
    String alternates = doc.get(COLUMNS.get(ALTERNATENAMES));
    int names = alternates == null || alternates.isEmpty() ? 0 : alternates.split(",").length;
    return String.format(
        Locale.ROOT,
        "%s  %s (%s)  %s, %s  population %s  %s  [%d stored fields; alternate names: %d]",
        doc.getField(COLUMNS.get(GEONAMEID)).numericValue(),
        doc.get(COLUMNS.get(NAME)),
        doc.get(COLUMNS.get(COUNTRY_CODE)),
        doc.getField(COLUMNS.get(LATITUDE)).numericValue(),
        doc.getField(COLUMNS.get(LONGITUDE)).numericValue(),
        doc.getField(COLUMNS.get(POPULATION)).numericValue(),
        doc.get(COLUMNS.get(TIMEZONE)),
        doc.getFields().size(),
        names);
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder(t.toString());
    for (Throwable cause = t.getCause(); cause != null && cause != t; cause = cause.getCause()) {
      sb.append("; caused by ").append(cause);
      if (cause.getCause() == cause) {
        break;
      }
    }
    StackTraceElement[] trace = t.getStackTrace();
    if (trace.length > 0) {
      sb.append(" at ").append(trace[0]);
    }
    return sb.toString();
  }

  private static void printTable(Result result, PrintStream out) {
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "format",
          "docs",
          "stored-fields bytes",
          "bytes/doc",
          "docs/chunk",
          "index heap bytes",
          "CheckIndex",
          "documents"
        });
    for (FormatResult r : result.formats()) {
      boolean chunkstore = r.chunks() >= 0;
      table.add(
          new String[] {
            r.format(),
            String.format(Locale.ROOT, "%,d", r.docs()),
            String.format(Locale.ROOT, "%,d", r.storedFieldsBytes()),
            Double.isNaN(r.bytesPerDoc())
                ? "-"
                : String.format(Locale.ROOT, "%.1f", r.bytesPerDoc()),
            !chunkstore
                ? "n/a"
                : Double.isNaN(r.docsPerChunk())
                    ? "-"
                    : String.format(Locale.ROOT, "%.1f", r.docsPerChunk()),
            r.indexHeapBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", r.indexHeapBytes()),
            switch (r.checkIndex()) {
              case CLEAN -> "clean";
              case NOT_CLEAN -> "NOT CLEAN";
              case NOT_RUN -> "not run";
            },
            r.documentsMatched() == result.rows()
                ? "all match"
                : r.documentsMatched() + "/" + result.rows() + " match"
          });
    }
    int[] widths = new int[table.get(0).length];
    for (String[] row : table) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (int r = 0; r < table.size(); r++) {
      String[] row = table.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          line.append(" | ");
        }
        // Text columns left-aligned, numbers right-aligned.
        boolean left = c == 0 || c >= 6;
        String cell = row[c];
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(left ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
          if (c > 0) {
            rule.append("-+-");
          }
          rule.append("-".repeat(widths[c]));
        }
        out.println(rule);
      }
    }
    out.println();
    out.println(
        "stored-fields bytes: the merged segment's "
            + extensionList(CHUNKSTORE_EXTENSIONS)
            + " files (Chunkstore) or "
            + extensionList(LUCENE_EXTENSIONS)
            + " files (Lucene104).");
    out.println(
        "CheckIndex ran at MIN_LEVEL_FOR_INTEGRITY_CHECKS: every file's checksum, then every"
            + " stored document decoded again.");
    for (FormatResult r : result.formats()) {
      for (String problem : r.problems()) {
        out.println("PROBLEM " + r.format() + ": " + problem);
      }
    }
    if (result.ok()) {
      out.println(
          "Result: OK, every index is clean and every stored document equals its source row.");
    } else {
      out.println("Result: FAILED (see the problems above).");
    }
  }

  private static String extensionList(Set<String> extensions) {
    return String.join(" ", extensions.stream().sorted().map(e -> "." + e).toList());
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }
}
