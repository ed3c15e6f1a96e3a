package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the codec under the {@link IndexWriter} features applications rely on, switched on with
 * {@code IndexWriterConfig.setCodec(new ChunkstoreCodec(mode))}: several indexing threads adding,
 * updating and deleting while near-real-time readers are reopened, deletes by term and by query,
 * {@code updateDocument}, {@code forceMergeDeletes}, {@code forceMerge(1)} and commit. After every
 * step every live document holds exactly the stored fields last written for its id (all value
 * types, and documents without any stored field), and no other document is live.
 *
 * <p>Also proves that segments written in one mode are read, updated and merged correctly by a
 * writer whose codec was built in another mode: the mode is recorded per segment.
 */
class IndexWriterIntegrationTest {

  private static final int THREADS = 4;
  private static final int DOCS_PER_THREAD = 2000;

  private static Term idTerm(String id) {
    return new Term(TestDocuments.ID, id);
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void concurrentIndexingDeletesUpdatesMergesAndNrtReopen(
      ChunkstoreCodec.Mode mode, @TempDir Path tmp) throws Exception {
    final long seed = 0xC0FFEEL + mode.ordinal();
    final Map<String, List<FieldValue>> model = new ConcurrentHashMap<>();
    // Every version of every id ever handed to the writer: what a concurrent reader may see.
    final Map<String, Set<List<FieldValue>>> history = new ConcurrentHashMap<>();
    final Random random = new Random(seed);

    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setSegmentsPerTier(4);
    mergePolicy.setForceMergeDeletesPctAllowed(0.0);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setMergePolicy(mergePolicy)
            .setMaxBufferedDocs(300)
            .setRAMBufferSizeMB(4);

    try (Directory dir = FSDirectory.open(tmp)) {
      IndexWriter writer = new IndexWriter(dir, config);
      DirectoryReader reader = DirectoryReader.open(writer);

      // 1. Threads add, update and delete ids of their own while NRT readers are reopened.
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          final int thread = t;
          workers.add(
              pool.submit(
                  () -> {
                    Random r = new Random(seed * 31 + thread);
                    for (int i = 0; i < DOCS_PER_THREAD; i++) {
                      String id = "t" + thread + "-" + i;
                      write(writer, model, history, id, TestDocuments.randomStoredFields(r), false);
                      if (i > 0 && r.nextInt(8) == 0) {
                        String other = "t" + thread + "-" + r.nextInt(i);
                        if (r.nextBoolean()) {
                          write(
                              writer,
                              model,
                              history,
                              other,
                              TestDocuments.randomStoredFields(r),
                              true);
                        } else {
                          model.remove(other);
                          writer.deleteDocuments(idTerm(other));
                        }
                      }
                    }
                    return null;
                  }));
        }
        do {
          DirectoryReader newer = DirectoryReader.openIfChanged(reader);
          if (newer != null) {
            reader.close();
            reader = newer;
          }
          assertEveryDocumentIsAVersionOnceWritten(reader, history, random, 100);
          Thread.sleep(20);
        } while (!workers.stream().allMatch(Future::isDone));
        for (Future<?> worker : workers) {
          worker.get(); // rethrows a worker's failure
        }
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
      }
      reader = reopenAndVerify(reader, model, mode, random, "after concurrent indexing");

      // 2. Deletes by term and by query.
      List<String> ids = new ArrayList<>(new TreeMap<>(model).keySet());
      List<BytesRef> byQuery = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (i % 7 == 0) {
          writer.deleteDocuments(idTerm(ids.get(i)));
          model.remove(ids.get(i));
        } else if (i % 13 == 0) {
          byQuery.add(new BytesRef(ids.get(i)));
          model.remove(ids.get(i));
        }
      }
      writer.deleteDocuments(new TermInSetQuery(TestDocuments.ID, byQuery));
      reader = reopenAndVerify(reader, model, mode, random, "after deletes");

      // 3. Updates, some of which empty a document or give an empty one fields.
      updateSome(writer, model, history, random, 5);
      reader = reopenAndVerify(reader, model, mode, random, "after updates");

      // 4. forceMergeDeletes: every deletion is merged away. (A merge that started before the
      // deletes
      // were applied would carry them into its result, so let running merges finish first.)
      awaitRunningMerges(writer);
      writer.forceMergeDeletes(true);
      reader = reopenAndVerify(reader, model, mode, random, "after forceMergeDeletes");
      assertEquals(0, reader.numDeletedDocs(), "forceMergeDeletes left deleted documents");

      // 5. More updates, then one segment.
      updateSome(writer, model, history, random, 9);
      writer.forceMerge(1);
      reader = reopenAndVerify(reader, model, mode, random, "after forceMerge(1)");
      assertEquals(1, reader.leaves().size(), "forceMerge(1) leaves one segment");
      assertEquals(0, reader.numDeletedDocs());
      ChunkstoreStats merged = Segments.chunkstoreStats(reader.leaves().get(0).reader());
      assertTrue(
          merged.numChunks() > 1, () -> "merged segment has " + merged.numChunks() + " chunks");
      assertTrue(merged.numDirtyChunks() <= merged.numChunks());

      // 6. Commit, close, and read what is on disk.
      writer.commit();
      reader.close();
      writer.close();
      assertTrue(Segments.committedCodecNames(dir).stream().allMatch(ChunkstoreCodec.NAME::equals));
      try (DirectoryReader committed = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(committed, model);
        IndexVerification.assertRandomAccess(committed, model, random, 300);
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }
  }

  static Stream<Arguments> modePairs() {
    ChunkstoreCodec.Mode[] modes = ChunkstoreCodec.Mode.values();
    List<Arguments> pairs = new ArrayList<>();
    for (ChunkstoreCodec.Mode written : modes) {
      for (ChunkstoreCodec.Mode reading : modes) {
        if (written != reading || modes.length == 1) {
          pairs.add(Arguments.of(written, reading));
        }
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "written {0}, then opened with a {1} codec")
  @MethodSource("modePairs")
  void segmentsWrittenInOneModeAreReadUpdatedAndMergedByACodecInAnother(
      ChunkstoreCodec.Mode written, ChunkstoreCodec.Mode reading, @TempDir Path tmp)
      throws Exception {
    long seed = 77L * (written.ordinal() + 1) + reading.ordinal();
    Random random = new Random(seed);
    Map<String, List<FieldValue>> model = new TreeMap<>();
    int next = 0;
    try (Directory dir = FSDirectory.open(tmp)) {
      IndexWriterConfig first =
          new IndexWriterConfig()
              .setCodec(new ChunkstoreCodec(written))
              .setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter writer = new IndexWriter(dir, first)) {
        for (int batch = 0; batch < 3; batch++) {
          for (int i = 0; i < 400; i++, next++) {
            add(writer, model, "d" + next, TestDocuments.storedFields(seed, "d" + next));
          }
          writer.commit();
        }
      }

      IndexWriterConfig second = new IndexWriterConfig().setCodec(new ChunkstoreCodec(reading));
      try (IndexWriter writer = new IndexWriter(dir, second)) {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
          IndexVerification.assertExactly(reader, model);
          for (LeafReaderContext leaf : reader.leaves()) {
            assertEquals(
                written,
                Segments.chunkstoreStats(leaf.reader()).mode(),
                "mode recorded by an old segment");
          }
        }
        for (int i = 0; i < 400; i++, next++) {
          add(writer, model, "d" + next, TestDocuments.storedFields(seed, "d" + next));
        }
        for (int i = 0; i < 1200; i += 9) {
          writer.deleteDocuments(idTerm("d" + i));
          model.remove("d" + i);
        }
        for (int i = 4; i < 1200; i += 17) {
          if (model.containsKey("d" + i)) {
            add(writer, model, "d" + i, TestDocuments.randomStoredFields(random), true);
          }
        }
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
          IndexVerification.assertExactly(reader, model);
          boolean sawWritten = false;
          boolean sawReading = false;
          for (LeafReaderContext leaf : reader.leaves()) {
            ChunkstoreCodec.Mode m = Segments.chunkstoreStats(leaf.reader()).mode();
            sawWritten |= m == written;
            sawReading |= m == reading;
          }
          assertTrue(sawWritten && sawReading, "old and new segments side by side");
        }
        writer.forceMerge(1);
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
          assertEquals(1, reader.leaves().size());
          assertEquals(
              reading,
              Segments.chunkstoreStats(reader.leaves().get(0).reader()).mode(),
              "merged segment's mode");
          IndexVerification.assertExactly(reader, model);
        }
        writer.commit();
      }

      // Opened through SPI alone (the no-arg codec), as any other program would.
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, model);
        IndexVerification.assertRandomAccess(reader, model, random, 200);
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void awaitRunningMerges(IndexWriter writer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!writer.getMergingSegments().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("merges still running after 2 minutes");
      }
      Thread.sleep(10);
    }
  }

  private static void write(
      IndexWriter writer,
      Map<String, List<FieldValue>> model,
      Map<String, Set<List<FieldValue>>> history,
      String id,
      List<FieldValue> fields,
      boolean update)
      throws IOException {
    history.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(fields);
    model.put(id, fields);
    if (update) {
      writer.updateDocument(idTerm(id), TestDocuments.toDocument(id, fields));
    } else {
      writer.addDocument(TestDocuments.toDocument(id, fields));
    }
  }

  private static void add(
      IndexWriter writer, Map<String, List<FieldValue>> model, String id, List<FieldValue> fields)
      throws IOException {
    add(writer, model, id, fields, false);
  }

  private static void add(
      IndexWriter writer,
      Map<String, List<FieldValue>> model,
      String id,
      List<FieldValue> fields,
      boolean update)
      throws IOException {
    model.put(id, fields);
    if (update) {
      writer.updateDocument(idTerm(id), TestDocuments.toDocument(id, fields));
    } else {
      writer.addDocument(TestDocuments.toDocument(id, fields));
    }
  }

  /**
   * Updates every {@code every}-th live id; a third of them alternate between no field and some.
   */
  private static void updateSome(
      IndexWriter writer,
      Map<String, List<FieldValue>> model,
      Map<String, Set<List<FieldValue>>> history,
      Random random,
      int every)
      throws IOException {
    List<String> ids = new ArrayList<>(new TreeMap<>(model).keySet());
    for (int i = 0; i < ids.size(); i += every) {
      String id = ids.get(i);
      List<FieldValue> fields;
      if (i % 3 == 0) {
        fields = model.get(id).isEmpty() ? TestDocuments.randomStoredFields(random) : List.of();
      } else {
        fields = TestDocuments.randomStoredFields(random);
      }
      write(writer, model, history, id, fields, true);
    }
  }

  /** Reopens the NRT reader and checks it against the model, fully and by random access. */
  private static DirectoryReader reopenAndVerify(
      DirectoryReader reader,
      Map<String, List<FieldValue>> model,
      ChunkstoreCodec.Mode mode,
      Random random,
      String step)
      throws IOException {
    DirectoryReader newer = DirectoryReader.openIfChanged(reader);
    if (newer != null) {
      reader.close();
      reader = newer;
    }
    try {
      IndexVerification.assertExactly(reader, model);
      IndexVerification.assertRandomAccess(reader, model, random, 300);
      for (LeafReaderContext leaf : reader.leaves()) {
        assertEquals(mode, Segments.chunkstoreStats(leaf.reader()).mode());
      }
    } catch (AssertionError e) {
      throw new AssertionError(step + ": " + e.getMessage(), e);
    }
    return reader;
  }

  /**
   * Reads a sample of live documents of a reader opened while threads write, and checks that each
   * one is some version that was written for its id (which version depends on timing).
   */
  private static void assertEveryDocumentIsAVersionOnceWritten(
      DirectoryReader reader,
      Map<String, Set<List<FieldValue>>> history,
      Random random,
      int samples)
      throws IOException {
    if (reader.maxDoc() == 0) {
      return;
    }
    for (LeafReaderContext leaf : reader.leaves()) {
      int maxDoc = leaf.reader().maxDoc();
      int[] docs =
          random
              .ints(Math.max(1, samples * maxDoc / reader.maxDoc()), 0, maxDoc)
              .sorted()
              .distinct()
              .toArray();
      Bits live = leaf.reader().getLiveDocs();
      SortedDocValues ids = leaf.reader().getSortedDocValues(TestDocuments.ID);
      var storedFields = leaf.reader().storedFields();
      for (int doc : docs) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        assertTrue(ids != null && ids.advanceExact(doc), "doc without id");
        String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
        List<FieldValue> got = StoredFieldsSnapshot.read(storedFields, doc);
        Collection<List<FieldValue>> versions = history.get(id);
        assertTrue(
            versions != null && versions.contains(got),
            () -> "id " + id + " read while indexing is no version ever written: " + got);
      }
    }
  }
}
