package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;

/**
 * A meta file whose list of dictionaries does not match the chunks (as damage or a writer bug would
 * leave it, with a valid checksum): opening or reading fails with a {@link CorruptIndexException}
 * naming the file, never with a wrong document or a zstd error. Other damage to the files: {@link
 * FormatCorruptionTest}.
 */
class DictionaryCorruptionTest {

  /**
   * One DICTIONARY segment of ~600 KB, large enough for a dictionary under the tests' threshold.
   */
  private static Directory segmentWithDictionary() throws IOException {
    Directory dir = new ByteBuffersDirectory();
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY))
            .setMergePolicy(NoMergePolicy.INSTANCE)
            .setUseCompoundFile(false);
    Random random = new Random(17);
    try (IndexWriter w = new IndexWriter(dir, config)) {
      for (int i = 0; i < 5000; i++) {
        w.addDocument(
            List.of(
                new StoredField(
                    "row",
                    "city " + i + "\tregion " + random.nextInt(50) + "\t" + "x".repeat(80))));
      }
    }
    return dir;
  }

  /** Rewrites the meta file with {@code change} applied to its content, keeping it checksummed. */
  private static String rewriteMeta(Directory dir, UnaryOperator<SegmentMeta> change)
      throws IOException {
    String name = SegmentFiles.fileWithExtension(dir, StoredFieldsFiles.META_EXTENSION);
    int headerLength = CodecUtil.indexHeaderLength(StoredFieldsFiles.META_CODEC, "");
    byte[] header = new byte[headerLength];
    SegmentMeta meta;
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      in.readBytes(header, 0, headerLength);
      meta = SegmentMeta.read(in, 5000);
    }
    SegmentMeta changed = change.apply(meta);
    dir.deleteFile(name);
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(header, headerLength);
      changed.write(out);
      CodecUtil.writeFooter(out);
    }
    return name;
  }

  private static SegmentMeta withDictionaries(SegmentMeta m, List<byte[]> dictionaries) {
    return copy(m, m.mode(), dictionaries);
  }

  /** {@code m} with another mode and list of dictionaries. */
  private static SegmentMeta copy(SegmentMeta m, SegmentMode mode, List<byte[]> dictionaries) {
    return new SegmentMeta(
        mode,
        m.chunkBytes(),
        m.maxDocsPerChunk(),
        m.blockBytes(),
        m.numDocs(),
        m.numChunks(),
        m.numDirtyChunks(),
        m.numDirtyDocs(),
        m.rawBytes(),
        dictionaries);
  }

  /**
   * Once the meta file is rewritten with {@code change}, opening the index fails as damage, with a
   * message holding {@code problem} and the meta file's name.
   */
  private static void assertRefusedOnceRewritten(UnaryOperator<SegmentMeta> change, String problem)
      throws IOException {
    try (Directory dir = segmentWithDictionary()) {
      String meta = rewriteMeta(dir, change);
      CorruptIndexException e =
          assertThrows(CorruptIndexException.class, () -> DirectoryReader.open(dir).close());
      assertTrue(e.getMessage().contains(problem) && e.getMessage().contains(meta), e.getMessage());
    }
  }

  @Test
  void aChunkNamingADictionaryTheSegmentLacksIsDamage() throws IOException {
    try (Directory dir = segmentWithDictionary()) {
      rewriteMeta(dir, m -> withDictionaries(m, List.of()));
      String data = SegmentFiles.fileWithExtension(dir, StoredFieldsFiles.DATA_EXTENSION);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        CorruptIndexException e =
            assertThrows(CorruptIndexException.class, () -> reader.storedFields().document(42));
        assertTrue(
            e.getMessage().contains("which the segment does not have")
                && e.getMessage().contains(data),
            e.getMessage());
      }
    }
  }

  @Test
  void aDictionaryListedTwiceIsDamage() throws IOException {
    assertRefusedOnceRewritten(
        m -> {
          assertEquals(1, m.dictionaries().size());
          return withDictionaries(m, List.of(m.dictionaries().get(0), m.dictionaries().get(0)));
        },
        "have the same id");
  }

  @Test
  void moreDictionariesThanAWriterKeepsAreDamage() throws IOException {
    assertRefusedOnceRewritten(
        m -> {
          List<byte[]> many = new ArrayList<>();
          for (int i = 0; i <= SegmentDictionaries.MAX_DICTIONARIES; i++) {
            byte[] d = m.dictionaries().get(0).clone();
            d[d.length - 1] ^= (byte) i;
            many.add(d);
          }
          return withDictionaries(m, many);
        },
        "invalid dictionary count 9");
  }

  @Test
  void aDictionaryInAModeWithoutDictionariesIsDamage() throws IOException {
    assertRefusedOnceRewritten(
        m -> copy(m, SegmentMode.BEST_COMPRESSION, m.dictionaries()), "has a dictionary");
  }
}
