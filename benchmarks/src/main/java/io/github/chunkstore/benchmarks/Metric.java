package io.github.chunkstore.benchmarks;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A figure the targets judge: the five compared with Lucene104 as ratios, and the three memory
 * figures bounded in absolute terms.
 */
enum Metric {
  BYTES_PER_DOC("bytes/doc", Measurement::bytesPerDoc),
  RANDOM_READS("random docs/s", Measurement::randomDocsPerSecond),
  SEQUENTIAL_READS("sequential docs/s", Measurement::sequentialDocsPerSecond),
  INDEXING_TIME("indexing time", Measurement::indexSeconds),
  MERGE_TIME("merge time", Measurement::mergeSeconds),
  /** Bytes of chunk index on the heap per million documents, every segment together. */
  INDEX_HEAP("index heap/M docs", Measurement::indexHeapPerMillionDocs),
  /** The largest segment's dictionary memory, heap and native, in bytes. */
  DICTIONARY_MEMORY("dictionary memory/segment", m -> m.dictionaryMemoryBytes()),
  /** The largest share of a segment's stored-fields bytes that its dictionary memory amounts to. */
  DICTIONARY_SHARE("dictionary memory/stored bytes", Measurement::dictionaryShare);

  private final String label;
  private final ToDoubleFunction<Measurement> value;

  Metric(String label, ToDoubleFunction<Measurement> value) {
    this.label = label;
    this.value = value;
  }

  String label() {
    return label;
  }

  /** The figure of {@code m}; negative when the format does not report it. */
  double value(Measurement m) {
    return value.applyAsDouble(m);
  }

  static Metric byLabel(String label) {
    for (Metric metric : values()) {
      if (metric.label.equals(label)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric " + label);
  }

  /** A figure of this metric as a reader wants it: a ratio, bytes, KiB or a percentage. */
  String format(double figure, boolean ratio) {
    if (ratio) {
      return String.format(Locale.ROOT, "%.2fx", figure);
    }
    return switch (this) {
      case INDEX_HEAP -> String.format(Locale.ROOT, "%,.0f B", figure);
      case DICTIONARY_MEMORY -> String.format(Locale.ROOT, "%,.0f KiB", figure / 1024);
      case DICTIONARY_SHARE -> String.format(Locale.ROOT, "%.2f%%", figure * 100);
      default -> String.format(Locale.ROOT, "%.2f", figure);
    };
  }
}
