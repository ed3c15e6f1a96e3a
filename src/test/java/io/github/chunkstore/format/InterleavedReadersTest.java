package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reader instances that take turns on one thread or travel between threads each read their own
 * documents: clones of several segments, merge instances, a visitor reading through another clone
 * from inside a read, and a clone handed to another thread. (Search clones share their thread's
 * {@link ChunkCursor}, so this is what its holder and busy rules must get right.)
 */
class InterleavedReadersTest {

  private static final int DOCS = 3000;

  @ParameterizedTest
  @EnumSource(Mode.class)
  void interleavedClonesAndMergeInstancesReadTheirOwnDocuments(Mode mode) throws Exception {
    withIndex(
        mode,
        (reader, expected) -> {
          assertTrue(reader.leaves().size() > 3, "several segments");
          CodecReader first = (CodecReader) reader.leaves().get(0).reader();
          StoredFields[] readers = {
            reader.storedFields(),
            reader.storedFields(),
            first.storedFields(),
            first.getFieldsReader().getMergeInstance(), // a StoredFieldsReader is a StoredFields
          };
          Random random = new Random(7 + mode.ordinal());
          for (int i = 0; i < 4000; i++) {
            int which = random.nextInt(readers.length);
            int max = which >= 2 ? first.maxDoc() : DOCS;
            // Runs of neighbours too, so that a clone's cached chunk and block get reused.
            int doc = random.nextBoolean() ? random.nextInt(max) : Math.min(max - 1, i % max);
            assertEquals(
                expected.get(doc),
                StoredDocs.read(readers[which], doc),
                "reader " + which + ", doc " + doc);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aVisitorMayReadOtherDocumentsInTheMiddleOfADocument(Mode mode) throws Exception {
    withIndex(
        mode,
        (reader, expected) -> {
          StoredFields outer = reader.storedFields();
          StoredFields inner = reader.storedFields();
          Random random = new Random(11);
          for (int i = 0; i < 300; i++) {
            int doc = random.nextInt(DOCS);
            List<String> innerReads = new ArrayList<>();
            List<Integer> innerDocs = new ArrayList<>();
            DocumentStoredFieldVisitor visitor =
                new DocumentStoredFieldVisitor() {
                  @Override
                  public void stringField(FieldInfo fieldInfo, String value) throws IOException {
                    super.stringField(fieldInfo, value);
                    int other = random.nextInt(DOCS);
                    innerDocs.add(other);
                    innerReads.add(String.join("|", StoredDocs.read(inner, other)));
                  }
                };
            outer.document(doc, visitor);
            assertEquals(
                expected.get(doc), StoredDocs.values(visitor.getDocument()), "outer doc " + doc);
            for (int k = 0; k < innerDocs.size(); k++) {
              assertEquals(
                  String.join("|", expected.get(innerDocs.get(k))),
                  innerReads.get(k),
                  "inner doc " + innerDocs.get(k));
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCloneHandedBetweenThreadsKeepsReadingItsOwnDocuments(Mode mode) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      withIndex(mode, (reader, expected) -> readAcrossThreads(reader, expected, other));
    } finally {
      other.shutdownNow();
    }
  }

  private static void readAcrossThreads(
      DirectoryReader reader, List<List<String>> expected, ExecutorService other) throws Exception {
    StoredFields travelling = reader.storedFields();
    StoredFields local = reader.storedFields();
    Random random = new Random(13);
    for (int i = 0; i < 200; i++) {
      int doc = random.nextInt(DOCS);
      int next = Math.min(DOCS - 1, doc + 1);
      assertEquals(expected.get(doc), StoredDocs.read(travelling, doc));
      // The other thread's cursor, then this thread's again, which may still hold `doc`'s chunk.
      List<String> there = other.submit(() -> StoredDocs.read(travelling, next)).get();
      assertEquals(expected.get(next), there);
      int elsewhere = random.nextInt(DOCS);
      assertEquals(expected.get(elsewhere), StoredDocs.read(local, elsewhere));
      assertEquals(expected.get(doc), StoredDocs.read(travelling, doc));
      assertEquals(expected.get(next), StoredDocs.read(travelling, next));
    }
  }

  private interface IndexCheck {
    void run(DirectoryReader reader, List<List<String>> expected) throws Exception;
  }

  /**
   * Runs {@code check} on {@link #DOCS} random documents in unmerged segments of 400, with their
   * expected values by docID.
   */
  private static void withIndex(Mode mode, IndexCheck check) throws Exception {
    Random random = new Random(3 + mode.ordinal());
    List<List<String>> expected = new ArrayList<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc =
          new IndexWriterConfig()
              .setCodec(new ChunkstoreCodec(mode))
              .setMaxBufferedDocs(400)
              .setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter writer = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < DOCS; i++) {
          Document doc = StoredDocs.randomDocument(random, i, i % 700 == 0 ? 100_000 : 400);
          expected.add(StoredDocs.values(doc));
          writer.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        check.run(reader, expected);
      }
    }
  }
}
