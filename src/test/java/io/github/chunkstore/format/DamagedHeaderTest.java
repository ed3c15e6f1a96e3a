package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The length of the codec name in a file's index header (the byte after the 4-byte magic) damaged
 * into a huge value: opening fails with {@link CorruptIndexException} naming the file, without
 * first allocating that many bytes (a corruption fuzz run hit an {@code OutOfMemoryError} there).
 */
class DamagedHeaderTest {

  @ParameterizedTest
  @ValueSource(strings = {"csd", "csx", "csm"})
  void aHugeCodecNameLengthIsRefusedBeforeAnyAllocation(String extension) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig config = new IndexWriterConfig()
          .setCodec(new ChunkstoreCodec(Mode.BEST_SPEED)).setUseCompoundFile(false);
      try (IndexWriter w = new IndexWriter(dir, config)) {
        Document doc = new Document();
        doc.add(new StoredField("f", "value"));
        w.addDocument(doc);
      }
      String name = SegmentFiles.fileWithExtension(dir, extension);
      byte[] bytes = SegmentFiles.readAll(dir, name);
      // VInt 0x7FFFFFF0 in place of the name's one-byte length (and the name's first bytes).
      bytes[4] = (byte) 0xF0;
      bytes[5] = (byte) 0xFF;
      bytes[6] = (byte) 0xFF;
      bytes[7] = (byte) 0xFF;
      bytes[8] = (byte) 0x07;
      SegmentFiles.writeAll(dir, name, bytes);
      CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> DirectoryReader.open(dir).close());
      assertTrue(e.getMessage().contains("codec header mismatch") && e.getMessage().contains(name), e.getMessage());
    }
  }
}
