package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/** Merges end to end: which sources are copied chunk for chunk, recompressed, or visited. */
class StoredFieldsMergerTest {

  /** BEST_SPEED closes a chunk of these short documents at its document limit. */
  private static final int DOCS_PER_CHUNK =
      ModeSettings.of(SegmentMode.BEST_SPEED).maxDocsPerChunk();

  @Test
  void matchingSegmentsAreCopiedChunkForChunk() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc =
          SegmentFiles.config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
      long sourceChunks = 0;
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int seg = 0; seg < 3; seg++) {
          for (int i = 0; i < 20_000; i++) {
            w.addDocument(List.of(new StoredField("f", "segment " + seg + " doc " + i)));
          }
          w.commit();
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : r.leaves()) {
          ChunkstoreStoredFieldsReader reader = SegmentFiles.fieldsReader(leaf.reader());
          assertEquals(1, reader.numDirtyChunks());
          sourceChunks += reader.numChunks();
        }
      }
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_SPEED))) {
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = SegmentFiles.fieldsReader(r.leaves().get(0).reader());
        assertEquals(sourceChunks, merged.numChunks(), "bulk copy keeps every chunk");
        assertEquals(3, merged.numDirtyChunks());
        StoredFields fields = r.leaves().get(0).reader().storedFields();
        assertEquals("segment 1 doc 17", fields.document(20_017).get("f"));
        assertEquals("segment 2 doc 19999", fields.document(59_999).get("f"));
      }
    }
  }

  @Test
  void dirtySegmentsAreRecompressedNotCopied() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc =
          SegmentFiles.config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 2000; i++) {
          w.addDocument(List.of(new StoredField("f", "tiny flush " + i)));
          if (i % 20 == 19) {
            w.flush(); // 100 segments, each one dirty chunk
          }
        }
      }
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_SPEED))) {
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = SegmentFiles.fieldsReader(r.leaves().get(0).reader());
        assertEquals(1, merged.numDirtyChunks(), "only the merged segment's tail is incomplete");
        assertEquals(
            "tiny flush 1234", r.leaves().get(0).reader().storedFields().document(1234).get("f"));
      }
    }
  }

  @Test
  void segmentsWithLargeIncompleteChunksAreStillCopied() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      int segmentDocs = DOCS_PER_CHUNK * 7 / 2; // 3 complete chunks and half a chunk
      addSegments(dir, 0, segmentDocs, segmentDocs, segmentDocs);
      assertEquals(
          List.of(12L, 3L), forceMergeChunks(dir), "copied: the three tails stay incomplete");
      // Its incomplete chunks are half full and hold 1/7 of its documents: copied again.
      addSegments(dir, 3, 100);
      assertEquals(List.of(13L, 4L), forceMergeChunks(dir));
      assertDocuments(dir, segmentDocs, segmentDocs, segmentDocs, 100);
    }
  }

  @Test
  void segmentsWithSmallIncompleteChunksAreRecompressed() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      int segmentDocs = DOCS_PER_CHUNK + 800;
      addSegments(dir, 0, segmentDocs, segmentDocs, segmentDocs, segmentDocs, segmentDocs);
      assertEquals(List.of(10L, 5L), forceMergeChunks(dir));
      // Its incomplete chunks hold 9% of its documents, 800 each: recompressed, while its complete
      // chunks are copied where no small buffered chunk would be forced out before them. Buffered
      // remainders grow by 800 documents per pair, so one of 2,400 is cut before a copied chunk.
      addSegments(dir, 5, 100);
      assertEquals(List.of(7L, 2L), forceMergeChunks(dir), "no 800-document chunk is left");
      assertDocuments(dir, segmentDocs, segmentDocs, segmentDocs, segmentDocs, segmentDocs, 100);
    }
  }

  @Test
  void aSegmentsLargeIncompleteChunkIsCopiedUnlessASmallOneWouldBeCutBeforeIt() throws IOException {
    int large = DOCS_PER_CHUNK / 2; // one incomplete chunk, half a complete one
    try (Directory dir = new ByteBuffersDirectory()) {
      addSegments(dir, 0, large, 100, 100, 100);
      assertEquals(List.of(2L, 2L), forceMergeChunks(dir), "copied, then the small segments' tail");
      assertEquals(List.of(large, 300), forceMergeChunkDocs(dir));
      // Growing by small segments copies the large chunk again; the tail is recompressed.
      addSegments(dir, 4, 100);
      assertEquals(List.of(large, 400), forceMergeChunkDocs(dir));
      assertDocuments(dir, large, 100, 100, 100, 100);
    }
    try (Directory dir = new ByteBuffersDirectory()) {
      addSegments(dir, 0, 100, large);
      assertEquals(
          List.of(1L, 1L), forceMergeChunks(dir), "not copied behind a 100-document chunk");
      assertDocuments(dir, 100, large);
    }
  }

  /** Force-merges to one segment and returns the document count of each of its chunks. */
  private static List<Integer> forceMergeChunkDocs(Directory dir) throws IOException {
    forceMergeChunks(dir);
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      ChunkstoreStoredFieldsReader merged = SegmentFiles.fieldsReader(r.leaves().get(0).reader());
      List<Integer> docs = new ArrayList<>();
      for (int c = 0; c < merged.numChunks(); c++) {
        docs.add(merged.chunkIndex().chunkDocCount(c));
      }
      return docs;
    }
  }

  /** Adds one committed BEST_SPEED segment per count, of documents "s{segment} d{doc}". */
  private static void addSegments(Directory dir, int firstSegment, int... docsPerSegment)
      throws IOException {
    IndexWriterConfig iwc =
        SegmentFiles.config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter w = new IndexWriter(dir, iwc)) {
      for (int seg = 0; seg < docsPerSegment.length; seg++) {
        for (int i = 0; i < docsPerSegment[seg]; i++) {
          w.addDocument(List.of(new StoredField("f", "s" + (firstSegment + seg) + " d" + i)));
        }
        w.commit();
      }
    }
  }

  /** Force-merges to one segment and returns its chunk count and incomplete chunk count. */
  private static List<Long> forceMergeChunks(Directory dir) throws IOException {
    try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_SPEED))) {
      w.forceMerge(1);
    }
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      ChunkstoreStoredFieldsReader merged = SegmentFiles.fieldsReader(r.leaves().get(0).reader());
      return List.of((long) merged.numChunks(), merged.numDirtyChunks());
    }
  }

  private static void assertDocuments(Directory dir, int... docsPerSegment) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      StoredFields fields = r.leaves().get(0).reader().storedFields();
      int doc = 0;
      for (int seg = 0; seg < docsPerSegment.length; seg++) {
        for (int i = 0; i < docsPerSegment[seg]; i++, doc++) {
          assertEquals("s" + seg + " d" + i, fields.document(doc).get("f"), "doc " + doc);
        }
      }
      assertEquals(doc, r.maxDoc());
    }
  }

  @Test
  void segmentsOfOneModeMergeIntoAnother() throws Exception {
    Random random = new Random(3);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_COMPRESSION))) {
        for (int i = 0; i < 1500; i++) {
          Document doc = StoredDocs.randomDocument(random, i, 500);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
      }
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_SPEED))) {
        w.deleteDocuments(new Term("id", "7"));
        expected.remove("7");
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        assertEquals(
            SegmentMode.BEST_SPEED, SegmentFiles.fieldsReader(r.leaves().get(0).reader()).mode());
      }
      RoundTripTest.verify(dir, expected);
    }
  }

  @Test
  void mixedReadersMergeThroughTheVisitorPath() throws IOException {
    // addIndexes of a Lucene104 index: field numbers and format differ, every value is re-encoded.
    try (Directory lucene = new ByteBuffersDirectory();
        Directory chunk = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(lucene, new IndexWriterConfig().setCodec(new Lucene104Codec()))) {
        w.addDocument(
            List.of(new StoredField("other", 1.25f), new StoredField("f", "from lucene")));
      }
      try (IndexWriter w = new IndexWriter(chunk, SegmentFiles.config(Mode.BEST_SPEED))) {
        w.addDocument(List.of(new StoredField("f", "native")));
        w.addIndexes(lucene);
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(chunk)) {
        StoredFields fields = r.leaves().get(0).reader().storedFields();
        assertEquals("native", fields.document(0).get("f"));
        assertEquals("from lucene", fields.document(1).get("f"));
        assertEquals(1.25f, fields.document(1).getField("other").numericValue().floatValue());
        assertNull(fields.document(0).get("other"));
      }
    }
  }
}
