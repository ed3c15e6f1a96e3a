package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.tools.GeoNamesTable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark measures what it claims and checks every document; timing is not asserted. */
class BenchmarkTest {

  @TempDir Path tmp;

  /** The first rows of the bundled sample, as a GeoNames file. */
  private Path sampleFile(int rows) throws IOException {
    List<String[]> sample = GeoNamesTable.readSample();
    StringBuilder text = new StringBuilder();
    for (String[] row : sample.subList(0, rows)) {
      text.append(String.join("\t", row)).append('\n');
    }
    Path file = tmp.resolve("sample.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void everyFormatShapeAndRegimeIndexesMeasuresAndVerifiesEveryDocument() throws Exception {
    Path data = sampleFile(400);
    for (DataShape shape : DataShape.values()) {
      List<Document> docs = BenchData.load(data, "geonames", shape);
      for (Regime regime : Regime.values()) {
        for (BenchFormat format : BenchFormat.all()) {
          BenchmarkWorker worker =
              new BenchmarkWorker("geonames", docs, 2, format, shape, regime, 0.01, 0.01, 7);
          Path dir = Files.createDirectories(tmp.resolve(shape.id() + regime.id() + format.id()));
          Measurement m = worker.run(dir);
          String what = format.id() + "/" + shape.id() + "/" + regime.id();
          assertEquals(800, m.docs(), what);
          assertEquals("geonames", m.dataset(), what);
          assertEquals(2, m.copies(), what);
          assertTrue(m.verified(), what + ": " + m.problem());
          assertEquals(800, m.verifiedDocs(), what);
          assertTrue(
              m.storedFieldsBytes() > 0
                  && m.randomDocsPerSecond() > 0
                  && m.sequentialDocsPerSecond() > 0,
              what);
          assertEquals(format.isChunkstore(), m.indexHeapBytes() >= 0, what);
          assertEquals(format.isChunkstore(), m.chunks() > 0, what);
          if (regime == Regime.BULK) {
            assertEquals(1, m.segments(), what + " is force-merged");
          }
        }
      }
    }
  }

  @Test
  void everyFormatReadsBackTheCorpusFixturesInBothShapes() throws Exception {
    Path dataDir = CorpusFixtures.dataDir(Files.createDirectories(tmp.resolve("data")));
    for (String id : Dataset.CORPUS) {
      Dataset dataset = Dataset.corpus(id, dataDir);
      for (DataShape shape : DataShape.values()) {
        List<Document> docs = BenchData.load(dataset.path(), dataset.fileFormat(), shape);
        for (Regime regime : Regime.values()) {
          for (BenchFormat format : BenchFormat.all()) {
            BenchmarkWorker worker =
                new BenchmarkWorker(id, docs, 40, format, shape, regime, 0.01, 0.01, 3);
            Path dir =
                Files.createDirectories(tmp.resolve(id + shape.id() + regime.id() + format.id()));
            Measurement m = worker.run(dir);
            String what = id + "/" + format.id() + "/" + shape.id() + "/" + regime.id();
            assertEquals(docs.size() * 40L, m.docs(), what);
            assertTrue(m.verified(), what + ": " + m.problem());
          }
        }
      }
    }
  }

  @Test
  void autoCopiesReachTheMinimumDocumentCount() {
    assertEquals(3, Dataset.autoCopies(138_398, Benchmark.AUTO_MIN_DOCS));
    assertEquals(15, Dataset.autoCopies(20_968, Benchmark.AUTO_MIN_DOCS));
    assertEquals(3, Dataset.autoCopies(117_791, Benchmark.AUTO_MIN_DOCS));
    assertEquals(1, Dataset.autoCopies(1_000_000, Benchmark.AUTO_MIN_DOCS));
    assertEquals(1, Dataset.autoCopies(300_000, Benchmark.AUTO_MIN_DOCS));
    assertEquals(300_000, Dataset.autoCopies(1, Benchmark.AUTO_MIN_DOCS));
  }

  @Test
  void theJsonShapeHoldsTheRowAsOneSourceFieldWithNumbersAsNumbers() throws Exception {
    Document doc = BenchData.load(sampleFile(1), "geonames", DataShape.JSON).get(0);
    List<IndexableField> fields = doc.getFields();
    assertEquals(1, fields.size());
    assertEquals(BenchData.SOURCE_FIELD, fields.get(0).name());
    String json = fields.get(0).binaryValue().utf8ToString();
    String[] row = GeoNamesTable.readSample().get(0);
    assertTrue(json.startsWith("{\"geonameid\":" + row[0] + ",\"name\":\""), json);
    assertTrue(json.contains("\"latitude\":" + row[GeoNamesTable.LATITUDE] + ","), json);
  }

  @Test
  void otherFileFormatsAreAccepted() throws Exception {
    Path tsv = tmp.resolve("t.tsv");
    Files.writeString(tsv, "a\tb\nx\t\"quoted\"\ny\tz\n");
    assertEquals(2, BenchData.load(tsv, "tsv", DataShape.FIELDS).size());
    assertEquals(
        "{\"a\":\"x\",\"b\":\"\\\"quoted\\\"\"}",
        BenchData.load(tsv, "tsv", DataShape.JSON)
            .get(0)
            .getBinaryValue(BenchData.SOURCE_FIELD)
            .utf8ToString());
    Path jsonl = tmp.resolve("t.jsonl");
    Files.writeString(jsonl, "{\"k\":1}\n\n{\"k\":2}\n");
    assertEquals(2, BenchData.load(jsonl, "jsonl", DataShape.JSON).size());
    assertThrows(
        IllegalArgumentException.class, () -> BenchData.load(jsonl, "jsonl", DataShape.FIELDS));
    assertThrows(
        IllegalArgumentException.class, () -> BenchData.load(jsonl, "csv", DataShape.JSON));
  }

  @Test
  void theReportComparesWithLuceneAndTheChartIsAPicture() throws Exception {
    Benchmark.Config config =
        Benchmark.Config.parse(
            new String[] {
              "--data",
              sampleFile(10).toString(),
              "--rounds",
              "1",
              "--regimes",
              "bulk",
              "--shapes",
              "fields",
              "--out",
              tmp.resolve("out").toString()
            });
    List<Measurement> medians = new ArrayList<>();
    for (BenchFormat f : BenchFormat.all()) {
      boolean cs = f.isChunkstore();
      medians.add(
          new Measurement(
              "data",
              1,
              f.id(),
              "fields",
              "bulk",
              1000,
              cs ? 1.0 : 1.0,
              0.5,
              cs ? 80_000 : 90_000,
              1,
              cs ? 3 : -1,
              cs ? 50 : -1,
              cs ? 0 : -1,
              cs ? 0 : -1,
              cs ? 0 : -1,
              cs ? 300_000 : 50_000,
              900_000,
              1000,
              ""));
    }
    BenchmarkReport report = new BenchmarkReport(config, medians, MachineInfo.describe());
    String md = report.markdown();
    assertTrue(md.contains("| Chunkstore BEST_SPEED | 80.0 |"), md);
    // BEST_SPEED's targets: sequential reads equal to Lucene's miss their 3x.
    assertTrue(
        md.contains(
            "| data | fields | bulk | 0.89x met | 6.00x met | **1.00x MISSED** | 1.00x met |"
                + " 1.00x met | 50,000 B met | 0 KiB met | 0.00% met |"),
        md);
    assertTrue(
        md.contains(
            "| Chunkstore BEST_SPEED | sequential docs/s vs Lucene104 BEST_SPEED | data | fields |"
                + " bulk | 1.00x | >= 3.00x |"),
        md);
    assertTrue(md.contains("### sample.txt x1 (1,000 docs), shape `fields`, regime `bulk`"), md);
    assertTrue(md.contains("### Corpus summary, regime `bulk`"), md);
    assertTrue(
        md.contains(
            "| Chunkstore BEST_SPEED | Lucene104 BEST_SPEED | 0.89x (0.89x data fields) | 6.00x (6.00x data fields) |"),
        md);
    assertTrue(report.json().contains("\"randomDocsPerSecond\": 300000.0000"), report.json());
    assertTrue(report.allVerified());
    Path png = tmp.resolve("chart.png");
    ScatterChart.write(report, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1000, image.getWidth());
  }

  @Test
  void badOptionsAreRefusedWithAMessage() throws Exception {
    Path data = sampleFile(1);
    assertRefused("unknown format 'nope'", "--data", data.toString(), "--formats", "nope");
    assertRefused("no such file", "--data", tmp.resolve("missing").toString());
    assertRefused("--copies must be at least 1", "--data", data.toString(), "--copies", "0");
    assertRefused(
        "cities1000.txt is missing", "--data-dir", tmp.toString(), "--datasets", "geonames,nope");
    Files.copy(data, tmp.resolve("cities1000.txt"));
    assertRefused(
        "unknown data set 'nope'", "--data-dir", tmp.toString(), "--datasets", "geonames,nope");
    assertRefused("exclude each other", "--data", data.toString(), "--datasets", "geonames");
    assertRefused("unknown data format 'xml'", "--data", data.toString(), "--format", "xml");
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    Benchmark.usage(new PrintStream(help, true, StandardCharsets.UTF_8));
    assertFalse(help.toString(StandardCharsets.UTF_8).isBlank());
  }

  /**
   * Options that {@code Benchmark.Config.parse} refuses with a message containing {@code message}.
   */
  private static void assertRefused(String message, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Benchmark.Config.parse(args));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void aCorpusRunMeasuresEveryDataSetAndSummarisesThem() throws Exception {
    Path dataDir = CorpusFixtures.dataDir(Files.createDirectories(tmp.resolve("data")));
    Path out = tmp.resolve("out");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int exit =
        Benchmark.execute(
            new String[] {
              "--data-dir",
              dataDir.toString(),
              "--datasets",
              "mdn,wordnet",
              "--rounds",
              "1",
              "--copies",
              "20",
              "--regimes",
              "bulk",
              "--shapes",
              "fields",
              "--warmup",
              "0.01",
              "--measure",
              "0.01",
              "--heap",
              "256m",
              "--formats",
              "chunkstore-best-speed,lucene-best-speed",
              "--out",
              out.toString()
            },
            new PrintStream(log, true, StandardCharsets.UTF_8),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    String lines = log.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, lines);
    assertTrue(lines.contains("[4/4] round 1 wordnet"), lines);
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("### MDN browser-compat-data x20 (60 docs), shape `fields`"), md);
    assertTrue(md.contains("### WordNet 3.1 x20 (120 docs), shape `fields`"), md);
    assertTrue(md.contains("## Targets (issue 21)"), md);
    assertTrue(md.contains("| mdn | fields | bulk | "), md);
    assertTrue(md.contains("| wordnet | fields | bulk | "), md);
    assertTrue(md.contains("### Corpus summary, regime `bulk`"), md);
    String json = Files.readString(out.resolve("results.json"));
    assertTrue(json.contains("\"worstDataset\": "), json);
    assertTrue(json.contains("\"holdsEverywhere\": "), json);
    // One panel per data set.
    assertEquals(2 * 640, ImageIO.read(out.resolve("chart.png").toFile()).getHeight());
  }

  @Test
  void aWholeRunInFreshJvmsReportsMediansOfInterleavedRounds() throws Exception {
    Benchmark.Config config =
        Benchmark.Config.parse(
            new String[] {
              "--data",
              sampleFile(200).toString(),
              "--rounds",
              "2",
              "--copies",
              "1",
              "--regimes",
              "tiny",
              "--shapes",
              "json",
              "--warmup",
              "0.01",
              "--measure",
              "0.01",
              "--heap",
              "256m",
              "--formats",
              "chunkstore-best-speed,lucene-best-speed",
              "--out",
              tmp.resolve("out").toString()
            });
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Measurement> medians =
        Benchmark.run(config, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(2, medians.size());
    for (Measurement m : medians) {
      assertTrue(m.verified(), m.format() + ": " + m.problem());
      assertEquals(200, m.docs());
    }
    String lines = log.toString(StandardCharsets.UTF_8);
    // Interleaved: round 1 runs both formats before round 2 starts.
    assertTrue(
        lines.indexOf("[2/4] round 1") >= 0
            && lines.indexOf("[3/4] round 2") > lines.indexOf("[2/4] round 1"),
        lines);
  }
}
