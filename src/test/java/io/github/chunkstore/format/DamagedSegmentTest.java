package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Damaged segment files are refused with a CorruptIndexException that names the file. */
class DamagedSegmentTest {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void damagedFilesRaiseCorruptIndexExceptionNamingTheFile(Mode mode) throws IOException {
    for (String ext : List.of("csm", "csx", "csd")) {
      try (Directory dir = new ByteBuffersDirectory()) {
        try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode))) {
          for (int i = 0; i < 3000; i++) {
            w.addDocument(List.of(new StoredField("f", "value " + i + " " + "z".repeat(i % 50))));
          }
        }
        String name = SegmentFiles.fileWithExtension(dir, ext);
        SegmentFiles.flipByte(dir, name, 60);
        Exception e = assertThrows(Exception.class, () -> {
          try (DirectoryReader r = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : r.leaves()) {
              SegmentFiles.fieldsReader(leaf.reader()).checkIntegrity();
            }
          }
        });
        assertTrue(e instanceof CorruptIndexException, ext + ": " + e);
        assertTrue(e.getMessage().contains(name), e.getMessage());
      }
    }
  }
}
