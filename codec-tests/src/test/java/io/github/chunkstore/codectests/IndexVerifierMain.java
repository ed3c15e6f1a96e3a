package io.github.chunkstore.codectests;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.codectests.support.ChildMain;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * Run in a fresh JVM by {@link CodecSpiAndDurabilityTest}: opens the index written by the parent
 * JVM, knowing nothing but its path and the data seed, and checks every document, every segment's
 * recorded mode, and CheckIndex. Prints {@code VERIFIED ...} and exits 0, or exits 1.
 *
 * <p>Arguments: {@code <index directory> <seed>}.
 */
public final class IndexVerifierMain {

  private IndexVerifierMain() {}

  public static void main(String[] args) {
    ChildMain.exitAfter(() -> run(Path.of(args[0]), Long.parseLong(args[1])));
  }

  private static void run(Path indexPath, long seed) throws Exception {
    // The codec is found by its SPI name, from the jar, exactly as Lucene finds it when opening.
    Codec codec = Codec.forName(ChunkstoreCodec.NAME);
    if (!(codec instanceof ChunkstoreCodec)) {
      throw new AssertionError("Codec.forName returned " + codec.getClass().getName());
    }
    String location =
        ChunkstoreCodec.class.getProtectionDomain().getCodeSource().getLocation().toString();
    if (!location.endsWith(".jar")) {
      throw new AssertionError("ChunkstoreCodec loaded from " + location + ", not from a jar");
    }
    System.out.println("codec " + codec.getName() + " from " + location);

    Map<String, List<FieldValue>> expected = DurabilityFixture.expected(seed);
    try (Directory dir = FSDirectory.open(indexPath)) {
      for (String name : Segments.committedCodecNames(dir)) {
        if (!ChunkstoreCodec.NAME.equals(name)) {
          throw new AssertionError("segment recorded codec " + name);
        }
      }
      int segments;
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, expected);
        IndexVerification.assertRandomAccess(reader, expected, new Random(seed), 500);
        segments = reader.leaves().size();
        for (LeafReaderContext leaf : reader.leaves()) {
          ChunkstoreStats fieldsReader = Segments.chunkstoreStats(leaf.reader());
          String written = writtenMode(leaf);
          if (!fieldsReader.mode().name().equals(written)) {
            throw new AssertionError(
                "segment "
                    + leaf.reader()
                    + " reports mode "
                    + fieldsReader.mode()
                    + " but was written in "
                    + written);
          }
        }
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      if (!check.clean()) {
        throw new AssertionError("CheckIndex found problems:\n" + check.log());
      }
      System.out.println(
          "VERIFIED "
              + expected.size()
              + " documents in "
              + segments
              + " segments; CheckIndex clean");
    }
  }

  private static String writtenMode(LeafReaderContext leaf) throws java.io.IOException {
    Bits live = leaf.reader().getLiveDocs();
    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
      if (live == null || live.get(doc)) {
        for (FieldValue value : StoredFieldsSnapshot.read(leaf.reader().storedFields(), doc)) {
          if (value.name().equals(DurabilityFixture.WRITTEN_MODE)) {
            return value.stringValue();
          }
        }
      }
    }
    throw new AssertionError("segment " + leaf.reader() + " has no live document");
  }
}
