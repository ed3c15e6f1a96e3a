package io.github.chunkstore.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One of the project's performance targets: a Chunkstore format's metric divided by a Lucene
 * format's, measured in the same run, must stay at or below (or at or above) a bound.
 *
 * @param format the Chunkstore format ({@link BenchFormat#id()})
 * @param baseline the Lucene format it is compared with
 * @param metric the column's name
 * @param bound the ratio's bound
 * @param atMost true if the ratio must be at most {@code bound}, false if at least
 */
public record Target(String format, String baseline, String metric, double bound, boolean atMost) {

  /** Tolerance of the JSON shape: the same ratios within 10%. */
  static final double JSON_TOLERANCE = 0.10;

  /** The targets of issue 3 (BEST_SPEED, BEST_COMPRESSION) and issue 4 (DICTIONARY). */
  static List<Target> all() {
    return List.of(
        new Target("chunkstore-best-speed", "lucene-best-speed", "bytes/doc", 1.0, true),
        new Target("chunkstore-best-speed", "lucene-best-speed", "random docs/s", 3.0, false),
        new Target("chunkstore-best-speed", "lucene-best-speed", "sequential docs/s", 3.0, false),
        new Target("chunkstore-best-speed", "lucene-best-speed", "indexing time", 1.1, true),
        new Target("chunkstore-best-speed", "lucene-best-speed", "merge time", 1.1, true),
        new Target(
            "chunkstore-best-compression", "lucene-best-compression", "bytes/doc", 0.9, true),
        new Target(
            "chunkstore-best-compression", "lucene-best-compression", "random docs/s", 5.0, false),
        new Target(
            "chunkstore-best-compression",
            "lucene-best-compression",
            "sequential docs/s",
            5.0,
            false),
        new Target(
            "chunkstore-best-compression", "lucene-best-compression", "indexing time", 1.1, true),
        new Target(
            "chunkstore-best-compression", "lucene-best-compression", "merge time", 1.1, true),
        new Target("chunkstore-dictionary", "lucene-best-compression", "bytes/doc", 1.0, true),
        new Target("chunkstore-dictionary", "lucene-best-speed", "random docs/s", 2.0, false),
        new Target("chunkstore-dictionary", "lucene-best-speed", "sequential docs/s", 2.0, false),
        new Target("chunkstore-dictionary", "lucene-best-compression", "indexing time", 1.5, true),
        new Target("chunkstore-dictionary", "lucene-best-compression", "merge time", 2.0, true));
  }

  /** Every Chunkstore format's index heap must stay at or below this, per million documents. */
  static final double MAX_HEAP_PER_MILLION_DOCS = 64 * 1024;

  /** Issue 4: a segment's dictionary may hold at most 256 KiB, heap plus native. */
  static final long MAX_DICTIONARY_MEMORY_PER_SEGMENT = 256 * 1024;

  ToDoubleFunction<Measurement> value() {
    return switch (metric) {
      case "bytes/doc" -> Measurement::bytesPerDoc;
      case "random docs/s" -> Measurement::randomDocsPerSecond;
      case "sequential docs/s" -> Measurement::sequentialDocsPerSecond;
      case "indexing time" -> Measurement::indexSeconds;
      case "merge time" -> Measurement::mergeSeconds;
      default -> throw new IllegalStateException("unknown metric " + metric);
    };
  }

  double ratio(Measurement chunkstore, Measurement lucene) {
    return value().applyAsDouble(chunkstore) / value().applyAsDouble(lucene);
  }

  /** Whether {@code ratio} meets the bound, loosened by {@code tolerance} (0 or 0.1). */
  boolean met(double ratio, double tolerance) {
    return atMost ? ratio <= bound * (1 + tolerance) : ratio >= bound * (1 - tolerance);
  }

  String boundText(double tolerance) {
    double effective = atMost ? bound * (1 + tolerance) : bound * (1 - tolerance);
    String text = String.format(java.util.Locale.ROOT, "%s %.2fx", atMost ? "<=" : ">=", effective);
    return tolerance == 0
        ? text
        : text
            + String.format(java.util.Locale.ROOT, " (%.1fx %s 10%%)", bound, atMost ? "+" : "-");
  }
}
