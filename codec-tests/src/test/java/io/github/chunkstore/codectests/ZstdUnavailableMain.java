package io.github.chunkstore.codectests;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.ChildMain;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Run by {@link ZstdUnavailableTest} in a JVM whose classpath lacks the zstd-jni jar. Each check
 * prints {@code OK <name>}; the first failed check prints {@code FAILED} and exits 1.
 *
 * <p>Arguments: {@code <work dir> <BEST_SPEED index> <BEST_COMPRESSION index> <seed> <DICTIONARY
 * index>}; the indexes were written by the parent as {@link ZstdUnavailableTest#writeIndex}
 * describes.
 */
public final class ZstdUnavailableMain {

  private ZstdUnavailableMain() {}

  public static void main(String[] args) {
    ChildMain.exitAfter(
        () -> {
          run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
          dictionaryFailsClearly(Path.of(args[4]));
          System.out.println("ALL OK");
        });
  }

  private static void ok(String check) {
    System.out.println("OK " + check);
  }

  private static void run(Path work, Path bestSpeedIndex, Path bestCompressionIndex, long seed)
      throws Exception {
    // The premise: zstd-jni really is absent.
    try {
      Class.forName("com.github.luben.zstd.Zstd");
      throw new AssertionError("zstd-jni is still on the classpath");
    } catch (ClassNotFoundException expected) {
      ok("zstd-jni-absent");
    }

    // BEST_SPEED writes, reads and checks clean.
    Map<String, List<FieldValue>> written = new LinkedHashMap<>();
    try (Directory dir = FSDirectory.open(work.resolve("best-speed-here"))) {
      try (IndexWriter writer =
          new IndexWriter(
              dir,
              new IndexWriterConfig()
                  .setCodec(new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_SPEED)))) {
        for (int i = 0; i < 600; i++) {
          String id = "child-" + i;
          List<FieldValue> fields = TestDocuments.storedFields(seed, id);
          written.put(id, fields);
          writer.addDocument(TestDocuments.toDocument(id, fields));
          if (i % 200 == 199) {
            writer.commit();
          }
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, written);
        IndexVerification.assertRandomAccess(reader, written, new Random(seed), 100);
      }
      requireClean(dir);
    }
    ok("best-speed-write-read");

    // The SPI instance (BEST_SPEED) loads, and reads a BEST_SPEED index written elsewhere.
    Codec spi = Codec.forName(ChunkstoreCodec.NAME);
    if (!(spi instanceof ChunkstoreCodec)) {
      throw new AssertionError("Codec.forName returned " + spi.getClass().getName());
    }
    try (Directory dir = FSDirectory.open(bestSpeedIndex);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexVerification.assertExactly(reader, ZstdUnavailableTest.expected(seed));
    }
    ok("best-speed-index-from-parent");

    // BEST_COMPRESSION cannot be constructed, and says why.
    try {
      new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_COMPRESSION);
      throw new AssertionError("new ChunkstoreCodec(BEST_COMPRESSION) succeeded without zstd-jni");
    } catch (IllegalStateException e) {
      requireMentionsZstdJni(e);
      System.out.println("constructor message: " + e.getMessage());
    }
    ok("best-compression-constructor");

    // A BEST_COMPRESSION index written elsewhere cannot be read here, and the failure says why.
    Throwable readFailure = readFailure(bestCompressionIndex, "BEST_COMPRESSION");
    System.out.println("read failure: " + readFailure);
    ok("best-compression-read-fails");

    // Nor can a BEST_SPEED writer merge it (that means decompressing it). Lucene treats any failed
    // merge as fatal to the writer, which closes itself; the index on disk is left intact.
    Throwable mergeFailure = null;
    try (Directory dir = FSDirectory.open(bestCompressionIndex)) {
      IndexWriter writer = null;
      try {
        writer =
            new IndexWriter(
                dir,
                new IndexWriterConfig()
                    .setCodec(new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_SPEED)));
        writer.forceMerge(1);
      } catch (Throwable t) {
        mergeFailure = t;
      } finally {
        if (writer != null) {
          writer.rollback();
        }
      }
    }
    if (mergeFailure == null) {
      throw new AssertionError("merged a BEST_COMPRESSION index without zstd-jni");
    }
    requireMentionsZstdJni(mergeFailure);
    System.out.println("merge failure: " + mergeFailure);
    ok("best-compression-merge-fails");
  }

  /** DICTIONARY needs zstd-jni like BEST_COMPRESSION: neither its codec nor its segments load. */
  private static void dictionaryFailsClearly(Path dictionaryIndex) throws Exception {
    try {
      new ChunkstoreCodec(ChunkstoreCodec.Mode.DICTIONARY);
      throw new AssertionError("new ChunkstoreCodec(DICTIONARY) succeeded without zstd-jni");
    } catch (IllegalStateException e) {
      requireMentionsZstdJni(e);
    }
    ok("dictionary-constructor");
    readFailure(dictionaryIndex, "DICTIONARY");
    ok("dictionary-read-fails");
  }

  /**
   * Reads every document of an index written in a zstd mode; returns the failure, which must name
   * zstd-jni.
   */
  private static Throwable readFailure(Path index, String mode) throws Exception {
    Throwable failure = null;
    try (Directory dir = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          StoredFieldsSnapshot.read(leaf.reader().storedFields(), doc);
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
    if (failure == null) {
      throw new AssertionError("read a " + mode + " index without zstd-jni");
    }
    requireMentionsZstdJni(failure);
    return failure;
  }

  private static void requireClean(Directory dir) throws Exception {
    Segments.CheckResult check = Segments.checkIndex(dir);
    if (!check.clean()) {
      throw new AssertionError("CheckIndex:\n" + check.log());
    }
  }

  /** The exception's message or one of its causes' says "zstd-jni". */
  private static void requireMentionsZstdJni(Throwable failure) {
    if (!mentions(failure, 0)) {
      AssertionError e = new AssertionError("failure does not mention zstd-jni: " + failure);
      e.initCause(failure);
      throw e;
    }
  }

  private static boolean mentions(Throwable t, int depth) {
    if (t == null || depth > 20) {
      return false;
    }
    if (t.getMessage() != null && t.getMessage().contains("zstd-jni")) {
      return true;
    }
    return mentions(t.getCause(), depth + 1);
  }
}
