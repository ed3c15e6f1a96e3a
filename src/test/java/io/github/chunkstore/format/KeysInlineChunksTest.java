package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Chunks buffered with their keys inline (after a chunk in which most documents kept them inline)
 * hold the bytes that rebuilding keyless documents gives, and read back through flushes and merges.
 */
class KeysInlineChunksTest {

  private static final FieldInfo[] FIELDS = {
    SegmentFiles.fieldInfo("s", 0),
    SegmentFiles.fieldInfo("i", 1),
    SegmentFiles.fieldInfo("l", 2),
    SegmentFiles.fieldInfo("f", 3),
    SegmentFiles.fieldInfo("d", 4),
    SegmentFiles.fieldInfo("j", 5)
  };

  @Test
  void keysWrittenInlineGiveTheBytesOfTheRebuild() throws IOException {
    for (Mode mode : new Mode[] {Mode.BEST_SPEED, Mode.BEST_COMPRESSION}) {
      DocumentBuffer apart = newBuffer(mode);
      addEveryType(apart);
      assertTrue(apart.shapes().plan(), "a lone document keeps its keys inline");
      apart.inlineKeys();

      DocumentBuffer inline = newBuffer(mode);
      inline.bufferKeysInline(true);
      addEveryType(inline);

      assertArrayEquals(apart.values().toArrayCopy(), inline.values().toArrayCopy(), mode.name());
      assertTrue(apart.lengths()[0] == inline.lengths()[0], mode.name());
    }
  }

  @Test
  void theModeChangesOnlyBetweenChunksAndNotUnderDocumentsWithKeysApart() throws IOException {
    DocumentBuffer buffer = newBuffer(Mode.BEST_SPEED);
    buffer.startDocument();
    buffer.writeInt(FIELDS[1], 7);
    buffer.finishDocument();
    assertThrows(IllegalStateException.class, () -> buffer.bufferKeysInline(true));

    DocumentBuffer inline = newBuffer(Mode.BEST_SPEED);
    inline.bufferKeysInline(true);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> inline.appendDocument(new org.apache.lucene.store.ByteArrayDataInput(), 0));
    assertTrue(e.getMessage().contains("keys inline"), e.getMessage());
  }

  @Test
  void aWriterBuffersKeysInlineAfterAMostlyInlineChunkUntilItMerges() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      SegmentInfo si = SegmentFiles.newSegmentInfo(dir, 200);
      try (StoredFieldsWriter writer =
          TestCodecs.codec(TestCodecs.settings(Mode.BEST_SPEED).withChunking(2048, 64, 1024), true)
              .storedFieldsFormat()
              .fieldsWriter(dir, si, IOContext.DEFAULT)) {
        ChunkstoreStoredFieldsWriter chunkstore = (ChunkstoreStoredFieldsWriter) writer;
        for (int d = 0; d < 200; d++) {
          writer.startDocument();
          // Every document a different combination of fields: all of them inline.
          for (int f = 0; f < 5; f++) {
            if ((d >> f & 1) == 1) {
              writer.writeField(FIELDS[f], "value " + d + " " + f);
            }
          }
          writer.finishDocument();
          if (d == 0) {
            assertFalse(chunkstore.buffersKeysInline(), "the first chunk is planned");
          }
        }
        assertTrue(chunkstore.chunksWritten() >= 2, "chunks: " + chunkstore.chunksWritten());
        assertTrue(chunkstore.buffersKeysInline());
        long chunks = chunkstore.chunksWritten();
        chunkstore.keepKeysApartForTests(); // what a merge does first
        assertFalse(chunkstore.buffersKeysInline());
        assertTrue(chunkstore.chunksWritten() == chunks + 1, "the buffered documents written");
        writer.finish(200);
      }
    }
  }

  @Test
  void randomDocumentsInSmallChunksSurviveFlushAndMerge() throws Exception {
    Random random = new Random(20261206L);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc =
          new IndexWriterConfig()
              .setCodec(
                  TestCodecs.codec(
                      TestCodecs.settings(Mode.BEST_SPEED).withChunking(4096, 64, 1024), true));
      iwc.setMaxBufferedDocs(700);
      try (IndexWriter writer = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 3000; i++) {
          Document doc = StoredDocs.randomDocument(random, i, 300);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          writer.addDocument(doc);
        }
        writer.commit();
        RoundTripTest.verify(dir, expected);
        writer.forceMerge(1);
        writer.commit();
      }
      RoundTripTest.verify(dir, expected);
    }
  }

  /** One document with a value of every type, doubles in each of their encodings. */
  private static void addEveryType(DocumentBuffer buffer) throws IOException {
    buffer.startDocument();
    buffer.writeString(FIELDS[0], "text");
    buffer.writeInt(FIELDS[1], -5);
    buffer.writeLong(FIELDS[2], Long.MIN_VALUE);
    buffer.writeFloat(FIELDS[3], 1.5f);
    buffer.writeDouble(FIELDS[4], 42.0); // a whole number
    buffer.writeDouble(FIELDS[4], 12.25); // a short decimal
    buffer.writeDouble(FIELDS[4], 0.1f); // a float's value
    buffer.writeDouble(FIELDS[4], Math.PI); // all 8 bytes
    buffer.writeBytes(
        FIELDS[5], new BytesRef("{\"a\":1,\"b\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    buffer.writeBytes(FIELDS[5], new BytesRef(new byte[] {0, 1, 2}));
    buffer.finishDocument();
  }

  private static DocumentBuffer newBuffer(Mode mode) {
    ModeSettings settings = TestCodecs.settings(mode);
    return new DocumentBuffer(
        settings, "_0", new BlockRecycler(2L * settings.chunkBytes() + 64 * 1024));
  }
}
