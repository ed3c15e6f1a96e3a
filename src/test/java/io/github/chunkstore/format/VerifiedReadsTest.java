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
      // forceMerge(1) leaves one segment, so one data file.
      String data =
          List.of(dir.listAll()).stream()
              .filter(f -> f.endsWith("." + ChunkstoreStoredFieldsFormat.DATA_EXTENSION))
              .findFirst()
              .orElseThrow();
      byte[] bytes = FormatBehaviourTest.readAll(dir, data);
      // The middle of the file is compressed block bytes; the footer stays intact, so the segment
      // opens and only a read (or checkIntegrity) can notice.
      bytes[bytes.length / 2] ^= 0x10;
      FormatBehaviourTest.writeAll(dir, data, bytes);
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
}
