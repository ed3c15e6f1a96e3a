package io.github.chunkstore.benchmarks;

import io.github.chunkstore.benchmarks.TargetJudgement.Cell;
import io.github.chunkstore.benchmarks.TargetJudgement.Status;
import io.github.chunkstore.benchmarks.TargetJudgement.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's part on issue 21's targets, in Markdown and as JSON values: a table per Chunkstore
 * mode with a cell per data set, shape, regime and target; the summary per mode and target; the
 * missed targets.
 */
final class TargetsSection {

  private final TargetJudgement judgement;

  TargetsSection(TargetJudgement judgement) {
    this.judgement = judgement;
  }

  void appendMarkdown(StringBuilder out) {
    List<Target> targets = judgement.targets();
    if (targets.isEmpty()) {
      return;
    }
    out.append("## Targets (issue 21)\n\n")
        .append(
            "Every target of every Chunkstore mode on every data set, shape and regime of the run:"
                + " ratios to Lucene104 in the same run, and memory bounds. Index heap: the chunk"
                + " index of every segment per million documents. Dictionary memory: the largest"
                + " segment's, heap and native, after the reads (the worker records the largest, so no"
                + " average over segments is needed); a dictionary that several open segments store"
                + " is held once and its memory split among them by stored bytes. Dictionary"
                + " memory/stored bytes: the largest over the segments of that memory over the"
                + " segment's own stored-fields bytes."
                + " Every shape is held to the same limits. A ratio to a Lucene format that was not"
                + " run, or of 0 to 0, is not measured, not missed.\n\n");
    for (String format : targets.stream().map(Target::format).distinct().toList()) {
      appendModeTable(out, targets.stream().filter(t -> t.format().equals(format)).toList());
    }
    appendSummary(out);
    appendMissed(out);
  }

  private void appendModeTable(StringBuilder out, List<Target> targets) {
    out.append("### ").append(BenchmarkReport.label(targets.get(0).format())).append("\n\n");
    out.append("| data set | shape | regime |");
    targets.forEach(t -> out.append(' ').append(t.title()).append(" |"));
    out.append("\n|---|---|---|").append("---:|".repeat(targets.size())).append('\n');
    out.append("| limit | | |");
    targets.forEach(t -> out.append(' ').append(t.limitText()).append(" |"));
    out.append('\n');
    // Every target of a mode has a cell for each of the mode's measurements, in the same order.
    List<List<Cell>> columns = targets.stream().map(judgement::cells).toList();
    for (int row = 0; row < columns.get(0).size(); row++) {
      Cell first = columns.get(0).get(row);
      out.append("| ")
          .append(first.dataset())
          .append(" | ")
          .append(first.shape())
          .append(" | ")
          .append(first.regime())
          .append(" |");
      for (List<Cell> column : columns) {
        out.append(' ').append(cellText(column.get(row))).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static String cellText(Cell c) {
    return switch (c.status()) {
      case MET -> c.target().figureText(c.figure()) + " met";
      case MISSED -> "**" + c.target().figureText(c.figure()) + " MISSED**";
      case NOT_MEASURED -> "not measured";
    };
  }

  private void appendSummary(StringBuilder out) {
    out.append(
        "### Target summary: geometric mean over every data set, shape and regime, and the"
            + " worst\n\n");
    out.append("| Chunkstore | target | limit | geometric mean | worst | holds everywhere |\n");
    out.append("|---|---|---|---:|---|---|\n");
    for (Summary s : judgement.summaries()) {
      Target t = s.target();
      out.append("| ")
          .append(BenchmarkReport.label(t.format()))
          .append(" | ")
          .append(t.title())
          .append(" | ")
          .append(t.limitText())
          .append(" | ")
          .append(Double.isNaN(s.geometricMean()) ? "-" : t.figureText(s.geometricMean()))
          .append(" | ")
          .append(s.worst().map(w -> t.figureText(w.figure()) + " " + w.place()).orElse("-"))
          .append(" | ")
          .append(holdsText(s))
          .append(" |\n");
    }
    out.append('\n');
  }

  private static String holdsText(Summary s) {
    String notMeasured = s.notMeasured() == 0 ? "" : " (" + s.notMeasured() + " not measured)";
    if (s.measured() == 0) {
      return "not measured";
    }
    if (s.missed() == 0) {
      return "yes" + notMeasured;
    }
    return "**NO**: " + s.missed() + " of " + s.measured() + " missed" + notMeasured;
  }

  private void appendMissed(StringBuilder out) {
    out.append("### Missed targets\n\n");
    List<Cell> missed = new ArrayList<>();
    judgement.targets().forEach(t -> missed.addAll(missedOf(t)));
    if (missed.isEmpty()) {
      out.append("None: every target measured holds on every data set, shape and regime.\n\n");
      return;
    }
    out.append("| Chunkstore | target | data set | shape | regime | figure | limit |\n");
    out.append("|---|---|---|---|---|---:|---|\n");
    for (Cell c : missed) {
      out.append(
          String.join(
              " | ",
              "| " + BenchmarkReport.label(c.target().format()),
              c.target().title(),
              c.dataset(),
              c.shape(),
              c.regime(),
              c.target().figureText(c.figure()),
              c.target().limitText() + " |\n"));
    }
    out.append('\n');
  }

  private List<Cell> missedOf(Target t) {
    return judgement.cells(t).stream().filter(c -> c.status() == Status.MISSED).toList();
  }

  /** Every cell, for results.json. */
  List<Object> cellsJson() {
    List<Object> out = new ArrayList<>();
    for (Cell c : judgement.cells()) {
      Map<String, Object> j = targetJson(c.target());
      j.put("dataset", c.dataset());
      j.put("shape", c.shape());
      j.put("regime", c.regime());
      j.put("figure", c.figure());
      j.put(
          "figureText",
          c.status() == Status.NOT_MEASURED ? null : c.target().figureText(c.figure()));
      j.put("status", c.status().text().toLowerCase(Locale.ROOT));
      j.put("met", c.status() == Status.NOT_MEASURED ? null : c.status() == Status.MET);
      if (!c.reason().isEmpty()) {
        j.put("reason", c.reason());
      }
      out.add(j);
    }
    return out;
  }

  /** Every target's summary, for results.json. */
  List<Object> summaryJson() {
    List<Object> out = new ArrayList<>();
    for (Summary s : judgement.summaries()) {
      Map<String, Object> j = targetJson(s.target());
      j.put("geometricMean", s.geometricMean());
      j.put(
          "worst",
          s.worst()
              .map(
                  w -> {
                    Map<String, Object> wj = new LinkedHashMap<>();
                    wj.put("dataset", w.dataset());
                    wj.put("shape", w.shape());
                    wj.put("regime", w.regime());
                    wj.put("figure", w.figure());
                    wj.put("figureText", s.target().figureText(w.figure()));
                    return (Object) wj;
                  })
              .orElse(null));
      j.put("measured", s.measured());
      j.put("missed", s.missed());
      j.put("notMeasured", s.notMeasured());
      j.put("holdsEverywhere", s.holdsEverywhere());
      out.add(j);
    }
    return out;
  }

  private static Map<String, Object> targetJson(Target t) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("format", t.format());
    j.put("metric", t.metric().label());
    j.put("baseline", t.baseline());
    j.put("bound", t.bound().symbol());
    j.put("limit", t.limit());
    j.put("limitText", t.limitText());
    return j;
  }
}
