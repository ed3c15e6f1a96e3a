package io.github.chunkstore.benchmarks.jmh;

import java.io.Closeable;
import java.io.IOException;
import org.apache.lucene.store.DataAccessHint;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * The chunk index as Lucene's own stored fields keep it: doc bases and start pointers, each a
 * {@link DirectMonotonicReader} whose per-block metadata is on the heap and whose packed values are
 * read in place from a {@link Directory} file (mmap'd or in ByteBuffers).
 */
public final class LuceneChunkIndex implements Closeable {

  /** Values per DirectMonotonic block, as a power of two; Lucene's stored fields use 10. */
  public static final int BLOCK_SHIFT = 10;

  private final int numChunks;
  private final DirectMonotonicReader.Meta docsMeta;
  private final DirectMonotonicReader.Meta pointersMeta;
  private final IndexInput docsData;
  private final IndexInput pointersData;
  private final DirectMonotonicReader docBases;
  private final DirectMonotonicReader startPointers;
  private final long fileBytes;

  /** Opens what {@link ChunkIndexFiles#write} wrote for {@code docs} and {@code pointers}. */
  LuceneChunkIndex(Directory dir, String docs, String pointers, int numChunks) throws IOException {
    this.numChunks = numChunks;
    // numChunks + 1 values: the last closes the last chunk (total docs, max pointer).
    this.docsMeta = loadMeta(dir, ChunkIndexFiles.meta(docs), numChunks + 1);
    this.pointersMeta = loadMeta(dir, ChunkIndexFiles.meta(pointers), numChunks + 1);
    final IOContext random = IOContext.DEFAULT.withHints(DataAccessHint.RANDOM);
    IndexInput docsIn = null;
    IndexInput pointersIn = null;
    boolean success = false;
    try {
      docsIn = dir.openInput(ChunkIndexFiles.data(docs), random);
      pointersIn = dir.openInput(ChunkIndexFiles.data(pointers), random);
      this.docBases = DirectMonotonicReader.getInstance(docsMeta, wholeFile(docsIn));
      this.startPointers = DirectMonotonicReader.getInstance(pointersMeta, wholeFile(pointersIn));
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(docsIn, pointersIn);
      }
    }
    this.docsData = docsIn;
    this.pointersData = pointersIn;
    this.fileBytes =
        docsIn.length()
            + pointersIn.length()
            + dir.fileLength(ChunkIndexFiles.meta(docs))
            + dir.fileLength(ChunkIndexFiles.meta(pointers));
  }

  private static DirectMonotonicReader.Meta loadMeta(Directory dir, String name, long numValues)
      throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      return DirectMonotonicReader.loadMeta(in, numValues, BLOCK_SHIFT);
    }
  }

  private static RandomAccessInput wholeFile(IndexInput in) throws IOException {
    return in.randomAccessSlice(0, in.length());
  }

  /**
   * The chunk holding {@code docID}: the last chunk whose doc base is {@code <= docID}. A miss
   * returns {@code -1 - insertionPoint}, and the chunk is the one before the insertion point.
   */
  public int chunkOf(int docID) {
    final long found = docBases.binarySearch(0, numChunks, docID);
    return (int) (found >= 0 ? found : -2 - found);
  }

  /** Data-file offset where {@code chunk} starts; the lookup's second half, not benchmarked. */
  public long chunkStartPointer(int chunk) {
    return startPointers.get(chunk);
  }

  /**
   * Heap held by both readers and their metadata, not counting the files they read: the per-block
   * minimums, averages, bit widths, offsets and one small reader object per block.
   */
  public long heapBytes() {
    return HeapBytes.reachableFrom(
        obj -> obj instanceof IndexInput || obj instanceof RandomAccessInput,
        docsMeta,
        pointersMeta,
        docBases,
        startPointers);
  }

  /** Bytes of the four files: packed values and metadata, for doc bases and start pointers. */
  public long fileBytes() {
    return fileBytes;
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(docsData, pointersData);
  }
}
