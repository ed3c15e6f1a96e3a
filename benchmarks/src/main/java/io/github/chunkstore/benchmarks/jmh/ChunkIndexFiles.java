package io.github.chunkstore.benchmarks.jmh;

import io.github.chunkstore.index.StoredFieldsIndexWriter;
import java.io.IOException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.packed.DirectMonotonicWriter;

/**
 * Writes one segment's chunk index in both layouts, in a single pass over the chunks: Chunkstore's
 * index file, and Lucene-style DirectMonotonic doc bases and start pointers (a meta and a data file
 * each). No headers or footers: the benchmark measures lookups, not file validation.
 */
final class ChunkIndexFiles {

  static final String CHUNKSTORE = "chunkstore.idx";
  static final String DOCS = "docs";
  static final String POINTERS = "pointers";

  /** What the chunks add up to; the readers need both. */
  record Totals(int numDocs, long maxPointer) {}

  private ChunkIndexFiles() {}

  static String meta(String name) {
    return name + ".meta";
  }

  static String data(String name) {
    return name + ".data";
  }

  static Totals write(Directory dir, SyntheticChunks chunks) throws IOException {
    final int numValues = chunks.numChunks() + 1;
    final int shift = LuceneChunkIndex.BLOCK_SHIFT;
    final IndexOutput[] outs = new IndexOutput[5];
    try {
      outs[0] = dir.createOutput(CHUNKSTORE, IOContext.DEFAULT);
      outs[1] = dir.createOutput(meta(DOCS), IOContext.DEFAULT);
      outs[2] = dir.createOutput(data(DOCS), IOContext.DEFAULT);
      outs[3] = dir.createOutput(meta(POINTERS), IOContext.DEFAULT);
      outs[4] = dir.createOutput(data(POINTERS), IOContext.DEFAULT);
      final StoredFieldsIndexWriter chunkstore = new StoredFieldsIndexWriter(outs[0]);
      final DirectMonotonicWriter docBases =
          DirectMonotonicWriter.getInstance(outs[1], outs[2], numValues, shift);
      final DirectMonotonicWriter startPointers =
          DirectMonotonicWriter.getInstance(outs[3], outs[4], numValues, shift);
      final long[] next = new long[2]; // the next chunk's doc base and start pointer
      chunks.forEach(
          (numDocs, size) -> {
            chunkstore.addChunk(numDocs, next[1]);
            docBases.add(next[0]);
            startPointers.add(next[1]);
            next[0] += numDocs;
            next[1] += size;
          });
      final Totals totals = new Totals(Math.toIntExact(next[0]), next[1]);
      chunkstore.finish(totals.numDocs(), totals.maxPointer());
      docBases.add(totals.numDocs());
      startPointers.add(totals.maxPointer());
      docBases.finish();
      startPointers.finish();
      return totals;
    } finally {
      IOUtils.close(outs);
    }
  }
}
