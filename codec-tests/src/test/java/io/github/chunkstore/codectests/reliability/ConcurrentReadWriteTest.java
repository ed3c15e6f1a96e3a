package io.github.chunkstore.codectests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For a few seconds per mode, reader threads read random documents (each through stored fields of
 * its own; half of them prefetch a batch before reading it) while one thread adds, updates, deletes
 * and commits, merges run in the background and another thread reopens the near-real-time reader
 * with {@link DirectoryReader#openIfChanged}. No thread may fail, and every document read, live or
 * deleted, must be a version that was written: its stored key and version regenerate its exact
 * fields, the key matches the document's id doc value, and the version is one already handed to the
 * writer. At the end the committed index holds exactly the latest version of every live id.
 *
 * <p>{@code -Dchunkstore.concurrency.millis=N} runs N ms per mode (default 3000).
 */
class ConcurrentReadWriteTest {

  private static final int READERS = 4;
  private static final int BATCH = 8;

  /**
   * Stored fields of version {@code version} of {@code id}: key and version first, then generated
   * values.
   */
  private static List<FieldValue> fields(long seed, String id, int version) {
    List<FieldValue> fields = new ArrayList<>();
    fields.add(FieldValue.ofString("key", id));
    fields.add(FieldValue.ofInt("version", version));
    fields.addAll(TestDocuments.storedFields(seed, id + "#" + version));
    return fields;
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void readersOnlySeeWrittenVersionsWhileTheIndexChanges(
      ChunkstoreCodec.Mode mode, @TempDir Path tmp) throws Exception {
    long millis = Long.getLong("chunkstore.concurrency.millis", 3000);
    long seed = 0xC0DEC0C0L + mode.ordinal();
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setSegmentsPerTier(3);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setMergePolicy(mergePolicy)
            .setMaxBufferedDocs(150);
    try (Directory dir = FSDirectory.open(tmp);
        IndexWriter writer = new IndexWriter(dir, config)) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      Map<String, Integer> handedOver =
          new ConcurrentHashMap<>(); // id -> newest version given to the writer
      AtomicReference<DirectoryReader> current =
          new AtomicReference<>(DirectoryReader.open(writer));
      WriterTask writing = new WriterTask(writer, seed, deadline, handedOver);
      ExecutorService pool = Executors.newFixedThreadPool(READERS + 2);
      try {
        Future<Void> writes = pool.submit(writing);
        Future<Integer> reopens = pool.submit(() -> reopenUntil(deadline, current));
        List<Future<Long>> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
          readers.add(
              pool.submit(new ReaderTask(seed, i, i % 2 == 1, deadline, current, handedOver)));
        }
        writes.get();
        long reads = 0;
        for (Future<Long> reader : readers) {
          reads += reader.get();
        }
        int reopened = reopens.get();

        writer.commit();
        int verified;
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          verified = IndexVerification.assertExactly(reader, writing.latest());
        }
        assertTrue(reads > 0 && reopened > 0, "readers read and the reader was reopened");
        System.out.printf(
            "concurrency %s: %d reads verified by %d readers (%d prefetching) over %d reopens in %d ms; writer:"
                + " %s; final commit exact (%d documents)%n",
            mode, reads, READERS, READERS / 2, reopened, millis, writing.counts(), verified);
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        current.get().decRef();
      }
    }
  }

  /**
   * Reopens the shared reader until the deadline; readers keep the one they use alive by refcount.
   */
  private static int reopenUntil(long deadline, AtomicReference<DirectoryReader> current)
      throws IOException, InterruptedException {
    int reopens = 0;
    while (System.nanoTime() < deadline) {
      DirectoryReader old = current.get();
      DirectoryReader newer = DirectoryReader.openIfChanged(old);
      if (newer != null) {
        current.set(newer);
        old.decRef();
        reopens++;
      }
      Thread.sleep(20);
    }
    return reopens;
  }

  /** Adds, updates, deletes and commits at random; keeps the latest version of each live id. */
  private static final class WriterTask implements Callable<Void> {
    private final IndexWriter writer;
    private final long seed;
    private final long deadline;
    private final Map<String, Integer> handedOver;
    private final Map<String, List<FieldValue>> latest = new HashMap<>();
    private final List<String> live = new ArrayList<>();
    private int adds, updates, deletes, commits;

    WriterTask(IndexWriter writer, long seed, long deadline, Map<String, Integer> handedOver) {
      this.writer = writer;
      this.seed = seed;
      this.deadline = deadline;
      this.handedOver = handedOver;
    }

    @Override
    public Void call() throws IOException {
      Random r = new Random(seed);
      while (System.nanoTime() < deadline) {
        int op = r.nextInt(100);
        if (op < 50 || live.isEmpty()) {
          String id = "doc-" + adds++;
          live.add(id);
          write(id, 0, false);
        } else if (op < 80) {
          String id = live.get(r.nextInt(live.size()));
          write(id, handedOver.get(id) + 1, true);
          updates++;
        } else if (op < 98) {
          int i = r.nextInt(live.size());
          String id = live.get(i);
          live.set(i, live.get(live.size() - 1));
          live.remove(live.size() - 1);
          latest.remove(id);
          writer.deleteDocuments(new Term(TestDocuments.ID, id));
          deletes++;
        } else {
          writer.commit();
          commits++;
        }
      }
      return null;
    }

    private void write(String id, int version, boolean update) throws IOException {
      List<FieldValue> fields = fields(seed, id, version);
      handedOver.put(id, version); // before the writer: a reader may see it as soon as it is added
      latest.put(id, fields);
      if (update) {
        writer.updateDocument(new Term(TestDocuments.ID, id), TestDocuments.toDocument(id, fields));
      } else {
        writer.addDocument(TestDocuments.toDocument(id, fields));
      }
    }

    Map<String, List<FieldValue>> latest() {
      return latest;
    }

    String counts() {
      return adds
          + " adds, "
          + updates
          + " updates, "
          + deletes
          + " deletes, "
          + commits
          + " commits";
    }
  }

  /**
   * Reads batches of random documents of a random segment of the current reader and checks each.
   */
  private record ReaderTask(
      long seed,
      int number,
      boolean prefetch,
      long deadline,
      AtomicReference<DirectoryReader> current,
      Map<String, Integer> handedOver)
      implements Callable<Long> {

    @Override
    public Long call() throws IOException, InterruptedException {
      Random r = new Random(seed * 31 + number);
      long reads = 0;
      while (System.nanoTime() < deadline) {
        DirectoryReader reader = acquire();
        try {
          if (!reader.leaves().isEmpty()) {
            LeafReader leaf = reader.leaves().get(r.nextInt(reader.leaves().size())).reader();
            reads += readBatch(leaf, r.ints(BATCH, 0, leaf.maxDoc()).sorted().distinct().toArray());
          }
        } finally {
          reader.decRef();
        }
        Thread.sleep(0, 200_000); // leave the writer a share of a small machine
      }
      return reads;
    }

    private DirectoryReader acquire() {
      while (true) {
        DirectoryReader reader = current.get();
        if (reader.tryIncRef()) {
          return reader;
        }
      }
    }

    private int readBatch(LeafReader leaf, int[] docs) throws IOException {
      StoredFields storedFields = leaf.storedFields();
      if (prefetch) {
        for (int doc : docs) {
          storedFields.prefetch(doc);
        }
      }
      SortedDocValues ids = leaf.getSortedDocValues(TestDocuments.ID);
      for (int doc : docs) {
        List<FieldValue> got = StoredFieldsSnapshot.read(storedFields, doc);
        assertTrue(
            got.size() >= 2
                && got.get(0).kind() == FieldValue.Kind.STRING
                && got.get(1).kind() == FieldValue.Kind.INT,
            () -> "doc " + doc + " of " + leaf + " does not start with key and version: " + got);
        String key = got.get(0).stringValue();
        int version = got.get(1).intValue();
        assertTrue(ids.advanceExact(doc), () -> "doc " + doc + " of " + leaf + " has no id");
        assertEquals(
            key,
            ids.lookupOrd(ids.ordValue()).utf8ToString(),
            "stored key against the id doc value");
        Integer newest = handedOver.get(key);
        assertTrue(
            newest != null && version <= newest,
            () -> key + " read at version " + version + ", newest written " + newest);
        List<FieldValue> want = fields(seed, key, version);
        if (!want.equals(got)) {
          throw new AssertionError(
              IndexVerification.mismatch(key + " version " + version, want, got));
        }
      }
      return docs.length;
    }
  }
}
