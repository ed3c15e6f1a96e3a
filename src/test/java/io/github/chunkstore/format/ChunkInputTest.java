package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ChunkInput}: a block decompressed only up to one document's end reads on correctly. */
class ChunkInputTest {

  private static final int DOCS = 300;

  private static String text(int doc) {
    return "document " + doc + " of the chunk input test, with some text to compress ".repeat(3);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aReadPastThePartlyDecompressedPrefixOfABlockReadsTheRestCorrectly(Mode mode)
      throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig config = new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int doc = 0; doc < DOCS; doc++) {
          writer.addDocument(List.of(new StoredField("text", text(doc))));
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        StoredFields fields = reader.storedFields();
        // A random read in the middle of a block decompresses up to its end; the reads after it
        // (same block, further on) need the rest, and the ones before it the same cached bytes.
        int middle = DOCS / 2;
        for (int doc : new int[] {middle, middle + 1, middle + 40, middle - 1, 0, DOCS - 1}) {
          assertEquals(text(doc), fields.document(doc).get("text"), "doc " + doc);
        }
      }
    }
  }
}
