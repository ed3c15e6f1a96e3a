package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.benchmarks.Target.Bound;
import io.github.chunkstore.benchmarks.TargetJudgement.Cell;
import io.github.chunkstore.benchmarks.TargetJudgement.Status;
import io.github.chunkstore.benchmarks.TargetJudgement.Summary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 21's targets judged on made-up measurements: verdicts, means, worst cells, gaps. */
class TargetJudgementTest {

  private static final String SPEED = "chunkstore-best-speed";
  private static final String COMPRESSION = "chunkstore-best-compression";
  private static final String DICTIONARY = "chunkstore-dictionary";
  private static final String LUCENE_SPEED = "lucene-best-speed";
  private static final String LUCENE_COMPRESSION = "lucene-best-compression";

  @Test
  void theTargetsAreIssue21sTable() {
    assertEquals(
        List.of(
            new Target(SPEED, Metric.BYTES_PER_DOC, LUCENE_SPEED, Bound.AT_MOST, 0.9),
            new Target(SPEED, Metric.RANDOM_READS, LUCENE_SPEED, Bound.AT_LEAST, 3),
            new Target(SPEED, Metric.SEQUENTIAL_READS, LUCENE_SPEED, Bound.AT_LEAST, 3),
            new Target(SPEED, Metric.INDEXING_TIME, LUCENE_SPEED, Bound.AT_MOST, 1.1),
            new Target(SPEED, Metric.MERGE_TIME, LUCENE_SPEED, Bound.AT_MOST, 1.1)),
        Target.of(SPEED).subList(0, 5));
    assertEquals(
        List.of(
            new Target(COMPRESSION, Metric.BYTES_PER_DOC, LUCENE_COMPRESSION, Bound.AT_MOST, 0.9),
            new Target(COMPRESSION, Metric.RANDOM_READS, LUCENE_SPEED, Bound.AT_LEAST, 1),
            new Target(COMPRESSION, Metric.SEQUENTIAL_READS, LUCENE_SPEED, Bound.AT_LEAST, 1),
            new Target(COMPRESSION, Metric.INDEXING_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.1),
            new Target(COMPRESSION, Metric.MERGE_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.5)),
        Target.of(COMPRESSION).subList(0, 5));
    assertEquals(
        List.of(
            new Target(DICTIONARY, Metric.BYTES_PER_DOC, LUCENE_COMPRESSION, Bound.BELOW, 1),
            new Target(DICTIONARY, Metric.RANDOM_READS, LUCENE_SPEED, Bound.ABOVE, 1),
            new Target(DICTIONARY, Metric.INDEXING_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 1.5),
            new Target(DICTIONARY, Metric.MERGE_TIME, LUCENE_COMPRESSION, Bound.AT_MOST, 2)),
        Target.of(DICTIONARY).subList(0, 4));
    for (String mode : List.of(SPEED, COMPRESSION, DICTIONARY)) {
      List<Target> memory = Target.of(mode).stream().filter(t -> !t.isRatio()).toList();
      assertEquals(
          List.of(
              new Target(mode, Metric.INDEX_HEAP, null, Bound.AT_MOST, 64 * 1024),
              new Target(mode, Metric.DICTIONARY_MEMORY, null, Bound.AT_MOST, 1024 * 1024),
              new Target(mode, Metric.DICTIONARY_SHARE, null, Bound.AT_MOST, 0.01)),
          memory);
    }
  }

  @Test
  void everyCellIsJudgedAgainstItsLimitInclusiveOrStrict() {
    List<Measurement> run = new ArrayList<>();
    // BEST_SPEED: 0.90x the bytes (the limit itself: met), 2.5x the random reads (missed).
    run.add(m("mdn", "fields", "bulk", SPEED, 90, 250, 300, 1, 1));
    run.add(m("mdn", "fields", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    // DICTIONARY: exactly Lucene BEST_COMPRESSION's bytes and Lucene BEST_SPEED's random reads:
    // its bounds are strict, so both are missed.
    run.add(m("mdn", "fields", "bulk", DICTIONARY, 80, 100, 100, 1, 1));
    run.add(m("mdn", "fields", "bulk", LUCENE_COMPRESSION, 80, 10, 10, 1, 1));
    TargetJudgement judgement = new TargetJudgement(run);
    assertEquals(Status.MET, cell(judgement, SPEED, Metric.BYTES_PER_DOC, "mdn").status());
    assertEquals(0.9, cell(judgement, SPEED, Metric.BYTES_PER_DOC, "mdn").figure(), 1e-12);
    Cell random = cell(judgement, SPEED, Metric.RANDOM_READS, "mdn");
    assertEquals(Status.MISSED, random.status());
    assertEquals(2.5, random.figure(), 1e-12);
    assertEquals(Status.MET, cell(judgement, SPEED, Metric.SEQUENTIAL_READS, "mdn").status());
    assertEquals(Status.MISSED, cell(judgement, DICTIONARY, Metric.BYTES_PER_DOC, "mdn").status());
    assertEquals(Status.MISSED, cell(judgement, DICTIONARY, Metric.RANDOM_READS, "mdn").status());
    assertEquals(Status.MET, cell(judgement, DICTIONARY, Metric.MERGE_TIME, "mdn").status());
    // Lucene formats have no targets of their own: 8 cells for BEST_SPEED, 7 for DICTIONARY.
    assertEquals(15, judgement.cells().size());
    assertEquals(3, judgement.missed().size());
  }

  @Test
  void theSummaryGivesTheGeometricMeanAndTheWorstCellWithItsRegime() {
    List<Measurement> run = new ArrayList<>();
    // BEST_SPEED's bytes ratios: 0.5, 0.8 and 2.0, the worst in wordnet/json/tiny.
    run.add(m("geonames", "fields", "bulk", SPEED, 50, 400, 400, 1, 1));
    run.add(m("geonames", "fields", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    run.add(m("mdn", "fields", "bulk", SPEED, 80, 400, 400, 1, 1));
    run.add(m("mdn", "fields", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    run.add(m("wordnet", "json", "tiny", SPEED, 200, 400, 400, 1, 1));
    run.add(m("wordnet", "json", "tiny", LUCENE_SPEED, 100, 100, 100, 1, 1));
    TargetJudgement judgement = new TargetJudgement(run);
    Summary bytes = judgement.summary(Target.of(SPEED).get(0));
    assertEquals(Math.cbrt(0.5 * 0.8 * 2.0), bytes.geometricMean(), 1e-12);
    Cell worst = bytes.worst().orElseThrow();
    assertEquals("wordnet/json/tiny", worst.place());
    assertEquals(2.0, worst.figure(), 1e-12);
    assertEquals(3, bytes.measured());
    assertEquals(1, bytes.missed());
    assertFalse(bytes.holdsEverywhere());
    Summary random = judgement.summary(Target.of(SPEED).get(1));
    assertEquals(4.0, random.geometricMean(), 1e-12);
    assertTrue(random.holdsEverywhere());
    // For reads higher is better: the worst is the smallest ratio.
    run.add(m("wordnet", "fields", "bulk", SPEED, 50, 310, 400, 1, 1));
    run.add(m("wordnet", "fields", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    Summary slower = new TargetJudgement(run).summary(Target.of(SPEED).get(1));
    assertEquals("wordnet/fields/bulk", slower.worst().orElseThrow().place());
  }

  @Test
  void aRatioToALuceneFormatNotRunIsNotMeasuredRatherThanMissed() {
    List<Measurement> run = new ArrayList<>();
    run.add(m("mdn", "json", "bulk", COMPRESSION, 10, 200, 200, 9, 9));
    run.add(m("mdn", "json", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    TargetJudgement judgement = new TargetJudgement(run);
    Cell bytes = cell(judgement, COMPRESSION, Metric.BYTES_PER_DOC, "mdn");
    assertEquals(Status.NOT_MEASURED, bytes.status());
    assertEquals("Lucene104 BEST_COMPRESSION not in the run", bytes.reason());
    assertEquals(
        Status.NOT_MEASURED, cell(judgement, COMPRESSION, Metric.MERGE_TIME, "mdn").status());
    // Its reads are compared with Lucene BEST_SPEED, which was run.
    assertEquals(Status.MET, cell(judgement, COMPRESSION, Metric.RANDOM_READS, "mdn").status());
    assertEquals(List.of(), judgement.missed());
    Summary summary = judgement.summary(Target.of(COMPRESSION).get(0));
    assertEquals(0, summary.measured());
    assertEquals(1, summary.notMeasured());
    assertTrue(summary.worst().isEmpty());
    assertTrue(Double.isNaN(summary.geometricMean()));
    assertFalse(summary.holdsEverywhere());
    // No merge in either format (0 / 0) has no ratio either.
    run.add(m("mdn", "json", "tiny", SPEED, 10, 400, 400, 1, 0));
    run.add(m("mdn", "json", "tiny", LUCENE_SPEED, 100, 100, 100, 1, 0));
    Cell merge =
        new TargetJudgement(run)
            .cells(Target.of(SPEED).get(4)).stream()
                .filter(c -> c.regime().equals("tiny"))
                .findFirst()
                .orElseThrow();
    assertEquals(Status.NOT_MEASURED, merge.status());
  }

  @Test
  void memoryIsJudgedPerMeasurementInAbsoluteTerms() {
    List<Measurement> run = new ArrayList<>();
    run.add(memory("geonames", 70_000, 512 * 1024, 0.005));
    run.add(memory("mdn", 60_000, 2 * 1024 * 1024, 0.02));
    run.add(memory("wordnet", 10_000, -1, -1));
    TargetJudgement judgement = new TargetJudgement(run);
    assertEquals(
        Status.MISSED, cell(judgement, DICTIONARY, Metric.INDEX_HEAP, "geonames").status());
    assertEquals(70_000, cell(judgement, DICTIONARY, Metric.INDEX_HEAP, "geonames").figure());
    assertEquals(Status.MET, cell(judgement, DICTIONARY, Metric.INDEX_HEAP, "mdn").status());
    assertEquals(
        Status.MET, cell(judgement, DICTIONARY, Metric.DICTIONARY_MEMORY, "geonames").status());
    assertEquals(
        Status.MISSED, cell(judgement, DICTIONARY, Metric.DICTIONARY_MEMORY, "mdn").status());
    assertEquals(
        Status.MISSED, cell(judgement, DICTIONARY, Metric.DICTIONARY_SHARE, "mdn").status());
    assertEquals(
        Status.NOT_MEASURED,
        cell(judgement, DICTIONARY, Metric.DICTIONARY_MEMORY, "wordnet").status());
    Summary heap = judgement.summary(Target.of(DICTIONARY).get(4));
    assertEquals(Metric.INDEX_HEAP, heap.target().metric());
    assertEquals(Math.cbrt(70_000.0 * 60_000 * 10_000), heap.geometricMean(), 1e-6);
    assertEquals("geonames/fields/bulk", heap.worst().orElseThrow().place());
    // No Lucene format in this run: every ratio is not measured, none missed.
    assertTrue(
        judgement.cells().stream()
            .filter(c -> c.target().isRatio())
            .allMatch(c -> c.status() == Status.NOT_MEASURED));
  }

  @Test
  void theReportListsEveryCellTheSummaryAndTheMissedTargets() {
    List<Measurement> run = new ArrayList<>();
    run.add(m("mdn", "fields", "bulk", SPEED, 107, 400, 400, 1, 1));
    run.add(m("mdn", "fields", "bulk", LUCENE_SPEED, 100, 100, 100, 1, 1));
    run.add(m("mdn", "fields", "bulk", COMPRESSION, 50, 150, 150, 1, 1));
    TargetsSection section = new TargetsSection(new TargetJudgement(run));
    StringBuilder md = new StringBuilder();
    section.appendMarkdown(md);
    String text = md.toString();
    assertTrue(
        text.contains(
            "| mdn | fields | bulk | **1.07x MISSED** | 4.00x met | 4.00x met | 1.00x met |"
                + " 1.00x met | 1,000 B met | 0 KiB met | 0.00% met |"),
        text);
    assertTrue(
        text.contains(
            "| limit | | | <= 0.90x | >= 3.00x | >= 3.00x | <= 1.10x | <= 1.10x | <= 65,536 B |"
                + " <= 1,024 KiB | <= 1.00% |"),
        text);
    assertTrue(
        text.contains(
            "| mdn | fields | bulk | not measured | 1.50x met | 1.50x met | not measured |"),
        text);
    assertTrue(
        text.contains(
            "| Chunkstore BEST_SPEED | bytes/doc vs Lucene104 BEST_SPEED | <= 0.90x | 1.07x |"
                + " 1.07x mdn/fields/bulk | **NO**: 1 of 1 missed |"),
        text);
    assertTrue(
        text.contains(
            "| Chunkstore BEST_COMPRESSION | bytes/doc vs Lucene104 BEST_COMPRESSION | <= 0.90x |"
                + " - | - | not measured |"),
        text);
    assertTrue(
        text.contains(
            "### Missed targets\n\n| Chunkstore | target | data set | shape | regime | figure |"
                + " limit |\n|---|---|---|---|---|---:|---|\n| Chunkstore BEST_SPEED |"
                + " bytes/doc vs Lucene104 BEST_SPEED | mdn | fields | bulk | 1.07x | <= 0.90x |\n\n"),
        text);
    assertTrue(section.cellsJson().toString().contains("status=missed"));
    assertTrue(section.summaryJson().toString().contains("holdsEverywhere=false"));
  }

  private static Cell cell(TargetJudgement judgement, String format, Metric metric, String data) {
    return judgement.cells().stream()
        .filter(
            c ->
                c.target().format().equals(format)
                    && c.target().metric() == metric
                    && c.dataset().equals(data))
        .findFirst()
        .orElseThrow();
  }

  /** A million documents, so that the index heap per million documents is the heap itself. */
  private static Measurement m(
      String dataset,
      String shape,
      String regime,
      String format,
      long bytesPerDoc,
      double random,
      double sequential,
      double indexSeconds,
      double mergeSeconds) {
    boolean chunkstore = format.startsWith("chunkstore");
    return new Measurement(
        dataset,
        1,
        format,
        shape,
        regime,
        1_000_000,
        indexSeconds,
        mergeSeconds,
        bytesPerDoc * 1_000_000,
        1,
        chunkstore ? 10 : -1,
        chunkstore ? 1000 : -1,
        chunkstore ? 0 : -1,
        chunkstore ? 0 : -1,
        chunkstore ? 0 : -1,
        random,
        sequential,
        1_000_000,
        "");
  }

  private static Measurement memory(String dataset, long heap, long dictionary, double share) {
    return new Measurement(
        dataset,
        1,
        DICTIONARY,
        "fields",
        "bulk",
        1_000_000,
        1,
        1,
        100_000_000,
        1,
        10,
        heap,
        dictionary,
        dictionary,
        share,
        1,
        1,
        1_000_000,
        "");
  }
}
