package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.IOException;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.junit.jupiter.api.Test;

/** The writer's contract with Lucene: the document count at finish, close, and RAM accounting. */
class ChunkstoreStoredFieldsWriterTest {

  private static final FieldInfo FIELD = SegmentFiles.fieldInfo("f", 0);

  @Test
  void finishRejectsACountMismatch() throws IOException {
    try (Directory dir = new ByteBuffersDirectory();
        StoredFieldsWriter writer = bestSpeedWriter(dir, 2)) {
      addDocument(writer, "one");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.finish(2));
      assertTrue(e.getMessage().contains("wrote 1 documents"), e.getMessage());
      writer.close();
      writer.close(); // idempotent
    }
  }

  @Test
  void writerRamGrowsWithBufferedDocumentsAndKeepsAtMostTwoChunksOfPages() throws IOException {
    try (Directory dir = new ByteBuffersDirectory();
        StoredFieldsWriter writer = bestSpeedWriter(dir, 1000)) {
      long empty = writer.ramBytesUsed();
      String value = "y".repeat(10_000);
      for (int i = 0; i < 50; i++) { // 500 KB buffered: below BEST_SPEED's 512 KiB chunk
        addDocument(writer, value);
      }
      long buffered = writer.ramBytesUsed();
      assertTrue(buffered >= empty + 500_000, empty + " -> " + buffered);
      // Flushed chunks hand their pages to the next one, up to two chunks' worth plus 64 KiB.
      long bound =
          empty + 2L * ModeSettings.of(SegmentMode.BEST_SPEED).chunkBytes() + 64 * 1024 + 100_000;
      for (int i = 0; i < 3; i++) { // crosses the chunk size: flushed
        addDocument(writer, value);
      }
      assertTrue(writer.ramBytesUsed() < bound, writer.ramBytesUsed() + " vs " + bound);
      // A huge document's pages go back to the garbage collector once it is flushed.
      addDocument(writer, "z".repeat(4_000_000));
      assertTrue(writer.ramBytesUsed() < bound, writer.ramBytesUsed() + " vs " + bound);
    }
  }

  private static StoredFieldsWriter bestSpeedWriter(Directory dir, int maxDoc) throws IOException {
    SegmentInfo si = SegmentFiles.newSegmentInfo(dir, maxDoc);
    return new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED)
        .fieldsWriter(dir, si, IOContext.DEFAULT);
  }

  /** Adds a document of one string field. */
  private static void addDocument(StoredFieldsWriter writer, String value) throws IOException {
    writer.startDocument();
    writer.writeField(FIELD, value);
    writer.finishDocument();
  }
}
