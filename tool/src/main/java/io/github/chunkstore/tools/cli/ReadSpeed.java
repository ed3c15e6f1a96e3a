package io.github.chunkstore.tools.cli;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;

/**
 * Documents read per second from an index's stored fields, each measurement after a warm-up of a
 * quarter of its time, so that the JIT has compiled the format's read path.
 */
final class ReadSpeed {

  /** Documents per batch of random reads: the hits of one page of results. */
  static final int BATCH = 10;

  private ReadSpeed() {}

  /**
   * Random reads: batches of {@link #BATCH} random documents, each batch through a new {@link
   * StoredFields}, as a search fetching one page of hits does.
   */
  static double random(IndexReader reader, double seconds, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    int maxDoc = reader.maxDoc();
    measure(seconds / 4, () -> randomBatch(reader, random, maxDoc));
    return measure(seconds, () -> randomBatch(reader, random, maxDoc));
  }

  private static int randomBatch(IndexReader reader, SplittableRandom random, int maxDoc)
      throws IOException {
    StoredFields storedFields = reader.storedFields();
    for (int i = 0; i < BATCH; i++) {
      storedFields.document(random.nextInt(maxDoc));
    }
    return BATCH;
  }

  /**
   * Sequential reads: every document in order through one {@link StoredFields}, pass after pass.
   */
  static double sequential(IndexReader reader, double seconds) throws IOException {
    Scan warmUp = new Scan(reader);
    measure(seconds / 4, warmUp::next);
    Scan scan = new Scan(reader);
    return measure(seconds, scan::next);
  }

  /** Reads documents in order, a few at a time, starting over at the end. */
  private static final class Scan {
    private static final int STEP = 64;
    private final IndexReader reader;
    private StoredFields storedFields;
    private int next;

    Scan(IndexReader reader) {
      this.reader = reader;
    }

    int next() throws IOException {
      if (storedFields == null || next == reader.maxDoc()) {
        storedFields = reader.storedFields();
        next = 0;
      }
      int end = Math.min(reader.maxDoc(), next + STEP);
      int read = end - next;
      for (; next < end; next++) {
        storedFields.document(next);
      }
      return read;
    }
  }

  /** Some reading; returns how many documents it read. */
  private interface Step {
    int run() throws IOException;
  }

  /** Runs {@code step} for about {@code seconds}; documents per second. */
  private static double measure(double seconds, Step step) throws IOException {
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long docs = 0;
    long elapsed;
    do {
      docs += step.run();
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return docs * 1e9 / elapsed;
  }
}
