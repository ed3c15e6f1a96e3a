package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Block checksums are checked on every read, and a block decompressed in part reads on correctly. */
class VerifiedReadsTest {

  private static final int DOCS = 300;

  private static String text(int doc) {
    return "document " + doc + " of the verified-reads test, with some text to compress ".repeat(3);
  }

  private static Directory index(Mode mode) throws IOException {
    Directory dir = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode)).setUseCompoundFile(false);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int doc = 0; doc < DOCS; doc++) {
        writer.addDocument(List.of(new StoredField("text", text(doc))));
      }
      writer.forceMerge(1);
    }
    return dir;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aReadPastThePartlyDecompressedPrefixOfABlockReadsTheRestCorrectly(Mode mode) throws IOException {
    try (Directory dir = index(mode); DirectoryReader reader = DirectoryReader.open(dir)) {
      StoredFields fields = reader.storedFields();
      // A random read in the middle of a block decompresses up to its end; the reads after it
      // (same block, further on) need the rest, and the ones before it the same cached bytes.
      int middle = DOCS / 2;
      for (int doc : new int[] {middle, middle + 1, middle + 40, middle - 1, 0, DOCS - 1}) {
        assertEquals(text(doc), fields.document(doc).get("text"), "doc " + doc);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFlippedByteInsideACompressedBlockFailsTheReadWithAChecksumError(Mode mode) throws IOException {
    try (Directory dir = index(mode)) {
      String data = dataFile(dir);
      byte[] bytes = SegmentFiles.readAll(dir, data);
      // The middle of the file is compressed block bytes; the footer stays intact, so the segment
      // opens and only a read (or checkIntegrity) can notice.
      bytes[bytes.length / 2] ^= 0x10;
      SegmentFiles.writeAll(dir, data, bytes);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        StoredFields fields = reader.storedFields();
        CorruptIndexException e =
            assertThrows(CorruptIndexException.class, () -> {
              for (int doc = 0; doc < DOCS; doc++) {
                fields.document(doc);
              }
            });
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(data), e.getMessage());
      }
    }
  }

  /**
   * A damaged preset (inside the chunk header, which a reader checksums the first time the open
   * segment decodes it) fails every read of the chunk, from any clone: the header is only
   * remembered as verified once its checksum matched.
   */
  @org.junit.jupiter.api.Test
  void aDamagedChunkHeaderFailsEveryReadOfItsChunk() throws IOException {
    try (Directory dir = index(Mode.BEST_SPEED)) {
      String data = dataFile(dir);
      byte[] bytes = SegmentFiles.readAll(dir, data);
      org.apache.lucene.store.ByteArrayDataInput in = new org.apache.lucene.store.ByteArrayDataInput(bytes);
      in.setPosition(org.apache.lucene.codecs.CodecUtil.indexHeaderLength(StoredFieldsFiles.DATA_CODEC, ""));
      int docs = in.readVInt();
      int blocks = in.readVInt();
      int preset = in.readVInt();
      assertEquals(DOCS, docs);
      assertTrue(preset > 0, "a chunk of " + docs + " documents has a preset");
      int lengthBits = in.readByte() & 0xFF;
      in.skipBytes(lengthBits == 0 ? 1 : ((long) docs * lengthBits + 7) / 8);
      for (int t = 0; t < 3; t++) {
        int bits = in.readByte() & 0xFF;
        in.skipBytes(((long) (blocks + 1) * bits + 7) / 8);
      }
      bytes[in.getPosition() + preset / 2] ^= 0x01; // a preset byte
      SegmentFiles.writeAll(dir, data, bytes);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        for (int attempt = 0; attempt < 3; attempt++) {
          StoredFields fields = reader.storedFields(); // a fresh clone each time
          CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> fields.document(DOCS / 2));
          assertTrue(e.getMessage().contains("checksum mismatch in its header") && e.getMessage().contains(data), e.getMessage());
        }
      }
    }
  }

  /** The index's one data file (forceMerge(1) leaves one segment). */
  private static String dataFile(Directory dir) throws IOException {
    return List.of(dir.listAll()).stream()
        .filter(f -> f.endsWith("." + StoredFieldsFiles.DATA_EXTENSION))
        .findFirst()
        .orElseThrow();
  }
}
