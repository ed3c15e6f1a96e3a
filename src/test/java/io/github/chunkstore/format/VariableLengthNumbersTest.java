package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Numbers of every variable-length size read back exactly: the reader decodes VInts and VLongs
 * straight from a decompressed block when it holds ten bytes more, and byte by byte near a block's
 * end, so the values here land on both paths (documents of many fields span several blocks).
 */
class VariableLengthNumbersTest {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyVarIntLengthReadsBack(Mode mode) throws Exception {
    List<Long> longs = new ArrayList<>();
    for (int bits = 0; bits <= 63; bits++) {
      long v = 1L << bits;
      longs.addAll(List.of(v - 1, v, -v, -v - 1));
    }
    longs.addAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc =
          new IndexWriterConfig().setCodec(TestCodecs.withSmallDictionaryThreshold(mode));
      try (IndexWriter writer = new IndexWriter(dir, iwc)) {
        for (int d = 0; d < 200; d++) {
          Document doc = new Document();
          for (int i = 0; i < longs.size(); i++) {
            long v = longs.get((i + d) % longs.size());
            doc.add(new StoredField("l", v));
            doc.add(new StoredField("i", (int) v));
            doc.add(new StoredField("d", (double) v));
          }
          writer.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        StoredFields fields = reader.storedFields();
        for (int d = reader.maxDoc() - 1; d >= 0; d -= 7) { // random access, then a scan
          check(fields.document(d), longs, d);
        }
        for (int d = 0; d < reader.maxDoc(); d++) {
          check(fields.document(d), longs, d);
        }
      }
    }
  }

  private static void check(Document doc, List<Long> longs, int d) {
    var ls = doc.getFields("l");
    var is = doc.getFields("i");
    var ds = doc.getFields("d");
    assertEquals(longs.size(), ls.length);
    for (int i = 0; i < longs.size(); i++) {
      long v = longs.get((i + d) % longs.size());
      assertEquals(v, ls[i].numericValue().longValue(), "doc " + d + " long " + i);
      assertEquals((int) v, is[i].numericValue().intValue(), "doc " + d + " int " + i);
      assertEquals((double) v, ds[i].numericValue().doubleValue(), "doc " + d + " double " + i);
    }
  }
}
