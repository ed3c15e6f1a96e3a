package io.github.chunkstore.benchmarks;

import io.github.chunkstore.tools.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's results as Markdown and JSON: one table per data set, shape and regime, the
 * corpus summary ({@link CorpusSummary}), then issue 21's targets ({@link TargetsSection}).
 */
final class BenchmarkReport {

  private final Benchmark.Config config;
  private final List<Measurement> medians;
  private final MachineInfo machine;

  BenchmarkReport(Benchmark.Config config, List<Measurement> medians, MachineInfo machine) {
    this.config = config;
    this.medians = List.copyOf(medians);
    this.machine = machine;
  }

  List<Measurement> medians() {
    return medians;
  }

  Benchmark.Config config() {
    return config;
  }

  boolean allVerified() {
    return medians.stream().allMatch(Measurement::verified);
  }

  static String label(String formatId) {
    return BenchFormat.byId(formatId).label();
  }

  Optional<Measurement> find(String dataset, String shape, String regime, String format) {
    return medians.stream()
        .filter(
            m ->
                m.dataset().equals(dataset)
                    && m.shape().equals(shape)
                    && m.regime().equals(regime)
                    && m.format().equals(format))
        .findFirst();
  }

  /** The label of data set {@code id}. */
  String datasetLabel(String id) {
    return config.datasets().stream()
        .filter(d -> d.id().equals(id))
        .map(Dataset::label)
        .findFirst()
        .orElse(id);
  }

  String dataDescription(Measurement m) {
    return String.format(
        Locale.ROOT, "%s x%d (%,d docs)", datasetLabel(m.dataset()), m.copies(), m.docs());
  }

  private TargetsSection targets() {
    return new TargetsSection(new TargetJudgement(medians));
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("Machine: ").append(machine).append("  \n");
    out.append("Command: `").append(config.command()).append("`  \n");
    out.append(
        String.format(
            Locale.ROOT,
            "Median of %d rounds; every measurement in a fresh JVM (-Xmx%s), formats interleaved within each round; "
                + "reads after %.1f s of warm-up, measured for %.1f s.%n%n",
            config.rounds(),
            config.heap(),
            config.warmupSeconds(),
            config.measureSeconds()));
    for (Dataset dataset : config.datasets()) {
      for (DataShape shape : dataset.shapes(config.shapes())) {
        for (Regime regime : config.regimes()) {
          appendTable(out, dataset, shape, regime);
        }
      }
    }
    appendSummary(out);
    targets().appendMarkdown(out);
    return out.toString();
  }

  private void appendTable(StringBuilder out, Dataset dataset, DataShape shape, Regime regime) {
    List<Measurement> rows =
        medians.stream()
            .filter(
                m ->
                    m.dataset().equals(dataset.id())
                        && m.shape().equals(shape.id())
                        && m.regime().equals(regime.id()))
            .toList();
    if (rows.isEmpty()) {
      return;
    }
    out.append("### ")
        .append(dataDescription(rows.get(0)))
        .append(", shape `")
        .append(shape.id())
        .append("`, regime `")
        .append(regime.id())
        .append("`\n\n");
    out.append(regime.description()).append(".\n\n");
    out.append(
        "| format | bytes/doc | index heap/M docs | dictionary memory/segment | dictionary memory/M docs | indexing docs/s | merge s | random docs/s | sequential docs/s | segments | verified |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Measurement m : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %s | %s | %s | %,.0f | %.2f | %,.0f | %,.0f | %d | %s |%n",
              label(m.format()),
              m.bytesPerDoc(),
              m.indexHeapBytes() < 0
                  ? "off-heap"
                  : String.format(Locale.ROOT, "%,.0f B", m.indexHeapPerMillionDocs()),
              m.dictionaryMemoryBytes() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%,.0f KiB", m.dictionaryMemoryBytes() / 1024.0),
              m.dictionaryMemoryTotalBytes() < 0
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%,.0f KiB", m.dictionaryMemoryPerMillionDocs() / 1024.0),
              m.indexDocsPerSecond(),
              m.mergeSeconds(),
              m.randomDocsPerSecond(),
              m.sequentialDocsPerSecond(),
              m.segments(),
              m.verified()
                  ? String.format(Locale.ROOT, "%,d docs", m.verifiedDocs())
                  : "NO: " + m.problem()));
    }
    out.append('\n');
  }

  /**
   * Per regime, a row per Chunkstore mode: for each ratio, the geometric mean over every data set
   * and shape, and the worst of them.
   */
  private void appendSummary(StringBuilder out) {
    for (Regime regime : config.regimes()) {
      List<CorpusSummary.Row> rows = CorpusSummary.rows(medians, regime.id());
      if (rows.isEmpty()) {
        continue;
      }
      out.append("### Corpus summary, regime `")
          .append(regime.id())
          .append(
              "`: ratio to Lucene104, geometric mean over every data set and shape (worst)\n\n");
      out.append(
              "| Chunkstore | vs | bytes/doc | random docs/s | sequential docs/s | indexing time")
          .append(" | merge time |\n|---|---|---|---|---|---|---|\n");
      for (BenchFormat f : BenchFormat.all()) {
        List<CorpusSummary.Row> mine =
            rows.stream().filter(r -> r.comparison().format().equals(f.id())).toList();
        if (mine.isEmpty()) {
          continue;
        }
        String vs =
            mine.stream()
                .map(r -> label(r.comparison().baseline()))
                .distinct()
                .reduce((a, b) -> a + " (bytes, times) / " + b + " (reads)")
                .orElse("");
        out.append("| ").append(f.label()).append(" | ").append(vs).append(" |");
        for (String metric : CorpusSummary.METRICS) {
          Optional<CorpusSummary.Row> r =
              mine.stream().filter(x -> x.comparison().metric().equals(metric)).findFirst();
          out.append(' ')
              .append(
                  r.map(
                          x ->
                              String.format(
                                  Locale.ROOT,
                                  "%.2fx (%.2fx %s %s)",
                                  x.geometricMean(),
                                  x.worst().ratio(),
                                  x.worst().dataset(),
                                  x.worst().shape()))
                      .orElse("-"))
              .append(" |");
        }
        out.append('\n');
      }
      out.append('\n');
    }
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> machineJson = new LinkedHashMap<>();
    machineJson.put("cpu", machine.cpu());
    machineJson.put("cores", machine.cores());
    machineJson.put("memoryBytes", machine.memoryBytes());
    machineJson.put("os", machine.os());
    machineJson.put("jdk", machine.jdk());
    machineJson.put("lucene", machine.lucene());
    root.put("machine", machineJson);
    root.put("command", config.command());
    List<Object> datasets = new ArrayList<>();
    for (Dataset d : config.datasets()) {
      Map<String, Object> dj = new LinkedHashMap<>();
      dj.put("id", d.id());
      dj.put("label", d.label());
      dj.put("format", d.fileFormat());
      datasets.add(dj);
    }
    root.put("datasets", datasets);
    root.put("rounds", config.rounds());
    List<Object> results = new ArrayList<>();
    for (Measurement m : medians) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("dataset", m.dataset());
      r.put("copies", m.copies());
      r.put("format", m.format());
      r.put("label", label(m.format()));
      r.put("shape", m.shape());
      r.put("regime", m.regime());
      r.put("docs", m.docs());
      r.put("bytesPerDoc", m.bytesPerDoc());
      r.put("storedFieldsBytes", m.storedFieldsBytes());
      r.put(
          "indexHeapBytesPerMillionDocs",
          m.indexHeapBytes() < 0 ? null : m.indexHeapPerMillionDocs());
      r.put(
          "dictionaryMemoryBytesPerSegment",
          m.dictionaryMemoryBytes() < 0 ? null : m.dictionaryMemoryBytes());
      r.put(
          "dictionaryMemoryBytesPerMillionDocs",
          m.dictionaryMemoryTotalBytes() < 0 ? null : m.dictionaryMemoryPerMillionDocs());
      r.put("dictionaryShare", m.dictionaryShare() < 0 ? null : m.dictionaryShare());
      r.put("indexingDocsPerSecond", m.indexDocsPerSecond());
      r.put("indexSeconds", m.indexSeconds());
      r.put("mergeSeconds", m.mergeSeconds());
      r.put("randomDocsPerSecond", m.randomDocsPerSecond());
      r.put("sequentialDocsPerSecond", m.sequentialDocsPerSecond());
      r.put("segments", m.segments());
      r.put("chunks", m.chunks() < 0 ? null : m.chunks());
      r.put("verifiedDocs", m.verifiedDocs());
      r.put("verified", m.verified());
      results.add(r);
    }
    root.put("results", results);
    TargetsSection targets = targets();
    root.put("targets", targets.cellsJson());
    root.put("targetSummary", targets.summaryJson());
    List<Object> summary = new ArrayList<>();
    for (Regime regime : config.regimes()) {
      for (CorpusSummary.Row r : CorpusSummary.rows(medians, regime.id())) {
        Map<String, Object> sj = new LinkedHashMap<>();
        sj.put("regime", r.regime());
        sj.put("format", r.comparison().format());
        sj.put("baseline", r.comparison().baseline());
        sj.put("metric", r.comparison().metric());
        sj.put("geometricMean", r.geometricMean());
        sj.put("worstRatio", r.worst().ratio());
        sj.put("worstDataset", r.worst().dataset());
        sj.put("worstShape", r.worst().shape());
        sj.put("count", r.count());
        summary.add(sj);
      }
    }
    root.put("summary", summary);
    StringBuilder out = new StringBuilder();
    writeJson(root, out, "");
    return out.append('\n').toString();
  }

  private static void writeJson(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(indent).append("  ");
        JsonText.appendString(out, e.getKey().toString());
        out.append(": ");
        writeJson(e.getValue(), out, indent + "  ");
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append(indent).append("  ");
        writeJson(list.get(i), out, indent + "  ");
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      JsonText.appendString(out, value.toString());
    }
  }
}
