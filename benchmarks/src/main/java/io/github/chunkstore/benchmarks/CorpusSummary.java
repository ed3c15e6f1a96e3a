package io.github.chunkstore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The corpus' summary rows: per Chunkstore mode and regime, each ratio to its Lucene counterpart
 * across every data set and shape, as a geometric mean and the worst case. {@code BEST_SPEED} is
 * compared with Lucene's {@code BEST_SPEED}; {@code BEST_COMPRESSION} and {@code DICTIONARY} with
 * Lucene's {@code BEST_COMPRESSION} for bytes and times and with Lucene's {@code BEST_SPEED} for
 * reads (issue 21's targets).
 */
final class CorpusSummary {

  static final String LUCENE_SPEED = Target.LUCENE_SPEED;
  static final String LUCENE_COMPRESSION = Target.LUCENE_COMPRESSION;

  private CorpusSummary() {}

  /**
   * One ratio a summary reports.
   *
   * @param format the Chunkstore format
   * @param metric a {@link Metric} label
   * @param baseline the Lucene format it is divided by
   * @param lowerIsBetter true for bytes and times, false for reads per second
   */
  record Comparison(String format, String metric, String baseline, boolean lowerIsBetter) {
    double ratio(Measurement chunkstore, Measurement lucene) {
      Metric m = Metric.byLabel(metric);
      return m.value(chunkstore) / m.value(lucene);
    }
  }

  /** A ratio in one data set and shape. */
  record Point(String dataset, String shape, double ratio) {}

  /**
   * The geometric mean of a comparison's ratios, and its worst data set and shape.
   *
   * @param count how many data sets and shapes had a positive, finite ratio
   */
  record Row(Comparison comparison, String regime, double geometricMean, Point worst, int count) {}

  static final List<String> METRICS =
      List.of("bytes/doc", "random docs/s", "sequential docs/s", "indexing time", "merge time");

  /** Every comparison, per Chunkstore mode in {@link BenchFormat#all()} order, then per metric. */
  static List<Comparison> comparisons() {
    List<Comparison> out = new ArrayList<>();
    for (BenchFormat f : BenchFormat.all()) {
      if (!f.isChunkstore()) {
        continue;
      }
      boolean speed = f.id().equals("chunkstore-best-speed");
      for (String metric : METRICS) {
        boolean reads = metric.endsWith("docs/s");
        String baseline = speed || reads ? LUCENE_SPEED : LUCENE_COMPRESSION;
        out.add(new Comparison(f.id(), metric, baseline, !reads));
      }
    }
    return out;
  }

  /** Summary rows of {@code medians} for {@code regime}, one per comparison that has data. */
  static List<Row> rows(List<Measurement> medians, String regime) {
    List<Row> rows = new ArrayList<>();
    for (Comparison c : comparisons()) {
      List<Point> points = new ArrayList<>();
      for (Measurement cs : medians) {
        if (!cs.format().equals(c.format()) || !cs.regime().equals(regime)) {
          continue;
        }
        Optional<Measurement> lucene =
            medians.stream()
                .filter(m -> m.format().equals(c.baseline()) && m.sameDataAs(cs))
                .findFirst();
        // A ratio without meaning (no merge in either run: 0 / 0) is left out rather than failing
        // the report at the end of a long run.
        lucene
            .map(l -> new Point(cs.dataset(), cs.shape(), c.ratio(cs, l)))
            .filter(p -> p.ratio() > 0 && Double.isFinite(p.ratio()))
            .ifPresent(points::add);
      }
      if (!points.isEmpty()) {
        double[] ratios = points.stream().mapToDouble(Point::ratio).toArray();
        rows.add(
            new Row(
                c, regime, geometricMean(ratios), worst(points, c.lowerIsBetter()), points.size()));
      }
    }
    return rows;
  }

  /**
   * The geometric mean of positive {@code values}: exp of the mean of their logarithms.
   *
   * @throws IllegalArgumentException when empty or a value is not positive
   */
  static double geometricMean(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double logs = 0;
    for (double v : values) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("a geometric mean needs positive values, got " + v);
      }
      logs += Math.log(v);
    }
    return Math.exp(logs / values.length);
  }

  /** The largest ratio when lower is better, else the smallest; the first of equal ones. */
  static Point worst(List<Point> points, boolean lowerIsBetter) {
    Point worst = points.get(0);
    for (Point p : points) {
      if (lowerIsBetter ? p.ratio() > worst.ratio() : p.ratio() < worst.ratio()) {
        worst = p;
      }
    }
    return worst;
  }
}
