package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.ChildJvm;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves how the codec behaves where zstd-jni cannot be loaded (here: its jar is left off the
 * classpath of a fresh JVM): {@code BEST_SPEED} indexes, reads and passes CheckIndex as usual, and
 * reads indexes written elsewhere; {@code new ChunkstoreCodec(BEST_COMPRESSION)} throws an {@link
 * IllegalStateException} that names zstd-jni; reading or merging a {@code BEST_COMPRESSION} index
 * fails with an exception that names zstd-jni, and leaves that index intact.
 */
class ZstdUnavailableTest {

  private static final long SEED = 0x2571DL;
  private static final int DOCS = 900;

  /** The documents of both indexes handed to the child. */
  static Map<String, List<FieldValue>> expected(long seed) {
    Map<String, List<FieldValue>> docs = new LinkedHashMap<>();
    for (int i = 0; i < DOCS; i++) {
      String id = "parent-" + i;
      docs.put(id, TestDocuments.storedFields(seed, id));
    }
    return docs;
  }

  /** Writes {@link #expected} in three segments in {@code mode}. */
  static void writeIndex(Directory dir, ChunkstoreCodec.Mode mode, long seed) throws IOException {
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      int i = 0;
      for (Map.Entry<String, List<FieldValue>> e : expected(seed).entrySet()) {
        writer.addDocument(TestDocuments.toDocument(e.getKey(), e.getValue()));
        if (++i % (DOCS / 3) == 0) {
          writer.commit();
        }
      }
      writer.commit();
    }
  }

  @Test
  void bestSpeedWorksAndTheZstdModesFailClearlyWithoutZstdJni(@TempDir Path tmp) throws Exception {
    Path bestSpeed = tmp.resolve("best-speed");
    Path bestCompression = tmp.resolve("best-compression");
    Path dictionary = tmp.resolve("dictionary");
    try (Directory dir = FSDirectory.open(dictionary)) {
      writeIndex(dir, ChunkstoreCodec.Mode.DICTIONARY, SEED);
    }
    Path work = tmp.resolve("child-work");
    try (Directory dir = FSDirectory.open(bestSpeed)) {
      writeIndex(dir, ChunkstoreCodec.Mode.BEST_SPEED, SEED);
    }
    try (Directory dir = FSDirectory.open(bestCompression)) {
      writeIndex(dir, ChunkstoreCodec.Mode.BEST_COMPRESSION, SEED); // zstd-jni is here in this JVM
    }

    List<String> full = ChildJvm.testClasspath();
    List<String> withoutZstd = ChildJvm.testClasspathWithout(ZstdUnavailableTest::isZstdJni);
    assertEquals(
        1,
        full.size() - withoutZstd.size(),
        () -> "expected exactly one zstd-jni jar on the test classpath: " + full);

    ChildJvm.Result child =
        ChildJvm.run(
            withoutZstd,
            ZstdUnavailableMain.class,
            List.of(
                work.toString(),
                bestSpeed.toString(),
                bestCompression.toString(),
                Long.toString(SEED),
                dictionary.toString()),
            300);
    child.echo("child JVM without zstd-jni");
    assertEquals(
        0, child.exitCode(), () -> "child JVM without zstd-jni failed:\n" + child.output());
    for (String check :
        List.of(
            "zstd-jni-absent",
            "best-speed-write-read",
            "best-speed-index-from-parent",
            "best-compression-constructor",
            "best-compression-read-fails",
            "best-compression-merge-fails",
            "dictionary-constructor",
            "dictionary-read-fails")) {
      assertTrue(
          child.output().contains("OK " + check + "\n"),
          () -> "check " + check + " missing:\n" + child.output());
    }

    // The child's failed merge left the BEST_COMPRESSION index as it was.
    try (Directory dir = FSDirectory.open(bestCompression)) {
      assertEquals(3, Segments.committedCodecNames(dir).size());
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, expected(SEED));
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }
  }

  private static boolean isZstdJni(String classpathEntry) {
    return Path.of(classpathEntry).getFileName().toString().startsWith("zstd-jni");
  }
}
