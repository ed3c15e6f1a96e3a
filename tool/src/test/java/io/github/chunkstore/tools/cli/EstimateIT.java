package io.github.chunkstore.tools.cli;

import static io.github.chunkstore.tools.cli.ChunkstoreToolIT.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.tools.cli.ChunkstoreToolIT.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chunkstore estimate} through the packaged jar: every format's row, the sample size, the
 * JSON, the errors, and no temporary directory left behind. Read speeds are printed, never
 * asserted: they depend on the machine.
 */
class EstimateIT {

  static final List<String> FORMATS =
      List.of(
          "Chunkstore BEST_SPEED",
          "Chunkstore BEST_COMPRESSION",
          "Chunkstore DICTIONARY",
          "Lucene104 BEST_SPEED",
          "Lucene104 BEST_COMPRESSION");

  @TempDir static Path temp;
  static Path chunkstore;
  static Path lucene;

  @BeforeAll
  static void writeIndexes() throws IOException {
    // 2 segments of 50 documents with every stored type, one document deleted: 99 live.
    chunkstore = temp.resolve("chunkstore");
    ChunkstoreToolIT.write(
        chunkstore, new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_COMPRESSION), 2, 50, true);
    lucene = temp.resolve("lucene");
    ChunkstoreToolIT.write(
        lucene, new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION), 2, 50, false);
  }

  static Run tool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ChunkstoreToolIT.java()));
    command.addAll(List.of("-jar", ChunkstoreToolIT.toolJar()));
    command.addAll(List.of(args));
    return ChunkstoreToolIT.run(command, temp);
  }

  static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> left = files.toList();
      assertTrue(left.isEmpty(), () -> "left behind: " + left);
    }
  }

  @Test
  void tableHasEveryFormatAndHonoursTheSample() throws Exception {
    Path scratch = Files.createDirectories(temp.resolve("scratch-table"));
    Run run =
        tool(
            "estimate",
            chunkstore.toString(),
            "--sample",
            "30",
            "--seconds",
            "0.05",
            "--temp-dir",
            scratch.toString());
    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out().startsWith("estimate: sampled 30 of 99 live documents in 2 segments of "),
        run::toString);
    List<String> lines = run.out().lines().toList();
    for (String format : FORMATS) {
      assertEquals(
          1, lines.stream().filter(l -> l.startsWith(format + " ")).count(), format + "\n" + run);
    }
    String recommendation = lines.get(lines.size() - 1);
    assertTrue(recommendation.startsWith("recommendation: "), run::toString);
    assertTrue(
        FORMATS.stream().anyMatch(f -> recommendation.startsWith("recommendation: " + f + ": ")),
        run::toString);
    assertEmpty(scratch);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonParsesAndTakesEveryDocumentWhenFewerThanTheSample() throws Exception {
    Path scratch = Files.createDirectories(temp.resolve("scratch-json"));
    Run run =
        tool(
            "estimate",
            lucene.toString(),
            "--json",
            "--seconds",
            "0.05",
            "--temp-dir",
            scratch.toString());
    assertEquals(0, run.exit(), run::toString);
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out());
    assertEquals(99.0, json.get("liveDocs"), run::toString);
    assertEquals(2.0, json.get("segments"), run::toString);
    assertEquals(99.0, json.get("sampleDocs"), run::toString);
    List<Map<String, Object>> formats = (List<Map<String, Object>>) json.get("formats");
    assertEquals(FORMATS, formats.stream().map(f -> f.get("format")).toList(), run::toString);
    for (Map<String, Object> format : formats) {
      assertEquals(99.0, format.get("docs"), run::toString);
      for (String key :
          List.of(
              "storedBytes",
              "bytesPerDoc",
              "randomDocsPerSecond",
              "sequentialDocsPerSecond",
              "indexSeconds")) {
        assertTrue(((Double) format.get(key)) > 0, () -> key + " in\n" + run);
      }
      String codec =
          ((String) format.get("format")).startsWith("Chunkstore") ? "Chunkstore104" : "Lucene104";
      assertEquals(codec, format.get("codec"), run::toString);
    }
    Map<String, Object> recommendation = (Map<String, Object>) json.get("recommendation");
    assertTrue(FORMATS.contains(recommendation.get("format")), run::toString);
    assertTrue(!((String) recommendation.get("reason")).isEmpty(), run::toString);
    assertEmpty(scratch);
  }

  @Test
  void errors() throws Exception {
    assertOneLineError(
        tool("estimate", temp.resolve("missing").toString()), 1, "estimate:", "does not exist");
    Path notIndex = Files.createDirectories(temp.resolve("not-an-index"));
    assertOneLineError(tool("estimate", notIndex.toString()), 1, "is not a Lucene index");
    Path empty = temp.resolve("no-documents");
    try (Directory dir = FSDirectory.open(empty);
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
      writer.commit();
    }
    Path scratch = Files.createDirectories(temp.resolve("scratch-errors"));
    assertOneLineError(
        tool("estimate", empty.toString(), "--temp-dir", scratch.toString()),
        1,
        "has no live documents");
    assertOneLineError(
        tool("estimate", chunkstore.toString(), "--sample", "0"), 2, "--sample must be");
    assertOneLineError(
        tool("estimate", chunkstore.toString(), "--seconds", "0"), 2, "--seconds must be");
    assertEmpty(scratch);
  }
}
