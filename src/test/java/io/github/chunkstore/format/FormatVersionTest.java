package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Segments written by a newer format version are refused. */
class FormatVersionTest {

  @ParameterizedTest
  @ValueSource(strings = {"csm", "csx", "csd"})
  void aSegmentFromANewerFormatVersionIsRejected(String ext) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_SPEED))) {
        w.addDocument(List.of(new StoredField("f", "v")));
      }
      String file = SegmentFiles.fileWithExtension(dir, ext);
      String codec =
          switch (ext) {
            case "csm" -> StoredFieldsFiles.META_CODEC;
            case "csx" -> StoredFieldsFiles.INDEX_CODEC;
            default -> StoredFieldsFiles.DATA_CODEC;
          };
      // The version is the big-endian int right after the magic and the codec name.
      int versionOffset = 4 + 1 + codec.length();
      byte[] bytes = SegmentFiles.readAll(dir, file);
      bytes[versionOffset + 3] = (byte) (StoredFieldsFiles.VERSION_CURRENT + 1);
      // A real newer segment has a valid checksum: recompute it over everything before it.
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(bytes, 0, bytes.length - Long.BYTES);
      java.nio.ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
      SegmentFiles.writeAll(dir, file, bytes);
      IndexFormatTooNewException e =
          assertThrows(IndexFormatTooNewException.class, () -> DirectoryReader.open(dir).close());
      assertTrue(e.getMessage().contains(file), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(": " + (StoredFieldsFiles.VERSION_CURRENT + 1) + " (needs to be between"),
          e.getMessage());
    }
  }
}
