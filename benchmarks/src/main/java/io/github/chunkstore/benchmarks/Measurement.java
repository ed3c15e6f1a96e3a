package io.github.chunkstore.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What one worker JVM measured for one format, shape and regime.
 *
 * @param dataset the {@link Dataset#id()}
 * @param copies how many times the data set's documents were indexed
 * @param format the {@link BenchFormat#id()}
 * @param shape the {@link DataShape#id()}
 * @param regime the {@link Regime#id()}
 * @param docs documents indexed
 * @param indexSeconds wall time of adding the documents and committing, without time in merges
 * @param mergeSeconds wall time spent merging ({@code forceMerge(1)}, or natural merges)
 * @param storedFieldsBytes total size of the stored-fields files of the final index
 * @param segments segments in the final index
 * @param chunks chunks in the final index (Chunkstore only, else -1)
 * @param indexHeapBytes heap of the chunk index as the codec reports it (Chunkstore only, else -1;
 *     Lucene keeps its index off-heap)
 * @param dictionaryMemoryBytes the largest segment's dictionary memory after the reads, heap plus
 *     native, as the codec reports it: its part of the dictionaries it shares with other open
 *     segments (Chunkstore only, else -1; 0 without dictionaries)
 * @param dictionaryMemoryTotalBytes dictionary memory of every segment together, after the reads
 *     (Chunkstore only, else -1)
 * @param dictionaryShare the largest share, over the segments, of a segment's stored-fields bytes
 *     that its dictionary memory amounts to (Chunkstore only, else -1)
 * @param randomDocsPerSecond batches of 10 random docIDs, a fresh {@code StoredFields} per batch
 * @param sequentialDocsPerSecond docIDs in order through one {@code StoredFields}
 * @param verifiedDocs documents compared with their source and found identical
 * @param problem empty when every document read back identical, else the first difference
 */
public record Measurement(
    String dataset,
    int copies,
    String format,
    String shape,
    String regime,
    long docs,
    double indexSeconds,
    double mergeSeconds,
    long storedFieldsBytes,
    int segments,
    long chunks,
    long indexHeapBytes,
    long dictionaryMemoryBytes,
    long dictionaryMemoryTotalBytes,
    double dictionaryShare,
    double randomDocsPerSecond,
    double sequentialDocsPerSecond,
    long verifiedDocs,
    String problem) {

  public double bytesPerDoc() {
    return (double) storedFieldsBytes / docs;
  }

  public double indexDocsPerSecond() {
    return docs / indexSeconds;
  }

  /** Index heap per million documents, or -1 when the format does not report it. */
  public double indexHeapPerMillionDocs() {
    return indexHeapBytes < 0 ? -1 : indexHeapBytes * 1_000_000.0 / docs;
  }

  /**
   * Dictionary memory of every segment together per million documents, or -1 when the format does
   * not report it.
   */
  public double dictionaryMemoryPerMillionDocs() {
    return dictionaryMemoryTotalBytes < 0 ? -1 : dictionaryMemoryTotalBytes * 1_000_000.0 / docs;
  }

  /** Whether {@code other} measured the same data set, shape and regime (in any format). */
  public boolean sameDataAs(Measurement other) {
    return dataset.equals(other.dataset)
        && shape.equals(other.shape)
        && regime.equals(other.regime);
  }

  public boolean verified() {
    return problem.isEmpty() && verifiedDocs == docs;
  }

  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("dataset", dataset);
    p.setProperty("copies", Integer.toString(copies));
    p.setProperty("format", format);
    p.setProperty("shape", shape);
    p.setProperty("regime", regime);
    p.setProperty("docs", Long.toString(docs));
    p.setProperty("indexSeconds", Double.toString(indexSeconds));
    p.setProperty("mergeSeconds", Double.toString(mergeSeconds));
    p.setProperty("storedFieldsBytes", Long.toString(storedFieldsBytes));
    p.setProperty("segments", Integer.toString(segments));
    p.setProperty("chunks", Long.toString(chunks));
    p.setProperty("indexHeapBytes", Long.toString(indexHeapBytes));
    p.setProperty("dictionaryMemoryBytes", Long.toString(dictionaryMemoryBytes));
    p.setProperty("dictionaryMemoryTotalBytes", Long.toString(dictionaryMemoryTotalBytes));
    p.setProperty("dictionaryShare", Double.toString(dictionaryShare));
    p.setProperty("randomDocsPerSecond", Double.toString(randomDocsPerSecond));
    p.setProperty("sequentialDocsPerSecond", Double.toString(sequentialDocsPerSecond));
    p.setProperty("verifiedDocs", Long.toString(verifiedDocs));
    p.setProperty("problem", problem);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, null);
    }
  }

  static Measurement read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return new Measurement(
        p.getProperty("dataset"),
        Integer.parseInt(p.getProperty("copies")),
        p.getProperty("format"),
        p.getProperty("shape"),
        p.getProperty("regime"),
        Long.parseLong(p.getProperty("docs")),
        Double.parseDouble(p.getProperty("indexSeconds")),
        Double.parseDouble(p.getProperty("mergeSeconds")),
        Long.parseLong(p.getProperty("storedFieldsBytes")),
        Integer.parseInt(p.getProperty("segments")),
        Long.parseLong(p.getProperty("chunks")),
        Long.parseLong(p.getProperty("indexHeapBytes")),
        Long.parseLong(p.getProperty("dictionaryMemoryBytes", "-1")),
        Long.parseLong(p.getProperty("dictionaryMemoryTotalBytes", "-1")),
        Double.parseDouble(p.getProperty("dictionaryShare", "-1")),
        Double.parseDouble(p.getProperty("randomDocsPerSecond")),
        Double.parseDouble(p.getProperty("sequentialDocsPerSecond")),
        Long.parseLong(p.getProperty("verifiedDocs")),
        p.getProperty("problem", ""));
  }
}
