package io.github.chunkstore.tools.cli;

import io.github.chunkstore.format.ChunkstoreStoredFieldsReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chunkstore stats INDEX}: stored-fields statistics per segment and in total. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, per segment and in total, the codec, the Chunkstore mode ('-' for other stored"
          + " fields), documents, chunks, the stored-fields files' bytes and the chunk index's heap.",
      "Raw bytes (the stored values' own size) and the compression ratio need every document read:"
          + " --raw."
    })
final class StatsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(
      names = "--raw",
      description = "Also read every document to sum its values' bytes (UTF-8 strings, binary,"
          + " 4 or 8 bytes per number) and print the compression ratio.")
  boolean raw;

  @Spec CommandSpec spec;

  /** One segment's numbers, or the totals (segment "total"). */
  record Row(
      String segment,
      String codec,
      String mode,
      long docs,
      long chunks,
      long storedBytes,
      long rawBytes,
      long indexHeapBytes,
      long dictionaryBytes) {

    double docsPerChunk() {
      return chunks <= 0 ? Double.NaN : (double) docs / chunks;
    }

    double ratio() {
      return rawBytes < 0 || storedBytes == 0 ? Double.NaN : (double) rawBytes / storedBytes;
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Directory dir = Indexes.openDirectory(index);
        DirectoryReader reader = Indexes.openReader(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        rows.add(row((SegmentReader) leaf.reader(), dir));
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

  private Row row(SegmentReader segment, Directory dir) throws java.io.IOException {
    String mode = "-";
    long chunks = -1;
    long heap = -1;
    long docs = segment.maxDoc();
    if (((CodecReader) segment).getFieldsReader() instanceof ChunkstoreStoredFieldsReader chunkstore) {
      mode = chunkstore.mode().name();
      chunks = chunkstore.numChunks();
      heap = chunkstore.indexRamBytesUsed();
    }
    long rawBytes = -1;
    if (raw) {
      rawBytes = 0;
      StoredFields storedFields = segment.storedFields();
      for (int doc = 0; doc < segment.maxDoc(); doc++) {
        rawBytes += StoredValues.read(storedFields, doc).rawBytes();
      }
    }
    return new Row(
        segment.getSegmentName(),
        segment.getSegmentInfo().info.getCodec().getName(),
        mode,
        docs,
        chunks,
        Indexes.storedFieldsBytes(dir, segment.getSegmentInfo()),
        rawBytes,
        heap,
        // A DICTIONARY mode is planned; no mode has a dictionary today.
        mode.equals("-") ? -1 : 0);
  }

  private static Row total(List<Row> rows) {
    long docs = 0, chunks = 0, stored = 0, rawBytes = 0, heap = 0, dictionary = 0;
    boolean anyChunkstore = false, allRaw = true;
    for (Row r : rows) {
      docs += r.docs;
      stored += r.storedBytes;
      if (r.chunks >= 0) {
        anyChunkstore = true;
        chunks += r.chunks;
        heap += r.indexHeapBytes;
        dictionary += r.dictionaryBytes;
      }
      allRaw &= r.rawBytes >= 0;
      rawBytes += r.rawBytes;
    }
    return new Row(
        "total",
        "",
        "",
        docs,
        anyChunkstore ? chunks : -1,
        stored,
        allRaw ? rawBytes : -1,
        anyChunkstore ? heap : -1,
        anyChunkstore ? dictionary : -1);
  }

  private static String count(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }

  private static String decimal(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
  }

  private static void printTable(PrintWriter out, List<Row> rows, Row total) {
    String[] header = {
      "segment", "codec", "mode", "docs", "chunks", "docs/chunk", "raw bytes", "stored bytes", "ratio",
      "index heap", "dictionary"
    };
    List<String[]> cells = new ArrayList<>();
    cells.add(header);
    for (Row r : rows) {
      cells.add(cells(r));
    }
    cells.add(cells(total));
    int[] width = new int[header.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (int l = 0; l < cells.size(); l++) {
      if (l == 1 || l == cells.size() - 1) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = cells.get(l)[i];
        String pad = " ".repeat(width[i] - cell.length());
        // Names left-aligned, numbers right-aligned.
        line.append(i == 0 ? "" : " | ").append(i < 3 ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
    }
    if (total.rawBytes < 0) {
      out.println("raw bytes and ratio: run with --raw (reads every document)");
    }
  }

  private static String[] cells(Row r) {
    return new String[] {
      r.segment,
      r.codec,
      r.mode,
      count(r.docs),
      count(r.chunks),
      decimal(r.docsPerChunk()),
      count(r.rawBytes),
      count(r.storedBytes),
      decimal(r.ratio()),
      count(r.indexHeapBytes),
      count(r.dictionaryBytes)
    };
  }

  private static void printJson(PrintWriter out, List<Row> rows, Row total) {
    StringBuilder sb = new StringBuilder("{\"segments\":[");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      json(sb, rows.get(i));
    }
    sb.append("],\"total\":");
    json(sb, total);
    out.println(sb.append('}'));
  }

  private static void json(StringBuilder sb, Row r) {
    sb.append('{');
    if (!r.segment.equals("total")) {
      Json.string(sb.append("\"segment\":"), r.segment).append(',');
      Json.string(sb.append("\"codec\":"), r.codec).append(',');
      sb.append("\"mode\":");
      if (r.mode.equals("-")) {
        sb.append("null");
      } else {
        Json.string(sb, r.mode);
      }
      sb.append(',');
    }
    sb.append("\"docs\":").append(r.docs);
    sb.append(",\"chunks\":").append(nullable(r.chunks));
    sb.append(",\"docsPerChunk\":").append(Double.isNaN(r.docsPerChunk()) ? "null" : decimal(r.docsPerChunk()));
    sb.append(",\"rawBytes\":").append(nullable(r.rawBytes));
    sb.append(",\"storedBytes\":").append(r.storedBytes);
    sb.append(",\"ratio\":").append(Double.isNaN(r.ratio()) ? "null" : decimal(r.ratio()));
    sb.append(",\"indexHeapBytes\":").append(nullable(r.indexHeapBytes));
    sb.append(",\"dictionaryBytes\":").append(nullable(r.dictionaryBytes));
    sb.append('}');
  }

  private static String nullable(long n) {
    return n < 0 ? "null" : Long.toString(n);
  }
}
