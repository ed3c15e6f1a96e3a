package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.junit.jupiter.api.Test;

/**
 * Mode DICTIONARY's writer keeps documents in a spill file until finish, and never leaves it
 * behind.
 */
class DeferredDictionaryWriterTest {

  private static final int DOCS = 8000; // ~400 KB: spilled in several batches of a 128 KiB chunk

  private static String value(int i) {
    return "{\"name\":\"place " + i + "\",\"population\":" + (i * 37 % 10_000) + "}";
  }

  private static void addDocuments(StoredFieldsWriter writer, FieldInfo info) throws IOException {
    for (int i = 0; i < DOCS; i++) {
      writer.startDocument();
      writer.writeField(info, value(i));
      writer.finishDocument();
    }
  }

  private static boolean hasSpillFile(Directory dir) throws IOException {
    return Arrays.stream(dir.listAll()).anyMatch(name -> name.contains("csspill"));
  }

  @Test
  void documentsWaitInASpillFileThatFinishReplaysAndDeletes() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      SegmentInfo si = SegmentFiles.newSegmentInfo(dir, DOCS);
      FieldInfo info = SegmentFiles.fieldInfo("f", 0);
      try (StoredFieldsWriter writer =
          new ChunkstoreStoredFieldsFormat(Mode.DICTIONARY)
              .fieldsWriter(dir, si, IOContext.DEFAULT)) {
        addDocuments(writer, info);
        assertTrue(hasSpillFile(dir), "documents past a chunk are spilled");
        writer.finish(DOCS);
        assertFalse(hasSpillFile(dir), "deleted once replayed");
      }
      FieldInfos infos = new FieldInfos(new FieldInfo[] {info});
      try (ChunkstoreStoredFieldsReader reader =
          new ChunkstoreStoredFieldsReader(
              dir, si, infos, IOContext.DEFAULT, true, new OpenDictionaries())) {
        assertTrue(reader.numChunks() > 1);
        for (int i = 0; i < DOCS; i += 7) {
          DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor();
          reader.document(i, visitor);
          assertEquals(value(i), visitor.getDocument().get("f"), "doc " + i);
        }
      }
    }
  }

  @Test
  void aWriterClosedBeforeFinishDeletesItsSpillFile() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      SegmentInfo si = SegmentFiles.newSegmentInfo(dir, DOCS);
      StoredFieldsWriter writer =
          new ChunkstoreStoredFieldsFormat(Mode.DICTIONARY)
              .fieldsWriter(dir, si, IOContext.DEFAULT);
      addDocuments(writer, SegmentFiles.fieldInfo("f", 0));
      assertTrue(hasSpillFile(dir));
      writer.close(); // as after a failed flush
      assertFalse(hasSpillFile(dir));
    }
  }
}
