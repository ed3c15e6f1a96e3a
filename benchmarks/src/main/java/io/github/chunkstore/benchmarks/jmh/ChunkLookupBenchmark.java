package io.github.chunkstore.benchmarks.jmh;

import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.IOUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time to find the chunk of a random docID: Chunkstore's heap index ({@link
 * StoredFieldsIndexReader#chunkOf}, two binary searches) against the DirectMonotonic binary search
 * of Lucene's stored fields, over mmap'd files and over ByteBuffers. Only the lookup is timed, not
 * the start pointer that would follow it. Run it with {@code scripts/jmh}.
 *
 * <p>Each invocation looks up {@value #BATCH} docIDs taken in turn from {@value #DOC_IDS} pre-drawn
 * ones, so the caches see as many distinct lookups as a busy reader would, not the same few again;
 * the score is per lookup. Lookups are independent, so the CPU may overlap their memory accesses:
 * this is throughput, not the latency of one isolated lookup.
 *
 * <p>Setup prints each structure's heap and off-heap bytes ({@code memory:} lines).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx8g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChunkLookupBenchmark {

  static final int BATCH = 1 << 10;
  static final int DOC_IDS = 1 << 20;
  private static final long SEED = 0x5EED_C4A9L;

  @Param({"10000", "1000000", "100000000"})
  public int chunks;

  private Path dir;
  private ChunkIndexes indexes;
  private StoredFieldsIndexReader chunkstore;
  private LuceneChunkIndex mmap;
  private LuceneChunkIndex byteBuffers;
  private int[] docIDs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("chunk-lookup-");
    final long start = System.nanoTime();
    indexes = ChunkIndexes.build(dir, new SyntheticChunks(chunks, SEED));
    chunkstore = indexes.chunkstore();
    mmap = indexes.mmap();
    byteBuffers = indexes.byteBuffers();
    docIDs = randomDocIDs(indexes.numDocs(), SEED + 1);
    System.out.printf(
        "%nsetup: built in %.1f s%n%s%n",
        (System.nanoTime() - start) / 1e9, indexes.memoryReport());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      IOUtils.close(indexes);
    } finally {
      IOUtils.rm(dir);
    }
  }

  static int[] randomDocIDs(int numDocs, long seed) {
    return new SplittableRandom(seed).ints(DOC_IDS, 0, numDocs).toArray();
  }

  /** The structures under test, for checking that they agree. */
  public ChunkIndexes indexes() {
    return indexes;
  }

  /** The docIDs the benchmarks look up. */
  public int[] docIDs() {
    return docIDs.clone();
  }

  /** Where the next batch starts; wraps around the pre-drawn docIDs. */
  private int nextBatch() {
    final int from = next;
    next = (from + BATCH) & (DOC_IDS - 1);
    return from;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void chunkstoreHeap(Blackhole bh) {
    final StoredFieldsIndexReader index = chunkstore;
    final int[] docs = docIDs;
    for (int i = nextBatch(), end = i + BATCH; i < end; i++) {
      bh.consume(index.chunkOf(docs[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void luceneMMap(Blackhole bh) {
    lookUp(mmap, bh);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void luceneByteBuffers(Blackhole bh) {
    lookUp(byteBuffers, bh);
  }

  private void lookUp(LuceneChunkIndex index, Blackhole bh) {
    final int[] docs = docIDs;
    for (int i = nextBatch(), end = i + BATCH; i < end; i++) {
      bh.consume(index.chunkOf(docs[i]));
    }
  }
}
