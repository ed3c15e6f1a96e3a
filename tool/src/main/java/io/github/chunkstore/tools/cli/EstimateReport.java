package io.github.chunkstore.tools.cli;

import io.github.chunkstore.tools.JsonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code chunkstore estimate} measured, its recommendation, as a table or as JSON. */
record EstimateReport(String index, long liveDocs, int segments, List<EstimateReport.Row> rows) {

  /** One format's figures; {@code unavailable} says why a format could not be tried, else null. */
  record Row(
      EstimateCommand.Format format,
      String codec,
      long docs,
      long storedBytes,
      double randomDocsPerSecond,
      double sequentialDocsPerSecond,
      long indexNanos,
      String unavailable) {

    static Row unavailable(EstimateCommand.Format format, String why) {
      return new Row(format, null, 0, -1, Double.NaN, Double.NaN, -1, why);
    }

    double bytesPerDoc() {
      return docs == 0 ? Double.NaN : (double) storedBytes / docs;
    }
  }

  /** The recommended format's label and why, by the rule the command's help states. */
  record Recommendation(String label, String reason) {}

  /** Documents in the sample (every format holds the same ones). */
  long sampleDocs() {
    return rows.stream().filter(r -> r.unavailable == null).mapToLong(Row::docs).max().orElse(0);
  }

  Recommendation recommendation() {
    Row lucene = row(EstimateCommand.BASELINE);
    Row best = null;
    for (Row r : rows) {
      if (r.unavailable == null
          && r.format.chunkstore()
          && r.randomDocsPerSecond >= lucene.randomDocsPerSecond
          && (best == null || r.storedBytes < best.storedBytes)) {
        best = r;
      }
    }
    if (best != null) {
      return new Recommendation(
          best.format.label(),
          String.format(
              Locale.ROOT,
              "the smallest Chunkstore mode that reads random documents at least as fast as %s:"
                  + " %.2fx its bytes per document, %.2fx its random reads per second",
              lucene.format.label(),
              best.bytesPerDoc() / lucene.bytesPerDoc(),
              best.randomDocsPerSecond / lucene.randomDocsPerSecond));
    }
    Row fastest = lucene;
    for (Row r : rows) {
      if (r.unavailable == null && r.randomDocsPerSecond > fastest.randomDocsPerSecond) {
        fastest = r;
      }
    }
    return new Recommendation(
        fastest.format.label(),
        "no Chunkstore mode read random documents as fast as "
            + lucene.format.label()
            + " on this sample; this format read them fastest");
  }

  private Row row(String label) {
    return rows.stream().filter(r -> r.format.label().equals(label)).findFirst().orElseThrow();
  }

  private static final String[] HEADER = {
    "format", "stored bytes", "bytes/doc", "random docs/s", "sequential docs/s", "index s"
  };

  void printTable(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "estimate: sampled %,d of %,d live documents in %,d segment%s of %s%n",
        sampleDocs(),
        liveDocs,
        segments,
        segments == 1 ? "" : "s",
        index);
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Row r : rows) {
      lines.add(
          r.unavailable != null
              ? new String[] {r.format.label(), "-", "-", "-", "-", "-"}
              : new String[] {
                r.format.label(),
                String.format(Locale.ROOT, "%,d", r.storedBytes),
                String.format(Locale.ROOT, "%,.1f", r.bytesPerDoc()),
                String.format(Locale.ROOT, "%,.0f", r.randomDocsPerSecond),
                String.format(Locale.ROOT, "%,.0f", r.sequentialDocsPerSecond),
                String.format(Locale.ROOT, "%.2f", r.indexNanos / 1e9)
              });
    }
    int[] width = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (int l = 0; l < lines.size(); l++) {
      if (l == 1) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = lines.get(l)[i];
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : " | ").append(i == 0 ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
    }
    for (Row r : rows) {
      if (r.unavailable != null) {
        out.println("estimate: " + r.format.label() + " could not be tried: " + r.unavailable);
      }
    }
    Recommendation rec = recommendation();
    out.println("recommendation: " + rec.label + ": " + rec.reason);
  }

  String toJson() {
    StringBuilder sb = new StringBuilder("{");
    JsonText.appendString(sb.append("\"index\":"), index);
    sb.append(",\"liveDocs\":").append(liveDocs);
    sb.append(",\"segments\":").append(segments);
    sb.append(",\"sampleDocs\":").append(sampleDocs());
    sb.append(",\"formats\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(i == 0 ? "{" : ",{");
      JsonText.appendString(sb.append("\"format\":"), r.format.label());
      JsonText.appendString(sb.append(",\"mode\":"), r.format.mode());
      sb.append(",\"codec\":");
      if (r.codec == null) {
        sb.append("null");
      } else {
        JsonText.appendString(sb, r.codec);
      }
      if (r.unavailable != null) {
        JsonText.appendString(sb.append(",\"unavailable\":"), r.unavailable);
      } else {
        sb.append(",\"docs\":").append(r.docs);
        sb.append(",\"storedBytes\":").append(r.storedBytes);
        sb.append(",\"bytesPerDoc\":").append(number(r.bytesPerDoc()));
        sb.append(",\"randomDocsPerSecond\":").append(number(r.randomDocsPerSecond));
        sb.append(",\"sequentialDocsPerSecond\":").append(number(r.sequentialDocsPerSecond));
        sb.append(",\"indexSeconds\":").append(number(r.indexNanos / 1e9));
      }
      sb.append('}');
    }
    Recommendation rec = recommendation();
    JsonText.appendString(sb.append("],\"recommendation\":{\"format\":"), rec.label);
    JsonText.appendString(sb.append(",\"reason\":"), rec.reason);
    return sb.append("}}").toString();
  }

  private static String number(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
  }
}
