package io.github.chunkstore.benchmarks.jmh;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.lucene.index.IndexWriter;

/**
 * A reproducible stream of stored-fields chunks shaped like a real segment's: document counts
 * varying around an average, compressed sizes of 16 to 64 KiB, and now and then a tiny "dirty"
 * chunk such as a flush or merge leaves behind.
 *
 * <p>A segment holds at most {@link IndexWriter#MAX_DOCS} documents, so with many chunks the
 * documents per chunk shrink: the usual 400 to 600 until 3.5 million chunks, 14 to 21 at 100
 * million chunks (a segment of large documents).
 */
public final class SyntheticChunks {

  /** Receives each chunk in order. */
  @FunctionalInterface
  public interface ChunkSink {
    void accept(int numDocs, long sizeInBytes) throws IOException;
  }

  // Roughly one chunk in 256 is dirty.
  private static final int DIRTY_ONE_IN = 256;

  private final int numChunks;
  private final long seed;
  private final int maxDocs;
  private final int minDocs;

  /** {@code numChunks} chunks drawn from a generator seeded with {@code seed}. */
  public SyntheticChunks(int numChunks, long seed) {
    if (numChunks < 1) {
      throw new IllegalArgumentException("numChunks must be >= 1, got " + numChunks);
    }
    this.numChunks = numChunks;
    this.seed = seed;
    // The bound makes even the largest draws fit a segment, whatever the seed.
    this.maxDocs = Math.min(600, IndexWriter.MAX_DOCS / numChunks);
    if (maxDocs < 3) {
      throw new IllegalArgumentException(numChunks + " chunks would need < 3 documents each");
    }
    this.minDocs = maxDocs * 2 / 3;
  }

  public int numChunks() {
    return numChunks;
  }

  /** Feeds every chunk to {@code sink}; the same seed always yields the same chunks. */
  public void forEach(ChunkSink sink) throws IOException {
    final SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < numChunks; c++) {
      if (random.nextInt(DIRTY_ONE_IN) == 0) {
        sink.accept(random.nextInt(1, 1 + minDocs / 8), random.nextLong(200, 4 << 10));
      } else {
        sink.accept(random.nextInt(minDocs, maxDocs + 1), random.nextLong(16 << 10, 64 << 10));
      }
    }
  }
}
