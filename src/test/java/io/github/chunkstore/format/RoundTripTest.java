package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Documents written through IndexWriter read back identical, across flushes and merges. */
class RoundTripTest {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void randomDocumentsSurviveFlushAndMerge(Mode mode) throws Exception {
    Random random = new Random(42 + mode.ordinal());
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc = new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode));
      iwc.setMaxBufferedDocs(700);
      try (IndexWriter writer = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 3000; i++) {
          Document doc = StoredDocs.randomDocument(random, i, i % 500 == 0 ? 200_000 : 300);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          writer.addDocument(doc);
        }
        writer.commit();
        verify(dir, expected);
        writer.forceMerge(1);
        writer.commit();
      }
      verify(dir, expected);
    }
  }

  static void verify(Directory dir, Map<String, List<String>> expected) throws Exception {
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      int seen = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        StoredFields fields = leaf.reader().storedFields();
        assertTrue(
            ((CodecReader) leaf.reader()).getFieldsReader()
                instanceof ChunkstoreStoredFieldsReader);
        // Random order, then in order.
        List<Integer> order = new ArrayList<>();
        for (int d = leaf.reader().maxDoc() - 1; d >= 0; d -= 3) order.add(d);
        for (int d = 0; d < leaf.reader().maxDoc(); d++) order.add(d);
        for (int d : order) {
          Document doc = fields.document(d);
          assertEquals(expected.get(doc.get("id")), StoredDocs.values(doc), "doc " + doc.get("id"));
        }
        seen += leaf.reader().maxDoc();
      }
      assertEquals(expected.size(), seen);
    }
  }
}
