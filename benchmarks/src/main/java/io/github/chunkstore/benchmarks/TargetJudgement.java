package io.github.chunkstore.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issue 21's targets judged on a run: a cell per data set, shape, regime and target, and per target
 * the geometric mean, the worst cell and whether it holds everywhere.
 */
final class TargetJudgement {

  /** A cell's verdict. */
  enum Status {
    MET("met"),
    MISSED("MISSED"),
    /** The Lucene format of a ratio was not run, or the figure has no meaning (0 / 0). */
    NOT_MEASURED("not measured");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }
  }

  /**
   * One target in one data set, shape and regime.
   *
   * @param figure the ratio or the absolute figure; NaN when not measured
   * @param reason why a cell was not measured, else empty
   */
  record Cell(
      String dataset,
      String shape,
      String regime,
      Target target,
      double figure,
      Status status,
      String reason) {

    String place() {
      return dataset + "/" + shape + "/" + regime;
    }
  }

  /**
   * One target across the run.
   *
   * @param geometricMean over the cells measured with a positive figure; NaN when there are none
   * @param worst the worst measured cell, empty when none was measured
   */
  record Summary(
      Target target,
      double geometricMean,
      Optional<Cell> worst,
      int measured,
      int missed,
      int notMeasured) {

    boolean holdsEverywhere() {
      return measured > 0 && missed == 0;
    }
  }

  private final List<Cell> cells;

  /** Judges every target of every Chunkstore format in {@code medians}. */
  TargetJudgement(List<Measurement> medians) {
    this.cells = judge(medians);
  }

  List<Cell> cells() {
    return cells;
  }

  List<Cell> missed() {
    return cells.stream().filter(c -> c.status() == Status.MISSED).toList();
  }

  /** The cells of one target, in the run's order of data sets, shapes and regimes. */
  List<Cell> cells(Target target) {
    return cells.stream().filter(c -> c.target().equals(target)).toList();
  }

  /** The targets judged, in {@link Target#all()} order. */
  List<Target> targets() {
    Set<Target> judged = new LinkedHashSet<>();
    cells.forEach(c -> judged.add(c.target()));
    return Target.all().stream().filter(judged::contains).toList();
  }

  List<Summary> summaries() {
    return targets().stream().map(this::summary).toList();
  }

  Summary summary(Target target) {
    List<Cell> mine = cells(target);
    List<Cell> measured = mine.stream().filter(c -> c.status() != Status.NOT_MEASURED).toList();
    double[] positive =
        measured.stream()
            .mapToDouble(Cell::figure)
            .filter(f -> f > 0 && Double.isFinite(f))
            .toArray();
    Optional<Cell> worst = Optional.empty();
    for (Cell c : measured) {
      if (worst.isEmpty() || worse(target, c.figure(), worst.get().figure())) {
        worst = Optional.of(c);
      }
    }
    return new Summary(
        target,
        positive.length == 0 ? Double.NaN : CorpusSummary.geometricMean(positive),
        worst,
        measured.size(),
        (int) measured.stream().filter(c -> c.status() == Status.MISSED).count(),
        mine.size() - measured.size());
  }

  private static boolean worse(Target target, double figure, double than) {
    return target.lowerIsBetter() ? figure > than : figure < than;
  }

  private static List<Cell> judge(List<Measurement> medians) {
    List<Cell> cells = new ArrayList<>();
    for (Measurement cs : medians) {
      if (!BenchFormat.byId(cs.format()).isChunkstore()) {
        continue;
      }
      for (Target t : Target.of(cs.format())) {
        cells.add(judge(t, cs, medians));
      }
    }
    return cells;
  }

  private static Cell judge(Target t, Measurement cs, List<Measurement> medians) {
    double figure;
    if (t.isRatio()) {
      Optional<Measurement> lucene = counterpart(medians, cs, t.baseline());
      if (lucene.isEmpty()) {
        return notMeasured(t, cs, BenchFormat.byId(t.baseline()).label() + " not in the run");
      }
      figure = t.metric().value(cs) / t.metric().value(lucene.get());
      if (Double.isNaN(figure)) {
        return notMeasured(t, cs, "0 in both formats");
      }
    } else {
      figure = t.metric().value(cs);
      if (figure < 0 || Double.isNaN(figure)) {
        return notMeasured(t, cs, "not reported");
      }
    }
    return new Cell(
        cs.dataset(),
        cs.shape(),
        cs.regime(),
        t,
        figure,
        t.met(figure) ? Status.MET : Status.MISSED,
        "");
  }

  private static Cell notMeasured(Target t, Measurement cs, String reason) {
    return new Cell(
        cs.dataset(), cs.shape(), cs.regime(), t, Double.NaN, Status.NOT_MEASURED, reason);
  }

  private static Optional<Measurement> counterpart(
      List<Measurement> medians, Measurement cs, String format) {
    return medians.stream().filter(m -> m.format().equals(format) && m.sameDataAs(cs)).findFirst();
  }
}
