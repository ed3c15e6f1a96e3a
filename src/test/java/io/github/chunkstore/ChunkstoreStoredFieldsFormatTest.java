package io.github.chunkstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The public format's expert constructor: its argument checks and the segments it writes. */
class ChunkstoreStoredFieldsFormatTest {

  @Test
  void theExpertConstructorNamesTheArgumentOutOfRange() {
    assertRejected(
        "chunkBytes", () -> new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED, 0, 10, 100));
    assertRejected(
        "chunkBytes",
        () -> new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED, (1 << 30) + 1, 10, 100));
    assertRejected(
        "maxDocsPerChunk", () -> new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED, 1000, 0, 100));
    assertRejected(
        "blockBytes", () -> new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED, 1000, 10, 0));
    assertRejected(
        "blockBytes",
        () -> new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED, 1000, 10, (1 << 24) + 1));
    assertThrows(
        NullPointerException.class, () -> new ChunkstoreStoredFieldsFormat(null, 1000, 10, 100));
  }

  private static void assertRejected(String argument, Runnable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
    assertTrue(e.getMessage().startsWith(argument + " "), e.getMessage());
  }

  /**
   * Small chunks and blocks give a segment of many chunks, which any Chunkstore codec reads back
   * (its meta file records the sizes), in every mode.
   */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void smallChunksAndBlocksReadBackThroughTheDefaultCodec(Mode mode) throws IOException {
    StoredFieldsFormat small = new ChunkstoreStoredFieldsFormat(mode, 600, 7, 128);
    assertEquals(mode, ((ChunkstoreStoredFieldsFormat) small).mode());
    FilterCodec codec =
        new FilterCodec(ChunkstoreCodec.NAME, new ChunkstoreCodec(mode)) {
          @Override
          public StoredFieldsFormat storedFieldsFormat() {
            return small;
          }
        };
    int docs = 500;
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setCodec(codec))) {
        for (int i = 0; i < docs; i++) {
          Document doc = new Document();
          doc.add(new StoredField("text", text(i)));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStats stats =
            ChunkstoreStats.of(((CodecReader) reader.leaves().get(0).reader()).getFieldsReader())
                .orElseThrow();
        assertTrue(stats.numChunks() >= docs / 7, "chunks: " + stats.numChunks());
        StoredFields fields = reader.storedFields();
        for (int i = docs - 1; i >= 0; i -= 3) {
          assertEquals(text(i), fields.document(i).get("text"));
        }
      }
    }
  }

  private static String text(int i) {
    return "document " + i + " with a few words that repeat, " + "and repeat ".repeat(i % 40);
  }
}
