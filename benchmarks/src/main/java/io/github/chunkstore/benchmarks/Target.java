package io.github.chunkstore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One of issue 21's performance targets for a Chunkstore format: either a ratio to a Lucene104
 * format measured in the same run (bytes, reads, times), or an absolute bound (memory).
 *
 * @param format the Chunkstore format ({@link BenchFormat#id()})
 * @param metric what is judged
 * @param baseline the Lucene format the metric is divided by, or null for an absolute bound
 * @param bound how the figure must compare with {@code limit}
 * @param limit the bound's value: a ratio, or bytes, or a fraction
 */
public record Target(String format, Metric metric, String baseline, Bound bound, double limit) {

  static final String LUCENE_SPEED = "lucene-best-speed";
  static final String LUCENE_COMPRESSION = "lucene-best-compression";
  static final String BEST_SPEED = "chunkstore-best-speed";
  static final String BEST_COMPRESSION = "chunkstore-best-compression";

  /** Every Chunkstore format's index heap must stay at or below this, per million documents. */
  static final double MAX_HEAP_PER_MILLION_DOCS = 64 * 1024;

  /** A segment's dictionaries may hold at most this, heap plus native. */
  static final double MAX_DICTIONARY_MEMORY_PER_SEGMENT = 1024 * 1024;

  /** ... and at most this share of the segment's stored-fields bytes. */
  static final double MAX_DICTIONARY_SHARE = 0.01;

  /** How a figure must compare with its limit. */
  enum Bound {
    AT_MOST("<="),
    BELOW("<"),
    AT_LEAST(">="),
    ABOVE(">");

    private final String symbol;

    Bound(String symbol) {
      this.symbol = symbol;
    }

    String symbol() {
      return symbol;
    }

    boolean holds(double figure, double limit) {
      return switch (this) {
        case AT_MOST -> figure <= limit;
        case BELOW -> figure < limit;
        case AT_LEAST -> figure >= limit;
        case ABOVE -> figure > limit;
      };
    }
  }

  /**
   * Issue 21's targets for every Chunkstore mode of {@link BenchFormat#all()}: {@code BEST_SPEED}
   * against Lucene's {@code BEST_SPEED}; {@code BEST_COMPRESSION} against Lucene's {@code
   * BEST_COMPRESSION}, its reads against Lucene's {@code BEST_SPEED}; any other mode smaller than
   * Lucene's {@code BEST_COMPRESSION} and faster at random reads than Lucene's {@code BEST_SPEED};
   * and the memory bounds for all of them.
   */
  static List<Target> all() {
    List<Target> all = new ArrayList<>();
    for (BenchFormat f : BenchFormat.all()) {
      if (f.isChunkstore()) {
        all.addAll(of(f.id()));
      }
    }
    return all;
  }

  /** The targets of the Chunkstore format {@code format}. */
  static List<Target> of(String format) {
    List<Target> targets = new ArrayList<>();
    switch (format) {
      case BEST_SPEED -> {
        targets.add(new Target(format, Metric.BYTES_PER_DOC, LUCENE_SPEED, Bound.AT_MOST, 0.9));
        targets.add(new Target(format, Metric.RANDOM_READS, LUCENE_SPEED, Bound.AT_LEAST, 3));
        targets.add(new Target(format, Metric.SEQUENTIAL_READS, LUCENE_SPEED, Bound.AT_LEAST, 3));
        targets.add(new Target(format, Metric.INDEXING_TIME, LUCENE_SPEED, Bound.AT_MOST, 1.1));
        targets.add(new Target(format, Metric.MERGE_TIME, LUCENE_SPEED, Bound.AT_MOST, 1.1));
      }
      case BEST_COMPRESSION -> {
        targets.add(
            new Target(format, Metric.BYTES_PER_DOC, LUCENE_COMPRESSION, Bound.AT_MOST, 0.9));
        targets.add(new Target(format, Metric.RANDOM_READS, LUCENE_SPEED, Bound.AT_LEAST, 1));
        targets.add(new Target(format, Metric.SEQUENTIAL_READS, LUCENE_SPEED, Bound.AT_LEAST, 1));
        targets.add(
            new Target(format, Metric.INDEXING_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.1));
        targets.add(new Target(format, Metric.MERGE_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.5));
      }
      default -> {
        // A third mode must beat both Lucene modes where each is strong, so its bounds are strict.
        targets.add(new Target(format, Metric.BYTES_PER_DOC, LUCENE_COMPRESSION, Bound.BELOW, 1));
        targets.add(new Target(format, Metric.RANDOM_READS, LUCENE_SPEED, Bound.ABOVE, 1));
        targets.add(
            new Target(format, Metric.INDEXING_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.5));
        targets.add(new Target(format, Metric.MERGE_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 2));
      }
    }
    targets.add(
        new Target(format, Metric.INDEX_HEAP, null, Bound.AT_MOST, MAX_HEAP_PER_MILLION_DOCS));
    targets.add(
        new Target(
            format,
            Metric.DICTIONARY_MEMORY,
            null,
            Bound.AT_MOST,
            MAX_DICTIONARY_MEMORY_PER_SEGMENT));
    targets.add(
        new Target(format, Metric.DICTIONARY_SHARE, null, Bound.AT_MOST, MAX_DICTIONARY_SHARE));
    return targets;
  }

  /** True for a ratio to a Lucene format, false for an absolute bound. */
  boolean isRatio() {
    return baseline != null;
  }

  /** True when a smaller figure is better (bytes, times, memory). */
  boolean lowerIsBetter() {
    return bound == Bound.AT_MOST || bound == Bound.BELOW;
  }

  boolean met(double figure) {
    return bound.holds(figure, limit);
  }

  String figureText(double figure) {
    return metric.format(figure, isRatio());
  }

  String limitText() {
    return bound.symbol() + " " + figureText(limit);
  }

  /** The target's name in a table: the metric, and the Lucene format of a ratio. */
  String title() {
    return isRatio()
        ? metric.label() + " vs " + BenchFormat.byId(baseline).label()
        : metric.label();
  }
}
