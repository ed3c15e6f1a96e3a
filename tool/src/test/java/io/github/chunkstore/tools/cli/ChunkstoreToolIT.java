package io.github.chunkstore.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.tools.GeoNamesTable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged tool jar ({@code java -jar target/chunkstore-tool-<version>.jar}) in child
 * processes, as a person would: every command, and each mistake that must end in one line on
 * standard error and a non-zero exit code.
 */
class ChunkstoreToolIT {

  /**
   * A codec only the tests have: the tool jar alone cannot open an index written with it. Public,
   * with a public constructor, so that Lucene's service loader can create it once its class and a
   * service file are on the class path.
   */
  public static final class ToolTestOnlyCodec extends FilterCodec {
    /** The codec; the service loader calls this. */
    public ToolTestOnlyCodec() {
      super("ToolTestOnlyCodec", new Lucene104Codec());
    }
  }

  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @TempDir static Path temp;
  static Path index;

  @BeforeAll
  static void writeIndex() throws IOException {
    index = temp.resolve("index");
    // Two segments, one with a deleted document, so convert has something to drop.
    // Compound files (the default for small segments): stats reads sizes from inside the .cfs.
    write(index, new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_COMPRESSION), 2, 50, true);
  }

  static void write(Path path, Codec codec, int segments, int docsPerSegment, boolean compound)
      throws IOException {
    try (Directory dir = FSDirectory.open(path);
        IndexWriter writer =
            new IndexWriter(
                dir,
                new IndexWriterConfig()
                    .setCodec(codec)
                    .setUseCompoundFile(compound)
                    .setMergePolicy(NoMergePolicy.INSTANCE))) {
      int id = 0;
      for (int s = 0; s < segments; s++) {
        for (int d = 0; d < docsPerSegment; d++, id++) {
          Document doc = new Document();
          doc.add(new StringField("id", "doc-" + id, Field.Store.YES));
          doc.add(new StoredField("count", id));
          doc.add(new StoredField("big", 1L << 40 | id));
          doc.add(new StoredField("ratio", id / 4.0));
          doc.add(new StoredField("text", "line \"" + id + "\"\n\tcafé"));
          doc.add(new StoredField("bytes", new BytesRef(new byte[] {0, 1, (byte) id})));
          writer.addDocument(doc);
        }
        writer.commit();
      }
      writer.deleteDocuments(new Term("id", "doc-3"));
      writer.commit();
    }
  }

  static String toolJar() {
    String jar = System.getProperty("chunkstore.toolJar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "tool jar not built: " + jar);
    return jar;
  }

  /** {@code java -jar chunkstore-tool-<version>.jar ARGS}. */
  static Run tool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(List.of("-jar", toolJar()));
    command.addAll(List.of(args));
    return run(command);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Run run(List<String> command) throws Exception {
    return run(command, temp);
  }

  /**
   * Runs {@code command} with no input, its output and errors captured in files under {@code dir}.
   */
  static Run run(List<String> command, Path dir) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "tool did not finish: " + command);
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A user error: one line on stderr, no stack trace, the given exit code. */
  static void assertOneLineError(Run run, int exit, String... fragments) {
    assertEquals(exit, run.exit(), run::toString);
    String[] lines = run.err().strip().split("\n");
    assertEquals(1, lines.length, run::toString);
    assertFalse(run.err().contains("\tat "), run::toString);
    for (String fragment : fragments) {
      assertTrue(lines[0].contains(fragment), () -> "missing '" + fragment + "' in\n" + run);
    }
  }

  @Test
  void helpAndVersionOnEveryCommand() throws Exception {
    Run version = tool("--version");
    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().startsWith("chunkstore "), version::toString);
    for (String command : List.of("stats", "check", "convert", "get", "estimate", "demo")) {
      Run help = tool(command, "--help");
      assertEquals(0, help.exit(), help::toString);
      assertTrue(help.out().contains("Usage: chunkstore " + command), help::toString);
    }
  }

  @Test
  void stats() throws Exception {
    Run table = tool("stats", index.toString());
    assertEquals(0, table.exit(), table::toString);
    List<String> lines = table.out().lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches(
                "segment +\\| codec +\\| mode +\\| +docs \\| chunks \\| docs/chunk \\| raw bytes"
                    + " \\| compressed bytes \\| ratio \\| index heap \\| dictionary \\| dictionary memory"),
        table::toString);
    assertTrue(
        lines
            .get(2)
            .matches(
                "_0 +\\| Chunkstore104 \\| BEST_COMPRESSION \\| +50 \\| +1 \\| +50\\.00 \\| +[0-9,]+ \\| +[0-9,]+ \\|"
                    + " +[0-9]+\\.[0-9]{2} \\| +[0-9,]+ \\| +0 \\| +0"),
        table::toString);
    assertTrue(
        lines.get(lines.size() - 1).matches("total +\\| +\\| +\\| +100 \\| +2 \\| +50\\.00 \\| .*"),
        table::toString);

    Run json = tool("stats", index.toString(), "--json");
    assertEquals(0, json.exit(), json::toString);
    assertTrue(
        json.out()
            .matches(
                "(?s)\\{\"segments\":\\[\\{\"segment\":\"_0\",\"codec\":\"Chunkstore104\",\"mode\":\"BEST_COMPRESSION\","
                    + "\"docs\":50,\"chunks\":1,\"docsPerChunk\":50\\.0000,\"rawBytes\":[0-9]+,\"compressedBytes\":[0-9]+,"
                    + "\"ratio\":[0-9.]+,\"indexHeapBytes\":[0-9]+,\"dictionaryBytes\":0,\"dictionaryMemoryBytes\":0\\},.*"),
        json::toString);
    assertTrue(
        json.out().contains("\"total\":{\"docs\":100,\"chunks\":2,\"docsPerChunk\":50.0000,"),
        json::toString);

    Run quick = tool("stats", index.toString(), "--json", "--no-raw");
    assertEquals(0, quick.exit(), quick::toString);
    assertTrue(
        quick.out().contains("\"rawBytes\":null,") && quick.out().contains("\"ratio\":null,"),
        quick::toString);
  }

  @Test
  void get() throws Exception {
    Run run = tool("get", index.toString(), "1", "99");
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        List.of(
            "{\"_doc\":1,\"id\":\"doc-1\",\"count\":1,\"big\":1099511627777,\"ratio\":0.25,"
                + "\"text\":\"line \\\"1\\\"\\n\\tcafé\",\"bytes\":\"AAEB\"}",
            "{\"_doc\":99,\"id\":\"doc-99\",\"count\":99,\"big\":1099511627875,\"ratio\":24.75,"
                + "\"text\":\"line \\\"99\\\"\\n\\tcafé\",\"bytes\":\"AAFj\"}"),
        run.out().lines().toList());
    assertOneLineError(tool("get", index.toString(), "100"), 1, "no document 100");
  }

  @Test
  void checkCleanThenDamaged() throws Exception {
    Run clean = tool("check", index.toString());
    assertEquals(0, clean.exit(), clean::toString);
    assertTrue(clean.out().contains("is clean"), clean::toString);

    Path damaged = temp.resolve("damaged");
    write(damaged, new ChunkstoreCodec(), 2, 50, false);
    Path data = damaged.resolve("_1.csd");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(data, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    Run run = tool("check", damaged.toString());
    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.err().contains("segment _1 is damaged"), run::toString);
    assertFalse(run.err().contains("segment _0"), run::toString);
  }

  @Test
  void convertBothWaysKeepsEveryDocument() throws Exception {
    Path lucene = temp.resolve("to-lucene");
    Run toLucene =
        tool(
            "convert",
            index.toString(),
            lucene.toString(),
            "--to",
            "lucene",
            "--mode",
            "best_speed");
    assertEquals(0, toLucene.exit(), toLucene::toString);
    assertTrue(toLucene.out().contains("verified: all 99 documents"), toLucene::toString);
    Run luceneStats = tool("stats", lucene.toString(), "--json");
    assertTrue(
        luceneStats
            .out()
            .contains(
                "\"codec\":\"Lucene104\",\"mode\":\"BEST_SPEED\",\"docs\":49,\"chunks\":null,"),
        luceneStats::toString);

    Path back = temp.resolve("back");
    Run toChunkstore = tool("convert", lucene.toString(), back.toString(), "--mode", "BEST_SPEED");
    assertEquals(0, toChunkstore.exit(), toChunkstore::toString);
    assertTrue(tool("stats", back.toString(), "--json").out().contains("\"mode\":\"BEST_SPEED\""));
    assertEquals(
        tool("get", lucene.toString(), "0", "98").out(),
        tool("get", back.toString(), "0", "98").out());

    assertOneLineError(
        tool("convert", index.toString(), back.toString()), 1, "already holds an index");
  }

  @Test
  void convertToDictionaryAndBackToLucene() throws Exception {
    // A Lucene104 index of the bundled GeoNames sample: one segment large enough for a dictionary
    // (the sample twelve times, about 5 MB of serialized documents: a segment needs 4 MiB for
    // one), then a small one, too small for a dictionary. Deleting one row's id deletes its 13
    // copies.
    Path lucene = temp.resolve("geonames-lucene");
    List<String[]> rows = GeoNamesTable.readSample();
    int copies = 12;
    try (Directory dir = FSDirectory.open(lucene);
        IndexWriter writer =
            new IndexWriter(
                dir,
                new IndexWriterConfig()
                    .setCodec(new Lucene104Codec())
                    .setUseCompoundFile(false)
                    .setRAMBufferSizeMB(256)
                    .setMergePolicy(NoMergePolicy.INSTANCE))) {
      for (int copy = 0; copy < copies; copy++) {
        for (String[] row : rows) {
          writer.addDocument(GeoNamesTable.toDocument(row));
        }
      }
      writer.commit();
      for (String[] row : rows.subList(0, 50)) {
        writer.addDocument(GeoNamesTable.toDocument(row));
      }
      writer.commit();
      writer.deleteDocuments(new Term(GeoNamesTable.ID_FIELD, rows.get(7)[0]));
      writer.commit();
    }

    Path dictionary = temp.resolve("geonames-dictionary");
    Run convert = tool("convert", lucene.toString(), dictionary.toString(), "--mode", "DICTIONARY");
    assertEquals(0, convert.exit(), convert::toString);
    assertTrue(convert.out().contains("wrote 36,037 documents in 2 segments"), convert::toString);
    assertTrue(convert.out().contains("(Chunkstore DICTIONARY)"), convert::toString);
    assertTrue(convert.out().contains("verified: all 36,037 documents"), convert::toString);
    try (Stream<Path> files = Files.list(dictionary)) {
      assertEquals(
          List.of(),
          files.filter(f -> f.toString().endsWith(".tmp")).toList(),
          "temporary files left");
    }

    // stats: the large segment has a dictionary, and its memory once read is more than its bytes
    // (zstd's tables at least), with and without --no-raw; the small one has none.
    Pattern segment =
        Pattern.compile(
            "\\{\"segment\":\"(_[0-9]+)\",\"codec\":\"Chunkstore104\",\"mode\":\"DICTIONARY\",\"docs\":([0-9]+),"
                + "[^}]*\"dictionaryBytes\":([0-9]+),\"dictionaryMemoryBytes\":([0-9]+)\\}");
    List<long[]> withRaw =
        dictionaryColumns(segment, tool("stats", dictionary.toString(), "--json"));
    List<long[]> noRaw =
        dictionaryColumns(segment, tool("stats", dictionary.toString(), "--json", "--no-raw"));
    assertEquals(2, withRaw.size());
    long[] large = withRaw.get(0);
    long[] small = withRaw.get(1);
    assertEquals(35_988, large[0]);
    assertTrue(large[1] > 0 && large[1] <= 64 * 1024, () -> "dictionary bytes " + large[1]);
    assertTrue(
        large[2] > large[1], () -> "dictionary memory " + large[2] + " for " + large[1] + " bytes");
    assertEquals(49, small[0]);
    assertEquals(0, small[1]);
    assertEquals(0, small[2]);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(withRaw.get(i), noRaw.get(i));
    }
    Run table = tool("stats", dictionary.toString());
    assertEquals(0, table.exit(), table::toString);
    assertTrue(
        table
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "_0 +\\| Chunkstore104 \\| DICTIONARY \\| .* \\| +"
                            + String.format(Locale.ROOT, "%,d", large[1])
                            + " \\| +"
                            + String.format(Locale.ROOT, "%,d", large[2]))),
        table::toString);

    Run check = tool("check", dictionary.toString());
    assertEquals(0, check.exit(), check::toString);
    assertTrue(check.out().contains("Chunkstore DICTIONARY, 35,988 docs"), check::toString);

    // And back to Lucene: a DICTIONARY index converts to either of Lucene's modes, not to its own.
    Path back = temp.resolve("geonames-back");
    Run toLucene =
        tool(
            "convert",
            dictionary.toString(),
            back.toString(),
            "--to",
            "lucene",
            "--mode",
            "BEST_COMPRESSION");
    assertEquals(0, toLucene.exit(), toLucene::toString);
    assertTrue(toLucene.out().contains("(Lucene104 BEST_COMPRESSION)"), toLucene::toString);
    assertTrue(toLucene.out().contains("verified: all 36,037 documents"), toLucene::toString);
    assertTrue(
        tool("stats", back.toString(), "--json")
            .out()
            .contains("\"codec\":\"Lucene104\",\"mode\":\"BEST_COMPRESSION\",\"docs\":35988,"));
    String[] docs = {"0", "6", "7", "1500", "35987", "35988", "36036"};
    Run fromDictionary = tool(concat("get", dictionary.toString(), docs));
    assertEquals(0, fromDictionary.exit(), fromDictionary::toString);
    assertEquals(docs.length, fromDictionary.out().lines().count(), fromDictionary::toString);
    assertEquals(fromDictionary.out(), tool(concat("get", back.toString(), docs)).out());
    assertOneLineError(
        tool(
            "convert",
            dictionary.toString(),
            temp.resolve("no-such-mode").toString(),
            "--to",
            "lucene",
            "--mode",
            "DICTIONARY"),
        1,
        "Lucene104 has no mode DICTIONARY");
    assertFalse(Files.exists(temp.resolve("no-such-mode").resolve("segments_1")));
  }

  /** Per segment of a {@code stats --json} run: docs, dictionary bytes, dictionary memory. */
  private static List<long[]> dictionaryColumns(Pattern segment, Run stats) {
    assertEquals(0, stats.exit(), stats::toString);
    List<long[]> rows = new ArrayList<>();
    Matcher m = segment.matcher(stats.out());
    while (m.find()) {
      rows.add(
          new long[] {
            Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))
          });
    }
    return rows;
  }

  private static String[] concat(String command, String index, String... args) {
    List<String> all = new ArrayList<>(List.of(command, index));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void notAnIndex() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertOneLineError(tool("stats", empty.toString()), 1, "is not a Lucene index");
    assertOneLineError(tool("check", temp.resolve("missing").toString()), 1, "does not exist");
  }

  @Test
  void lockedIndex() throws Exception {
    Path locked = temp.resolve("locked");
    write(locked, new ChunkstoreCodec(), 1, 5, false);
    // A writer in this JVM holds the index's write lock while the tool runs in another process.
    try (Directory dir = FSDirectory.open(locked);
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
      assertOneLineError(
          tool("check", locked.toString()), 1, "the index is locked", "another process is writing");
      assertOneLineError(
          tool("convert", index.toString(), locked.toString()), 1, "already holds an index");
      Run stats = tool("stats", locked.toString()); // reading needs no lock
      assertEquals(0, stats.exit(), stats::toString);
    }
    Path empty = temp.resolve("locked-empty");
    try (Directory dir = FSDirectory.open(empty);
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
      assertOneLineError(
          tool("convert", index.toString(), empty.toString()), 1, "the index is locked");
    }
  }

  @Test
  void unknownModeAndCommand() throws Exception {
    // Whatever modes the codec has, listed from Mode.values().
    String modes = Arrays.toString(ChunkstoreCodec.Mode.values());
    assertOneLineError(
        tool("convert", index.toString(), temp.resolve("x").toString(), "--mode", "FASTEST"),
        2,
        "--mode",
        modes,
        "FASTEST");
    assertOneLineError(tool("frobnicate"), 2, "frobnicate");
    assertOneLineError(tool("stats"), 2, "INDEX");
  }

  @Test
  void codecNotOnTheClassPath() throws Exception {
    Path foreign = temp.resolve("foreign");
    write(foreign, new ToolTestOnlyCodec(), 1, 5, false);
    String f = foreign.toString();
    for (List<String> args :
        List.of(
            List.of("stats", f),
            List.of("check", f),
            List.of("get", f, "0"),
            List.of("convert", f, temp.resolve("foreign-converted").toString()))) {
      assertOneLineError(
          tool(args.toArray(String[]::new)),
          1,
          "codec 'ToolTestOnlyCodec'",
          "not on the class path",
          "java -cp "
              + toolJar()
              + File.pathSeparator
              + "CODEC.jar "
              + ChunkstoreCommand.class.getName()
              + " "
              + String.join(" ", args));
    }
    Run verbose = tool("--verbose", "stats", foreign.toString());
    assertEquals(1, verbose.exit(), verbose::toString);
    assertTrue(verbose.err().contains("\tat "), verbose::toString);

    // The advice works: with the codec's classes and service file on the class path, stats runs.
    Path services = Files.createDirectories(temp.resolve("codec-jar/META-INF/services"));
    Files.writeString(
        services.resolve(Codec.class.getName()), ToolTestOnlyCodec.class.getName() + "\n");
    String testClasses = System.getProperty("chunkstore.testClasses");
    String classPath =
        String.join(
            File.pathSeparator, toolJar(), testClasses, temp.resolve("codec-jar").toString());
    Run withCodec =
        run(
            List.of(
                java(),
                "-cp",
                classPath,
                ChunkstoreCommand.class.getName(),
                "stats",
                foreign.toString()));
    assertEquals(0, withCodec.exit(), withCodec::toString);
    assertTrue(withCodec.out().contains("ToolTestOnlyCodec"), withCodec::toString);
  }

  @Test
  void demo() throws Exception {
    Run run = tool("demo");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("Result: OK"), run::toString);
  }
}
