package io.github.chunkstore.codectests.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.DiskFullDirectory;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A disk that fills up while documents are indexed, while a segment is flushed by a commit, or
 * while segments are merged: the {@link IndexWriter} call fails with an {@link IOException} saying
 * so, the previous commit stays readable with every document identical and passes CheckIndex, and
 * once space is freed a new writer continues, merges and commits. The disk fills at random points
 * of the operation, counted either over every file or over Chunkstore's files only (so that the
 * stored-fields writer itself is the one refused).
 */
class DiskFullTest {

  private static final int BUDGETS_PER_CASE = 2;

  /** The operation the disk fills up in. */
  enum Phase {
    INDEXING,
    FLUSH,
    MERGE
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void fullDiskFailsTheWriterAndKeepsTheLastCommit(ChunkstoreCodec.Mode mode) throws Exception {
    Random random = new Random(0xD15CF011L + mode.ordinal());
    Map<String, Integer> refusedByExtension = new TreeMap<>();
    int scenarios = 0;
    int writerClosed = 0;
    long verified = 0;
    for (Phase phase : Phase.values()) {
      for (boolean codecFilesOnly : new boolean[] {true, false}) {
        Predicate<String> applies = codecFilesOnly ? Segments::isChunkstoreFile : name -> true;
        long needed = new Scenario(mode, phase).bytesNeeded(applies);
        for (int b = 0; b < BUDGETS_PER_CASE; b++) {
          long budget = (long) (needed * random.nextDouble());
          String what =
              mode
                  + ", disk full while "
                  + phase
                  + " after "
                  + budget
                  + " of "
                  + needed
                  + " bytes"
                  + (codecFilesOnly ? " of Chunkstore's files" : "");
          Scenario.Outcome outcome = new Scenario(mode, phase).run(budget, applies, what);
          scenarios++;
          writerClosed += outcome.writerClosed() ? 1 : 0;
          verified += outcome.verified();
          for (String file : outcome.refused()) {
            refusedByExtension.merge(
                String.valueOf(IndexFileNames.getExtension(file)), 1, Integer::sum);
          }
        }
      }
    }
    System.out.printf(
        "disk full %s: %d scenarios (indexing, flush, merge): %d IOException \"%s\", %d closed the writer,"
            + " last commit intact and writing resumed after each, %d documents verified; refused writes by file %s%n",
        mode,
        scenarios,
        scenarios,
        DiskFullDirectory.MESSAGE,
        writerClosed,
        verified,
        refusedByExtension);
  }

  /** One index and one disk-full operation on it. */
  private static final class Scenario {
    record Outcome(boolean writerClosed, long verified, Set<String> refused) {}

    private final ChunkstoreCodec.Mode mode;
    private final Phase phase;
    private final DiskFullDirectory dir = new DiskFullDirectory(new ByteBuffersDirectory());
    private final Map<String, List<FieldValue>> committed = new LinkedHashMap<>();
    private final Map<String, List<FieldValue>> pending = new LinkedHashMap<>();
    private int nextId;

    Scenario(ChunkstoreCodec.Mode mode, Phase phase) {
      this.mode = mode;
      this.phase = phase;
    }

    private IndexWriterConfig config() {
      return new IndexWriterConfig()
          .setCodec(new ChunkstoreCodec(mode))
          .setMergePolicy(new LogDocMergePolicy()) // three small segments: merged only when forced
          .setMergeScheduler(new SerialMergeScheduler());
    }

    /** Bytes the operation writes to the files {@code applies} accepts when the disk has room. */
    long bytesNeeded(Predicate<String> applies) throws IOException {
      try (dir;
          IndexWriter writer = new IndexWriter(dir, config())) {
        commitThreeSegments(writer);
        prepare(writer);
        dir.fillUpAfter(Long.MAX_VALUE, applies);
        operation(writer);
        return dir.bytesWritten();
      }
    }

    Outcome run(long budget, Predicate<String> applies, String what) throws IOException {
      try (dir) {
        IndexWriter writer = new IndexWriter(dir, config());
        boolean closed;
        try {
          commitThreeSegments(writer);
          prepare(writer);
          dir.fillUpAfter(budget, applies);
          IOException e = assertThrows(IOException.class, () -> operation(writer), what);
          assertTrue(
              mentionsDiskFull(e),
              () -> what + ": the IOException does not say the disk is full: " + e);
          closed = !writer.isOpen();
        } finally {
          writer.rollback();
          pending.clear();
        }
        Set<String> refused = dir.refusedFiles();
        long verified = verifyCommitted(what + ", before space is freed");

        dir.freeSpace();
        try (IndexWriter resumed = new IndexWriter(dir, config())) {
          add(resumed, 60);
          commitAll(resumed);
          resumed.forceMerge(1);
          resumed.commit();
        }
        verified += verifyCommitted(what + ", after space was freed");
        return new Outcome(closed, verified, refused);
      }
    }

    private void commitThreeSegments(IndexWriter writer) throws IOException {
      for (int s = 0; s < 3; s++) {
        add(writer, 100);
        commitAll(writer);
      }
    }

    /** What happens before the disk fills: the documents a flush will write. */
    private void prepare(IndexWriter writer) throws IOException {
      if (phase == Phase.FLUSH) {
        add(writer, 150);
      }
    }

    private void operation(IndexWriter writer) throws IOException {
      switch (phase) {
        case INDEXING ->
            add(writer, 150); // full chunks reach the data file while documents come in
        case FLUSH -> writer.commit();
        case MERGE -> writer.forceMerge(1);
      }
    }

    private void add(IndexWriter writer, int count) throws IOException {
      for (int i = 0; i < count; i++) {
        String id = "doc-" + nextId++;
        List<FieldValue> fields = TestDocuments.storedFields(nextId, id);
        pending.put(id, fields);
        writer.addDocument(TestDocuments.toDocument(id, fields));
      }
    }

    private void commitAll(IndexWriter writer) throws IOException {
      writer.commit();
      committed.putAll(pending);
      pending.clear();
    }

    private long verifyCommitted(String what) throws IOException {
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, committed);
      } catch (AssertionError e) {
        fail(what + ": " + e.getMessage(), e);
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> what + ": CheckIndex\n" + check.log());
      return committed.size();
    }
  }

  private static boolean mentionsDiskFull(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException
          && String.valueOf(c.getMessage()).contains(DiskFullDirectory.MESSAGE)) {
        return true;
      }
    }
    return false;
  }
}
