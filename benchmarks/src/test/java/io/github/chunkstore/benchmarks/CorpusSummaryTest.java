package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary rows' arithmetic: geometric means, worst cases and which Lucene mode is compared. */
class CorpusSummaryTest {

  @Test
  void geometricMean() {
    assertEquals(4.0, CorpusSummary.geometricMean(new double[] {2, 8}), 1e-12);
    assertEquals(1.0, CorpusSummary.geometricMean(new double[] {0.5, 2, 1}), 1e-12);
    assertEquals(3.0, CorpusSummary.geometricMean(new double[] {3}), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> CorpusSummary.geometricMean(new double[0]));
    assertThrows(
        IllegalArgumentException.class, () -> CorpusSummary.geometricMean(new double[] {1, 0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CorpusSummary.geometricMean(new double[] {1, Double.NaN}));
  }

  @Test
  void worstIsTheLargestWhenLowerIsBetterElseTheSmallest() {
    List<CorpusSummary.Point> points =
        List.of(
            new CorpusSummary.Point("geonames", "fields", 0.8),
            new CorpusSummary.Point("mdn", "json", 1.2),
            new CorpusSummary.Point("wordnet", "fields", 0.5),
            new CorpusSummary.Point("wordnet", "json", 1.2));
    assertEquals(points.get(1), CorpusSummary.worst(points, true));
    assertEquals(points.get(2), CorpusSummary.worst(points, false));
  }

  @Test
  void compressionModesCompareBytesAndTimesWithLuceneCompressionAndReadsWithLuceneSpeed() {
    for (CorpusSummary.Comparison c : CorpusSummary.comparisons()) {
      boolean reads = c.metric().endsWith("docs/s");
      String expected =
          c.format().equals("chunkstore-best-speed") || reads
              ? "lucene-best-speed"
              : "lucene-best-compression";
      assertEquals(expected, c.baseline(), c.toString());
      assertEquals(!reads, c.lowerIsBetter(), c.toString());
    }
    assertEquals(15, CorpusSummary.comparisons().size());
  }

  @Test
  void rowsSummariseEveryDataSetAndShapeOfARegime() {
    List<Measurement> medians = new ArrayList<>();
    // bytes/doc ratios of BEST_SPEED: geonames/fields 0.5, mdn/json 2.0, wordnet/fields 1.0.
    add(medians, "geonames", "fields", "bulk", "chunkstore-best-speed", 50, 400);
    add(medians, "geonames", "fields", "bulk", "lucene-best-speed", 100, 100);
    add(medians, "mdn", "json", "bulk", "chunkstore-best-speed", 200, 150);
    add(medians, "mdn", "json", "bulk", "lucene-best-speed", 100, 100);
    add(medians, "wordnet", "fields", "bulk", "chunkstore-best-speed", 100, 300);
    add(medians, "wordnet", "fields", "bulk", "lucene-best-speed", 100, 100);
    add(medians, "wordnet", "fields", "tiny", "chunkstore-best-speed", 1, 1);
    List<CorpusSummary.Row> rows = CorpusSummary.rows(medians, "bulk");
    assertEquals(5, rows.size()); // BEST_SPEED only: no other Chunkstore mode was measured
    CorpusSummary.Row bytes = rows.get(0);
    assertEquals("bytes/doc", bytes.comparison().metric());
    assertEquals(1.0, bytes.geometricMean(), 1e-12);
    assertEquals(new CorpusSummary.Point("mdn", "json", 2.0), bytes.worst());
    assertEquals(3, bytes.count());
    CorpusSummary.Row random = rows.get(1);
    assertEquals("random docs/s", random.comparison().metric());
    assertEquals(Math.cbrt(4 * 1.5 * 3), random.geometricMean(), 1e-12);
    assertEquals(new CorpusSummary.Point("mdn", "json", 1.5), random.worst());
    // A ratio of 0 / 0 (here random reads of 0 docs/s in both) is left out of its row.
    add(medians, "geonames", "json", "bulk", "chunkstore-best-speed", 100, 0);
    add(medians, "geonames", "json", "bulk", "lucene-best-speed", 100, 0);
    List<CorpusSummary.Row> withZero = CorpusSummary.rows(medians, "bulk");
    assertEquals(4, withZero.get(0).count());
    assertEquals(3, withZero.get(1).count());
    assertEquals(random.geometricMean(), withZero.get(1).geometricMean(), 1e-12);
    // The tiny regime has no Lucene counterpart: no rows.
    assertEquals(List.of(), CorpusSummary.rows(medians, "tiny"));
  }

  private static void add(
      List<Measurement> medians,
      String dataset,
      String shape,
      String regime,
      String format,
      long bytes,
      double random) {
    medians.add(
        new Measurement(
            dataset, 1, format, shape, regime, 100, 1, 1, bytes, 1, -1, -1, -1, -1, -1, random,
            random, 100, ""));
  }
}
