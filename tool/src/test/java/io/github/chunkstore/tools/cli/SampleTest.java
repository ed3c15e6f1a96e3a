package io.github.chunkstore.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which documents {@link Sample} picks, and that {@link BulkWriter} copies them exactly. */
class SampleTest {

  @TempDir Path temp;

  /** Segments of 1,000, 3,000 and 500 documents; every third one of the first segment deleted. */
  private Directory index() throws IOException {
    Directory dir = FSDirectory.open(temp.resolve("index"));
    try (IndexWriter writer =
        new IndexWriter(
            dir,
            new IndexWriterConfig()
                .setCodec(new Lucene104Codec())
                .setMergePolicy(NoMergePolicy.INSTANCE))) {
      int id = 0;
      for (int size : new int[] {1000, 3000, 500}) {
        for (int d = 0; d < size; d++, id++) {
          Document doc = new Document();
          doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
          doc.add(new StoredField("int", id));
          doc.add(new StoredField("long", -1L * id << 33));
          doc.add(new StoredField("float", id / 3f));
          doc.add(new StoredField("double", id == 7 ? Double.NaN : -id / 7.0));
          doc.add(new StoredField("bytes", new BytesRef(new byte[] {(byte) id, 0, -1})));
          doc.add(new StoredField("int", -id)); // a field stored twice, apart
          writer.addDocument(doc);
        }
        writer.commit();
      }
      for (int d = 0; d < 1000; d += 3) {
        writer.deleteDocuments(new Term("id", Integer.toString(d)));
      }
      writer.commit();
    }
    return dir;
  }

  @Test
  void picksExactlyTheSampleFromLiveDocumentsInProportion() throws IOException {
    try (Directory dir = index();
        DirectoryReader reader = DirectoryReader.open(dir)) {
      assertEquals(666 + 3000 + 500, reader.numDocs());
      for (int size : new int[] {1, 7, 64, 65, 1000, 4165, 4166, 100_000}) {
        int[][] picks = Sample.pick(reader, size);
        int total = 0;
        for (int leaf = 0; leaf < picks.length; leaf++) {
          LeafReader leafReader = reader.leaves().get(leaf).reader();
          Bits live = leafReader.getLiveDocs();
          long expected = (long) Math.min(size, 4166) * leafReader.numDocs() / 4166;
          assertTrue(
              Math.abs(picks[leaf].length - expected) <= 1,
              size + ": leaf " + leaf + " " + picks[leaf].length);
          for (int i = 0; i < picks[leaf].length; i++) {
            int doc = picks[leaf][i];
            assertTrue(live == null || live.get(doc), "deleted document picked: " + doc);
            assertTrue(i == 0 || doc > picks[leaf][i - 1], "not ascending");
          }
          total += picks[leaf].length;
        }
        assertEquals(Math.min(size, 4166), total, "sample of " + size);
      }
    }
  }

  @Test
  void spreadsRunsOverTheWholeSegment() throws IOException {
    try (Directory dir = index();
        DirectoryReader reader = DirectoryReader.open(dir)) {
      // 720 of the 3,000 documents: 12 runs of 60, the last starting at 660 + 2,280 * 11 / 12.
      int[] middle = Sample.pick(reader, 1000)[1];
      assertEquals(720, middle.length);
      assertEquals(0, middle[0]);
      assertArrayEquals(
          java.util.stream.IntStream.range(0, 60).toArray(), java.util.Arrays.copyOf(middle, 60));
      assertArrayEquals(
          java.util.stream.IntStream.range(2750, 2810).toArray(),
          java.util.Arrays.copyOfRange(middle, 660, 720));
    }
  }

  @Test
  void copiesEveryStoredValueExactly() throws IOException {
    try (Directory dir = index();
        DirectoryReader reader = DirectoryReader.open(dir)) {
      int[][] picks = Sample.pick(reader, 500);
      Path copy = temp.resolve("copy");
      try (BulkWriter writer = new BulkWriter(copy, new Lucene104Codec(), 500)) {
        for (int leaf = 0; leaf < picks.length; leaf++) {
          StoredFields fields = reader.leaves().get(leaf).reader().storedFields();
          for (int doc : picks[leaf]) {
            writer.add(java.util.List.of(BulkWriter.document(StoredValues.read(fields, doc))));
          }
        }
        writer.finish();
      }
      try (Directory copyDir = FSDirectory.open(copy);
          DirectoryReader copied = DirectoryReader.open(copyDir)) {
        assertEquals(1, copied.leaves().size());
        StoredFields copiedFields = copied.storedFields();
        int next = 0;
        for (int leaf = 0; leaf < picks.length; leaf++) {
          StoredFields fields = reader.leaves().get(leaf).reader().storedFields();
          for (int doc : picks[leaf]) {
            StoredValues expected = StoredValues.read(fields, doc);
            StoredValues actual = StoredValues.read(copiedFields, next++);
            assertTrue(expected.sameAs(actual), expected.toJson(doc) + "\n" + actual.toJson(doc));
          }
        }
        assertEquals(500, next);
      }
    }
  }
}
