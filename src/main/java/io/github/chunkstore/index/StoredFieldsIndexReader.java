package io.github.chunkstore.index;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The chunk index held on the heap, as written by {@link StoredFieldsIndexWriter} (whose Javadoc
 * gives the file layout).
 *
 * <p>Per block it keeps the block's doc base, start pointer and two averages in plain arrays, and
 * the block's zig-zag deltas bit-packed at the width they were written with. Finding a document's
 * chunk is two binary searches: over the blocks' doc bases, then over the predicted-plus-delta doc
 * bases inside the block. Lookups read no file and allocate nothing.
 *
 * <p>Instances are immutable and safe for concurrent use by any number of threads.
 */
public final class StoredFieldsIndexReader implements Accountable {

  private static final int BLOCK_CHUNKS = StoredFieldsIndexWriter.BLOCK_CHUNKS;
  // Every block but the last is full, so a chunk's block and slot are a shift and a mask away.
  private static final int BLOCK_SHIFT = Integer.numberOfTrailingZeros(BLOCK_CHUNKS);
  private static final int BLOCK_MASK = BLOCK_CHUNKS - 1;
  private static final long BASE_RAM_BYTES_USED =
      RamUsageEstimator.shallowSizeOfInstance(StoredFieldsIndexReader.class);

  private final int numDocs;
  private final int numChunks;
  private final long maxPointer;
  // One entry per block.
  private final int[] docBases;
  private final int[] avgChunkDocs;
  private final PackedInts.Reader[] docBaseDeltas;
  private final long[] startPointers;
  private final long[] avgChunkSizes;
  private final PackedInts.Reader[] startPointerDeltas;
  private final long ramBytesUsed;

  private StoredFieldsIndexReader(
      int numDocs,
      int numChunks,
      long maxPointer,
      int[] docBases,
      int[] avgChunkDocs,
      PackedInts.Reader[] docBaseDeltas,
      long[] startPointers,
      long[] avgChunkSizes,
      PackedInts.Reader[] startPointerDeltas) {
    this.numDocs = numDocs;
    this.numChunks = numChunks;
    this.maxPointer = maxPointer;
    this.docBases = docBases;
    this.avgChunkDocs = avgChunkDocs;
    this.docBaseDeltas = docBaseDeltas;
    this.startPointers = startPointers;
    this.avgChunkSizes = avgChunkSizes;
    this.startPointerDeltas = startPointerDeltas;
    long bytes =
        BASE_RAM_BYTES_USED
            + RamUsageEstimator.sizeOf(docBases)
            + RamUsageEstimator.sizeOf(avgChunkDocs)
            + RamUsageEstimator.shallowSizeOf(docBaseDeltas)
            + RamUsageEstimator.sizeOf(startPointers)
            + RamUsageEstimator.sizeOf(avgChunkSizes)
            + RamUsageEstimator.shallowSizeOf(startPointerDeltas);
    for (int b = 0; b < docBaseDeltas.length; b++) {
      bytes += docBaseDeltas[b].ramBytesUsed() + startPointerDeltas[b].ramBytesUsed();
    }
    this.ramBytesUsed = bytes;
  }

  /**
   * Reads the blocks, the end marker and the max pointer from {@code in}, positioned right after
   * the index file's header; leaves it right before the footer, which the caller verifies.
   *
   * <p>Everything is checked here, so that lookups can trust the data: n in 1..1024 and only the
   * last block partial, bit widths in 1..64, non-negative averages, each block's first chunk at its
   * DocBase and StartPointer, doc bases strictly increasing from 0 and below {@code numDocs}, start
   * pointers non-negative and non-decreasing, the max pointer at or after the last start pointer,
   * and no 64-bit overflow. A malformed index fails with a {@link CorruptIndexException} naming the
   * problem (or an {@link java.io.EOFException} if it is cut short), never with another exception.
   * The last chunk's document count is {@code numDocs} minus its doc base, so a too large {@code
   * numDocs} cannot be detected here.
   *
   * @param numDocs the segment's document count, known from the segment info
   * @throws IllegalArgumentException if {@code numDocs} is negative
   */
  public static StoredFieldsIndexReader read(IndexInput in, int numDocs) throws IOException {
    if (numDocs < 0) {
      throw new IllegalArgumentException("negative numDocs " + numDocs);
    }
    int numBlocks = 0;
    int numChunks = 0;
    int[] docBases = new int[1];
    int[] avgChunkDocs = new int[1];
    PackedInts.Reader[] docBaseDeltas = new PackedInts.Reader[1];
    long[] startPointers = new long[1];
    long[] avgChunkSizes = new long[1];
    PackedInts.Reader[] startPointerDeltas = new PackedInts.Reader[1];
    // The previous chunk's doc base and start pointer; -1 / 0 make the first checks uniform.
    long prevDocBase = -1;
    long prevStartPointer = 0;

    for (int n = in.readVInt(); n != 0; n = in.readVInt()) {
      final int block = numBlocks;
      if (n < 1 || n > BLOCK_CHUNKS) {
        throw corrupt(in, block, -1, "chunk count n=" + n + " outside 1.." + BLOCK_CHUNKS);
      }
      if ((numChunks & BLOCK_MASK) != 0) {
        throw corrupt(in, block, -1, "follows a partial block; only the last may be partial");
      }
      if (numDocs == 0) {
        throw corrupt(in, block, -1, "chunks present in a segment of 0 documents");
      }
      final int docBase = in.readVInt();
      if (block == 0 && docBase != 0) {
        throw corrupt(in, block, -1, "first block's DocBase is " + docBase + ", not 0");
      }
      final int avgDocs = in.readVInt();
      if (avgDocs < 0) {
        throw corrupt(in, block, -1, "negative AvgChunkDocs " + avgDocs);
      }
      final PackedInts.Reader docDeltas = readDeltas(in, n, block, "BitsPerDocBase");
      final long startPointer = in.readVLong();
      final long avgSize = in.readVLong();
      if (avgSize < 0) {
        throw corrupt(in, block, -1, "negative AvgChunkSize " + avgSize);
      }
      final PackedInts.Reader pointerDeltas = readDeltas(in, n, block, "BitsPerStartPointer");

      // Check each chunk, computing exactly as the lookups do, so lookups need no checks.
      for (int i = 0; i < n; i++) {
        final long docBaseI;
        final long startPointerI;
        try {
          docBaseI = Math.addExact(docBase, relDocBaseExact(avgDocs, docDeltas, i));
          startPointerI = Math.addExact(startPointer, relStartExact(avgSize, pointerDeltas, i));
        } catch (ArithmeticException e) {
          throw corrupt(in, block, i, "arithmetic overflow");
        }
        if (i == 0 && (docBaseI != docBase || startPointerI != startPointer)) {
          throw corrupt(in, block, i, "first chunk's deltas are not 0");
        }
        if (docBaseI <= prevDocBase) {
          throw corrupt(in, block, i, "doc base " + docBaseI + " <= previous " + prevDocBase);
        }
        if (docBaseI >= numDocs) {
          throw corrupt(in, block, i, "doc base " + docBaseI + " >= numDocs " + numDocs);
        }
        if (startPointerI < 0) {
          throw corrupt(in, block, i, "start pointer " + startPointerI + " is negative");
        }
        if (startPointerI < prevStartPointer) {
          throw corrupt(
              in, block, i, "start pointer " + startPointerI + " < previous " + prevStartPointer);
        }
        prevDocBase = docBaseI;
        prevStartPointer = startPointerI;
      }

      if (block == docBases.length) {
        final int size = ArrayUtil.oversize(block + 1, Long.BYTES);
        docBases = ArrayUtil.growExact(docBases, size);
        avgChunkDocs = ArrayUtil.growExact(avgChunkDocs, size);
        docBaseDeltas = ArrayUtil.growExact(docBaseDeltas, size);
        startPointers = ArrayUtil.growExact(startPointers, size);
        avgChunkSizes = ArrayUtil.growExact(avgChunkSizes, size);
        startPointerDeltas = ArrayUtil.growExact(startPointerDeltas, size);
      }
      docBases[block] = docBase;
      avgChunkDocs[block] = avgDocs;
      docBaseDeltas[block] = docDeltas;
      startPointers[block] = startPointer;
      avgChunkSizes[block] = avgSize;
      startPointerDeltas[block] = pointerDeltas;
      numBlocks++;
      // Cannot overflow: every chunk has its own doc base below numDocs.
      numChunks += n;
    }

    if (numDocs > 0 && numChunks == 0) {
      throw new CorruptIndexException("no chunk in a segment of " + numDocs + " documents", in);
    }
    final long maxPointer = in.readVLong();
    if (maxPointer < 0) {
      throw new CorruptIndexException("max pointer " + maxPointer + " is negative", in);
    }
    if (maxPointer < prevStartPointer) {
      throw new CorruptIndexException(
          "max pointer " + maxPointer + " < last start pointer " + prevStartPointer, in);
    }
    return new StoredFieldsIndexReader(
        numDocs,
        numChunks,
        maxPointer,
        ArrayUtil.copyOfSubArray(docBases, 0, numBlocks),
        ArrayUtil.copyOfSubArray(avgChunkDocs, 0, numBlocks),
        ArrayUtil.copyOfSubArray(docBaseDeltas, 0, numBlocks),
        ArrayUtil.copyOfSubArray(startPointers, 0, numBlocks),
        ArrayUtil.copyOfSubArray(avgChunkSizes, 0, numBlocks),
        ArrayUtil.copyOfSubArray(startPointerDeltas, 0, numBlocks));
  }

  /** An exception locating the problem at a block, and at one of its chunks if chunk >= 0. */
  private static CorruptIndexException corrupt(
      IndexInput in, int block, int chunk, String problem) {
    final String where = chunk < 0 ? "block " + block : "block " + block + ", chunk " + chunk;
    return new CorruptIndexException(where + ": " + problem, in);
  }

  /** Reads a bit width and {@code n} packed values into a compact in-heap array. */
  private static PackedInts.Reader readDeltas(IndexInput in, int n, int block, String what)
      throws IOException {
    final int bits = in.readVInt();
    if (bits < 1 || bits > 64) {
      throw corrupt(in, block, -1, what + "=" + bits + " outside 1..64");
    }
    final PackedInts.ReaderIterator it =
        PackedInts.getReaderIteratorNoHeader(
            in, PackedInts.Format.PACKED, PackedInts.VERSION_CURRENT, n, bits, 1);
    final PackedInts.Mutable values = PackedInts.getMutable(n, bits, PackedInts.COMPACT);
    for (int i = 0; i < n; i++) {
      values.set(i, it.next());
    }
    return values;
  }

  // The *Exact variants compute the same expressions as the lookups, in the same order, but throw
  // on overflow; once read() has run them on every chunk, the unchecked versions are exact.

  /** {@link #relDocBase}, throwing ArithmeticException on overflow. */
  private static long relDocBaseExact(int avgDocs, PackedInts.Reader deltas, int i) {
    // avgDocs * i < 2^31 * 2^10 cannot overflow a long; the sum with a 64-bit delta can.
    return Math.addExact((long) avgDocs * i, BitUtil.zigZagDecode(deltas.get(i)));
  }

  /** {@link #relStart}, throwing ArithmeticException on overflow. */
  private static long relStartExact(long avgSize, PackedInts.Reader deltas, int i) {
    return Math.addExact(Math.multiplyExact(avgSize, i), BitUtil.zigZagDecode(deltas.get(i)));
  }

  /** Documents before chunk {@code i} of a block. */
  private static long relDocBase(int avgDocs, PackedInts.Reader deltas, int i) {
    return (long) avgDocs * i + BitUtil.zigZagDecode(deltas.get(i));
  }

  /** Bytes from a block's start to chunk {@code i}'s start. */
  private static long relStart(long avgSize, PackedInts.Reader deltas, int i) {
    return avgSize * i + BitUtil.zigZagDecode(deltas.get(i));
  }

  /** The segment's document count. */
  public int numDocs() {
    return numDocs;
  }

  /** Number of chunks in the segment. */
  public int numChunks() {
    return numChunks;
  }

  /** End of the last chunk in the data file. */
  public long maxPointer() {
    return maxPointer;
  }

  /**
   * Ordinal (0-based, counted across all blocks) of the chunk holding {@code docID}: a binary
   * search over the blocks' doc bases, then one over the doc bases inside the block.
   *
   * @throws IllegalArgumentException if {@code docID < 0 || docID >= numDocs()}
   */
  public int chunkOf(int docID) {
    if (docID < 0 || docID >= numDocs) {
      throw new IllegalArgumentException("docID " + docID + " outside [0, " + numDocs + ")");
    }
    final int block = lastBlockStartingAtOrBefore(docID);
    final long target = docID - docBases[block];
    final int avgDocs = avgChunkDocs[block];
    final PackedInts.Reader deltas = docBaseDeltas[block];
    // Same search as over the blocks: chunk 0 of the block starts at relative doc 0 <= target.
    int lo = 0;
    int len = chunksIn(block);
    while (len > 1) {
      final int half = len >>> 1;
      if (relDocBase(avgDocs, deltas, lo + half) <= target) {
        lo += half;
      }
      len -= half;
    }
    return (block << BLOCK_SHIFT) + lo;
  }

  /**
   * Binary search for the last block whose DocBase is {@code <= docID}. Block 0 starts at doc 0, so
   * one always exists. The loop keeps the answer in [lo, lo + len) and its body has no
   * data-dependent branch but the comparison, which the JIT can turn into a conditional move:
   * random lookups would mispredict a branch half the time.
   */
  private int lastBlockStartingAtOrBefore(int docID) {
    int lo = 0;
    int len = docBases.length;
    while (len > 1) {
      final int half = len >>> 1;
      if (docBases[lo + half] <= docID) {
        lo += half;
      }
      len -= half;
    }
    return lo;
  }

  /**
   * DocID of the first document of {@code chunk}.
   *
   * @throws IllegalArgumentException if {@code chunk} is not in {@code [0, numChunks())}
   */
  public int chunkDocBase(int chunk) {
    checkChunk(chunk);
    return docBase(chunk);
  }

  /**
   * Number of documents in {@code chunk}: the next chunk's doc base (or {@link #numDocs()}) minus
   * this one's.
   *
   * @throws IllegalArgumentException if {@code chunk} is not in {@code [0, numChunks())}
   */
  public int chunkDocCount(int chunk) {
    checkChunk(chunk);
    final int end = chunk + 1 < numChunks ? docBase(chunk + 1) : numDocs;
    return end - docBase(chunk);
  }

  /**
   * Data-file offset where {@code chunk} starts.
   *
   * @throws IllegalArgumentException if {@code chunk} is not in {@code [0, numChunks())}
   */
  public long chunkStartPointer(int chunk) {
    checkChunk(chunk);
    return startPointer(chunk);
  }

  /**
   * Data-file offset where {@code chunk} ends: the next chunk's start pointer, or {@link
   * #maxPointer()} for the last chunk.
   *
   * @throws IllegalArgumentException if {@code chunk} is not in {@code [0, numChunks())}
   */
  public long chunkEndPointer(int chunk) {
    checkChunk(chunk);
    return chunk + 1 < numChunks ? startPointer(chunk + 1) : maxPointer;
  }

  /**
   * Heap held by this index: the per-block arrays and the packed deltas. This is the chunk index's
   * share of a segment reader's heap.
   */
  @Override
  public long ramBytesUsed() {
    return ramBytesUsed;
  }

  @Override
  public String toString() {
    return "StoredFieldsIndexReader(numDocs=%d, numChunks=%d, maxPointer=%d, ramBytesUsed=%d)"
        .formatted(numDocs, numChunks, maxPointer, ramBytesUsed);
  }

  private int chunksIn(int block) {
    return block == docBases.length - 1 ? numChunks - (block << BLOCK_SHIFT) : BLOCK_CHUNKS;
  }

  private void checkChunk(int chunk) {
    if (chunk < 0 || chunk >= numChunks) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, " + numChunks + ")");
    }
  }

  private int docBase(int chunk) {
    final int block = chunk >>> BLOCK_SHIFT;
    final int i = chunk & BLOCK_MASK;
    return docBases[block] + (int) relDocBase(avgChunkDocs[block], docBaseDeltas[block], i);
  }

  private long startPointer(int chunk) {
    final int block = chunk >>> BLOCK_SHIFT;
    final int i = chunk & BLOCK_MASK;
    return startPointers[block] + relStart(avgChunkSizes[block], startPointerDeltas[block], i);
  }
}
