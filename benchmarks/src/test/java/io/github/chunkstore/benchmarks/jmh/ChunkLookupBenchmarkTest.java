package io.github.chunkstore.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.index.StoredFieldsIndexWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the lookup benchmark against timing wrong answers: every structure it compares must find
 * the same chunk, and the right one.
 */
class ChunkLookupBenchmarkTest {

  /** The benchmark's own setup and docIDs, at a size with a partial last block. */
  @Test
  void benchmarkStructuresAgreeOnItsDocIDs() throws IOException {
    ChunkLookupBenchmark benchmark = new ChunkLookupBenchmark();
    benchmark.chunks = 3 * StoredFieldsIndexWriter.BLOCK_CHUNKS + 123;
    benchmark.setUp();
    try {
      ChunkIndexes indexes = benchmark.indexes();
      for (int doc : benchmark.docIDs()) {
        int expected = indexes.chunkstore().chunkOf(doc);
        assertEquals(expected, indexes.mmap().chunkOf(doc), "mmap, doc " + doc);
        assertEquals(expected, indexes.byteBuffers().chunkOf(doc), "ByteBuffers, doc " + doc);
      }
    } finally {
      benchmark.tearDown();
    }
  }

  /** Every docID, checked against the chunks as generated. */
  @Test
  void everyDocFindsItsGeneratedChunk(@TempDir Path dir) throws IOException {
    SyntheticChunks chunks = new SyntheticChunks(2 * StoredFieldsIndexWriter.BLOCK_CHUNKS + 7, 42);
    int[] firstDocs = new int[chunks.numChunks() + 1];
    long[] starts = new long[chunks.numChunks()];
    int[] chunk = {0};
    long[] nextStart = {0};
    chunks.forEach(
        (numDocs, size) -> {
          int c = chunk[0]++;
          firstDocs[c + 1] = firstDocs[c] + numDocs;
          starts[c] = nextStart[0];
          nextStart[0] += size;
        });
    try (ChunkIndexes indexes = ChunkIndexes.build(dir, chunks)) {
      assertEquals(firstDocs[chunks.numChunks()], indexes.numDocs());
      int c = 0;
      for (int doc = 0; doc < indexes.numDocs(); doc++) {
        while (doc >= firstDocs[c + 1]) {
          c++;
        }
        assertEquals(c, indexes.chunkstore().chunkOf(doc), "chunkstore, doc " + doc);
        assertEquals(c, indexes.mmap().chunkOf(doc), "mmap, doc " + doc);
        assertEquals(c, indexes.byteBuffers().chunkOf(doc), "ByteBuffers, doc " + doc);
      }
      for (c = 0; c < chunks.numChunks(); c++) {
        assertEquals(starts[c], indexes.chunkstore().chunkStartPointer(c), "start of " + c);
        assertEquals(starts[c], indexes.mmap().chunkStartPointer(c), "mmap start of " + c);
      }
      assertTrue(indexes.memoryReport().contains("lucene-mmap"));
    }
  }
}
