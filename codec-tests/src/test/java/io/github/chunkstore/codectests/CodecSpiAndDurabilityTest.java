package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.codectests.support.ChildJvm;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.format.ChunkstoreStoredFieldsReader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the codec works as a user installs it: Lucene finds it by its SPI name in the
 * packaged jar, every segment written with it records that name (which is how Lucene picks the
 * codec again when it opens the index), and an index written in every mode, over several segments
 * with deletions, reopens intact in a fresh JVM that knows only the path, and passes CheckIndex at
 * the level that reads every stored document, in both JVMs.
 */
class CodecSpiAndDurabilityTest {

  private static final long SEED = 0x5EED_C0DEC0DEL;

  @Test
  void spiNameResolvesToTheCodecFromThePackagedJar() throws Exception {
    assertTrue(
        Codec.availableCodecs().contains(ChunkstoreCodec.NAME),
        () -> "SPI lists " + Codec.availableCodecs());
    Codec codec = Codec.forName(ChunkstoreCodec.NAME);
    ChunkstoreCodec chunkstore = assertInstanceOf(ChunkstoreCodec.class, codec);
    assertEquals(ChunkstoreCodec.NAME, codec.getName());
    assertEquals("Chunkstore104", ChunkstoreCodec.NAME);
    assertEquals(
        ChunkstoreCodec.Mode.BEST_SPEED,
        chunkstore.mode(),
        "the SPI (no-arg) instance writes BEST_SPEED");

    for (Class<?> cls : List.of(ChunkstoreCodec.class, ChunkstoreStoredFieldsReader.class)) {
      Path location = Path.of(cls.getProtectionDomain().getCodeSource().getLocation().toURI());
      String file = location.getFileName().toString();
      assertTrue(
          file.endsWith(".jar"),
          () -> cls.getSimpleName() + " loaded from " + location + ", not from a jar");
      assertTrue(
          file.startsWith("chunkstore-"), () -> cls.getSimpleName() + " loaded from " + location);
    }
    // Every mode constructs and names itself the same way: the name, not the mode, is in the
    // segment.
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      ChunkstoreCodec c = new ChunkstoreCodec(mode);
      assertEquals(ChunkstoreCodec.NAME, c.getName());
      assertEquals(mode, c.mode());
    }
  }

  /** lucene-core and the test framework on the class path are the version the build asked for. */
  @Test
  void luceneUnderTestIsTheRequestedVersion() {
    String requested = System.getProperty("chunkstore.tests.lucene.version");
    Assumptions.assumeTrue(
        requested != null && !requested.isBlank(), "not run by this module's Maven build");
    assertEquals(requested, Version.LATEST.toString(), "lucene-core on the test classpath");
    String codecs = Lucene104Codec.class.getPackage().getImplementationVersion();
    assertTrue(
        codecs == null || codecs.startsWith(requested),
        () -> "lucene-core implementation version " + codecs);
    String framework = LuceneTestCase.class.getPackage().getImplementationVersion();
    assertTrue(
        framework == null || framework.startsWith(requested),
        () -> "lucene-test-framework version " + framework);
  }

  @Test
  void indexWrittenInEveryModeReopensInAFreshJvm(@TempDir Path tmp) throws Exception {
    Path indexPath = tmp.resolve("index");
    Map<String, List<FieldValue>> expected = DurabilityFixture.expected(SEED);
    try (Directory dir = FSDirectory.open(indexPath)) {
      DurabilityFixture.write(dir, SEED);

      List<String> codecNames = Segments.committedCodecNames(dir);
      assertTrue(
          codecNames.size() >= ChunkstoreCodec.Mode.values().length * DurabilityFixture.BATCHES,
          () -> "expected several segments per mode, got " + codecNames);
      for (String name : codecNames) {
        assertEquals(ChunkstoreCodec.NAME, name, "codec recorded in a segment");
      }

      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, expected);
        IndexVerification.assertRandomAccess(reader, expected, new Random(SEED), 500);
        Set<ChunkstoreCodec.Mode> seen = EnumSet.noneOf(ChunkstoreCodec.Mode.class);
        for (LeafReaderContext leaf : reader.leaves()) {
          ChunkstoreStats fieldsReader = Segments.chunkstoreStats(leaf.reader());
          seen.add(fieldsReader.mode());
          assertTrue(fieldsReader.numChunks() > 0, "segment with documents has chunks");
          assertTrue(
              fieldsReader.numDirtyChunks() >= 0
                  && fieldsReader.numDirtyChunks() <= fieldsReader.numChunks(),
              () ->
                  "dirty chunks "
                      + fieldsReader.numDirtyChunks()
                      + " of "
                      + fieldsReader.numChunks());
          assertTrue(fieldsReader.indexHeapBytes() > 0, "chunk index heap is reported");
        }
        assertEquals(EnumSet.allOf(ChunkstoreCodec.Mode.class), seen, "segments of every mode");
      }

      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }

    ChildJvm.Result child =
        ChildJvm.run(
            ChildJvm.testClasspath(),
            IndexVerifierMain.class,
            List.of(indexPath.toString(), Long.toString(SEED)),
            300);
    child.echo("child JVM");
    assertEquals(0, child.exitCode(), () -> "child JVM failed:\n" + child.output());
    assertTrue(
        child.output().contains("VERIFIED " + expected.size() + " documents"),
        () -> "child JVM output:\n" + child.output());
  }
}
