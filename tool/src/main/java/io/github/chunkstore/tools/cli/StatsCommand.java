package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.tools.JsonText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chunkstore stats INDEX}: stored-fields statistics per segment and in total. */
@Command(
    name = "stats",
    header = "Stored-fields statistics per segment: sizes, ratio, chunks, heap, dictionary.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, per segment and then in total: the codec; the stored fields' mode (Chunkstore's, or"
          + " Lucene's for Lucene104 segments); documents (deleted ones included); chunks and"
          + " documents per chunk (Chunkstore); raw bytes (the stored values' own size: UTF-8"
          + " strings, binary values, 4 or 8 bytes per number); compressed bytes (the stored-fields"
          + " files: .csd .csx .csm, or Lucene's .fdt .fdx .fdm; also inside .cfs files); their"
          + " ratio; the heap the chunk index holds; the bytes of the segment's compression"
          + " dictionary as stored (mode DICTIONARY; 0 in the other modes); and the memory that"
          + " dictionary takes while the segment is open and read: its bytes on the heap plus"
          + " zstd's native copy and tables (an estimate; the native part exists once a document"
          + " has been read, so stats reads one per such segment even with --no-raw).",
      "Raw bytes need every document read; --no-raw skips that. '-' (null in JSON) marks what does"
          + " not apply to a segment's format or was not computed."
    })
final class StatsCommand implements Callable<Integer> {

  /** Segment attribute in which Lucene's stored-fields format records its mode. */
  static final String LUCENE_MODE_ATTRIBUTE = "Lucene90StoredFieldsFormat.mode";

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(
      names = "--no-raw",
      description = "Do not read every document: no raw bytes and no ratio.")
  boolean noRaw;

  @Spec CommandSpec spec;

  /**
   * One segment's numbers, or the totals. Counts are -1 where they do not apply or were not
   * computed; {@code chunkDocs} counts the documents of segments that have chunks.
   */
  record Row(
      String segment,
      String codec,
      String mode,
      long docs,
      long chunkDocs,
      long chunks,
      long rawBytes,
      long compressedBytes,
      long indexHeapBytes,
      long dictionaryBytes,
      long dictionaryMemoryBytes) {

    double docsPerChunk() {
      return chunks <= 0 ? Double.NaN : (double) chunkDocs / chunks;
    }

    double ratio() {
      return rawBytes < 0 || compressedBytes <= 0
          ? Double.NaN
          : (double) rawBytes / compressedBytes;
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Directory dir = Indexes.openDirectory(index);
        DirectoryReader reader = Indexes.openReader(dir);
        Progress bar = Progress.start("stats", noRaw ? 0 : reader.maxDoc(), "docs", !noRaw)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        rows.add(row((SegmentReader) leaf.reader(), dir, bar));
      }
    }
    Row total = total(rows);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, rows, total);
    } else {
      printTable(out, rows, total);
    }
    out.flush();
    return 0;
  }

  private Row row(SegmentReader segment, Directory dir, Progress bar) throws IOException {
    String mode = segment.getSegmentInfo().info.getAttribute(LUCENE_MODE_ATTRIBUTE);
    long chunks = -1;
    long heap = -1;
    long dictionary = -1;
    ChunkstoreStats stats = ChunkstoreStats.of(segment.getFieldsReader()).orElse(null);
    if (stats != null) {
      mode = stats.mode().name();
      chunks = stats.numChunks();
      heap = stats.indexHeapBytes();
      dictionary = stats.dictionaryBytes();
    }
    long rawBytes = -1;
    if (!noRaw) {
      rawBytes = 0;
      StoredFields storedFields = segment.storedFields();
      for (int doc = 0; doc < segment.maxDoc(); doc++) {
        rawBytes += StoredValues.read(storedFields, doc).rawBytes();
      }
      bar.stepBy(segment.maxDoc());
    } else if (dictionary > 0 && segment.maxDoc() > 0) {
      // zstd's native copy of the dictionary is made at the first read: read one document, so the
      // memory reported is the same with and without --no-raw, that of a segment in use.
      segment.storedFields().document(0);
    }
    // Read again: the dictionary's memory is known once a document was read.
    long dictionaryMemory =
        ChunkstoreStats.of(segment.getFieldsReader())
            .map(ChunkstoreStats::dictionaryMemoryBytes)
            .orElse(-1L);
    long docs = segment.maxDoc();
    return new Row(
        segment.getSegmentName(),
        segment.getSegmentInfo().info.getCodec().getName(),
        mode == null ? "-" : mode,
        docs,
        chunks < 0 ? -1 : docs,
        chunks,
        rawBytes,
        Indexes.storedFieldsBytes(dir, segment.getSegmentInfo()),
        heap,
        dictionary,
        dictionaryMemory);
  }

  private static Row total(List<Row> rows) {
    long docs = 0, chunkDocs = -1, chunks = -1, raw = 0, compressed = 0, heap = -1, dictionary = -1;
    long dictionaryMemory = -1;
    boolean allRaw = true;
    for (Row r : rows) {
      docs += r.docs;
      compressed += r.compressedBytes;
      allRaw &= r.rawBytes >= 0;
      raw += Math.max(0, r.rawBytes);
      chunkDocs = sum(chunkDocs, r.chunkDocs);
      chunks = sum(chunks, r.chunks);
      heap = sum(heap, r.indexHeapBytes);
      dictionary = sum(dictionary, r.dictionaryBytes);
      dictionaryMemory = sum(dictionaryMemory, r.dictionaryMemoryBytes);
    }
    return new Row(
        "total",
        "",
        "",
        docs,
        chunkDocs,
        chunks,
        allRaw ? raw : -1,
        compressed,
        heap,
        dictionary,
        dictionaryMemory);
  }

  /** Sum of the counts that apply (>= 0); -1 if none does. */
  private static long sum(long a, long b) {
    return a < 0 ? b : b < 0 ? a : a + b;
  }

  private static String count(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }

  private static String decimal(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
  }

  private static final String[] HEADER = {
    "segment",
    "codec",
    "mode",
    "docs",
    "chunks",
    "docs/chunk",
    "raw bytes",
    "compressed bytes",
    "ratio",
    "index heap",
    "dictionary",
    "dictionary memory"
  };

  private static String[] cells(Row r) {
    return new String[] {
      r.segment,
      r.codec,
      r.mode,
      count(r.docs),
      count(r.chunks),
      decimal(r.docsPerChunk()),
      count(r.rawBytes),
      count(r.compressedBytes),
      decimal(r.ratio()),
      count(r.indexHeapBytes),
      count(r.dictionaryBytes),
      count(r.dictionaryMemoryBytes)
    };
  }

  private static void printTable(PrintWriter out, List<Row> rows, Row total) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Row r : rows) {
      lines.add(cells(r));
    }
    lines.add(cells(total));
    int[] width = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    for (int l = 0; l < lines.size(); l++) {
      if (l == 1 || l == lines.size() - 1) {
        out.println(rule);
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = lines.get(l)[i];
        String pad = " ".repeat(width[i] - cell.length());
        // Names left-aligned, numbers right-aligned.
        line.append(i == 0 ? "" : " | ").append(i < 3 ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static void printJson(PrintWriter out, List<Row> rows, Row total) {
    StringBuilder sb = new StringBuilder("{\"segments\":[");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      json(sb, rows.get(i), true);
    }
    sb.append("],\"total\":");
    json(sb, total, false);
    out.println(sb.append('}'));
  }

  private static void json(StringBuilder sb, Row r, boolean segment) {
    sb.append('{');
    if (segment) {
      JsonText.appendString(sb.append("\"segment\":"), r.segment).append(',');
      JsonText.appendString(sb.append("\"codec\":"), r.codec).append(',');
      sb.append("\"mode\":");
      if (r.mode.equals("-")) {
        sb.append("null");
      } else {
        JsonText.appendString(sb, r.mode);
      }
      sb.append(',');
    }
    sb.append("\"docs\":").append(r.docs);
    sb.append(",\"chunks\":").append(nullable(r.chunks));
    sb.append(",\"docsPerChunk\":").append(nullable(r.docsPerChunk()));
    sb.append(",\"rawBytes\":").append(nullable(r.rawBytes));
    sb.append(",\"compressedBytes\":").append(r.compressedBytes);
    sb.append(",\"ratio\":").append(nullable(r.ratio()));
    sb.append(",\"indexHeapBytes\":").append(nullable(r.indexHeapBytes));
    sb.append(",\"dictionaryBytes\":").append(nullable(r.dictionaryBytes));
    sb.append(",\"dictionaryMemoryBytes\":").append(nullable(r.dictionaryMemoryBytes));
    sb.append('}');
  }

  private static String nullable(long n) {
    return n < 0 ? "null" : Long.toString(n);
  }

  private static String nullable(double d) {
    return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.4f", d);
  }
}
