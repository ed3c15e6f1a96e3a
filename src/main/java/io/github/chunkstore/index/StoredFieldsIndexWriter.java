package io.github.chunkstore.index;

import java.io.IOException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.PackedInts;

/**
 * Writes the chunk index: blocks of {@value #BLOCK_CHUNKS} chunks, each block storing its chunks'
 * doc bases and start pointers as small deltas from a straight line.
 *
 * <p>Index file layout (the caller writes the header before the first block and the footer after
 * {@link #finish}):
 *
 * <ul>
 *   <li>IndexFile --&gt; Header, Block<sup>NumBlocks</sup>, EndMarker, MaxPointer, Footer
 *   <li>Block --&gt; n, DocBase, AvgChunkDocs, BitsPerDocBase, DocBaseDeltas, StartPointer,
 *       AvgChunkSize, BitsPerStartPointer, StartPointerDeltas
 *   <li>n, DocBase, AvgChunkDocs, BitsPerDocBase, BitsPerStartPointer, EndMarker --&gt; {@link
 *       DataOutput#writeVInt VInt}
 *   <li>StartPointer, AvgChunkSize, MaxPointer --&gt; {@link DataOutput#writeVLong VLong}
 *   <li>DocBaseDeltas --&gt; n values of BitsPerDocBase bits each, {@link PackedInts.Format#PACKED
 *       PACKED} without a header
 *   <li>StartPointerDeltas --&gt; n values of BitsPerStartPointer bits each, {@link
 *       PackedInts.Format#PACKED PACKED} without a header
 *   <li>Header --&gt; {@link org.apache.lucene.codecs.CodecUtil#writeIndexHeader IndexHeader}
 *   <li>Footer --&gt; {@link org.apache.lucene.codecs.CodecUtil#writeFooter CodecFooter}
 * </ul>
 *
 * <p>Notes:
 *
 * <ul>
 *   <li>n is the number of chunks in the block, 1 to {@value #BLOCK_CHUNKS}. Every block but the
 *       last holds exactly {@value #BLOCK_CHUNKS} chunks, so chunk c lives in block c / {@value
 *       #BLOCK_CHUNKS}. EndMarker is a VInt 0, which no block starts with.
 *   <li>DocBase is the docID of the block's first document (0 for the first block); StartPointer is
 *       the data-file offset of the block's first chunk.
 *   <li>With relDocBase[i] the number of documents in chunks 0..i-1 of the block and relStart[i] =
 *       startPointer[i] - StartPointer: AvgChunkDocs is 0 if n == 1, else relDocBase[n-1] / (n-1)
 *       rounded half up; AvgChunkSize is 0 if n == 1, else relStart[n-1] / (n-1) rounded down.
 *   <li>DocBaseDeltas[i] is zigZag(relDocBase[i] - AvgChunkDocs * i) and StartPointerDeltas[i] is
 *       zigZag(relStart[i] - AvgChunkSize * i), see {@link BitUtil#zigZagEncode(long)}. The
 *       averages are only predictions; the deltas absorb whatever they miss, so the first chunk's
 *       deltas are always 0.
 *   <li>BitsPerDocBase and BitsPerStartPointer are the bits needed by the block's largest zig-zag
 *       value, at least 1 and at most 64.
 *   <li>MaxPointer is the data file's end of chunk data, the end of the last chunk.
 *   <li>All pointer arithmetic is 64-bit: data files may exceed 4 GiB.
 * </ul>
 *
 * <p>Not thread-safe; one writer per index file.
 */
public final class StoredFieldsIndexWriter implements Accountable {

  /** Chunks per block; every block but the last holds exactly this many. */
  public static final int BLOCK_CHUNKS = 1024;

  private static final long BASE_RAM_BYTES_USED =
      RamUsageEstimator.shallowSizeOfInstance(StoredFieldsIndexWriter.class);

  private final DataOutput out;
  // Absolute doc bases and start pointers of the pending block's chunks.
  private final long[] docBases = new long[BLOCK_CHUNKS];
  private final long[] startPointers = new long[BLOCK_CHUNKS];
  private int pendingChunks;
  private int numChunks;
  // long so that exceeding Integer.MAX_VALUE documents is detected rather than wrapped.
  private long totalDocs;
  private long lastStartPointer;
  private boolean finished;

  /**
   * Creates a writer appending blocks to {@code out}, which must be positioned right after the
   * index file's header. Blocks are written as soon as they fill.
   */
  public StoredFieldsIndexWriter(DataOutput out) {
    if (out == null) {
      throw new IllegalArgumentException("out must not be null");
    }
    this.out = out;
  }

  /**
   * Records the next chunk: {@code numDocs >= 1} documents whose bytes start at {@code
   * startPointer} in the data file.
   *
   * @throws IllegalArgumentException if {@code numDocs < 1}, if {@code startPointer} is negative or
   *     smaller than the previous chunk's, or if the total would exceed {@link Integer#MAX_VALUE}
   *     documents
   * @throws IllegalStateException if {@link #finish} was called already
   */
  public void addChunk(int numDocs, long startPointer) throws IOException {
    if (finished) {
      throw new IllegalStateException("addChunk called after finish");
    }
    if (numDocs < 1) {
      throw new IllegalArgumentException("a chunk needs at least one document, got " + numDocs);
    }
    if (startPointer < 0) {
      throw new IllegalArgumentException("negative start pointer " + startPointer);
    }
    if (startPointer < lastStartPointer) {
      throw new IllegalArgumentException(
          "start pointer " + startPointer + " < previous start pointer " + lastStartPointer);
    }
    if (totalDocs + numDocs > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "more than " + Integer.MAX_VALUE + " documents: " + totalDocs + " + " + numDocs);
    }
    docBases[pendingChunks] = totalDocs;
    startPointers[pendingChunks] = startPointer;
    pendingChunks++;
    numChunks++;
    totalDocs += numDocs;
    lastStartPointer = startPointer;
    if (pendingChunks == BLOCK_CHUNKS) {
      writeBlock();
    }
  }

  /**
   * Writes the pending block, the end marker and {@code maxPointer}. The caller writes the footer
   * afterwards. The writer accepts no further calls.
   *
   * @param totalDocs the segment's document count; must equal the sum of all chunks' documents
   * @param maxPointer end of the last chunk in the data file; at least the last start pointer
   * @throws IllegalStateException if {@code totalDocs} does not match what was added, or if this
   *     method was called already
   * @throws IllegalArgumentException if {@code maxPointer} is negative or below the last start
   *     pointer
   */
  public void finish(int totalDocs, long maxPointer) throws IOException {
    if (finished) {
      throw new IllegalStateException("finish called twice");
    }
    if (totalDocs != this.totalDocs) {
      throw new IllegalStateException(
          "finish(" + totalDocs + ") but the chunks added hold " + this.totalDocs + " documents");
    }
    if (maxPointer < lastStartPointer) {
      throw new IllegalArgumentException(
          "max pointer " + maxPointer + " < last start pointer " + lastStartPointer);
    }
    finished = true;
    if (pendingChunks > 0) {
      writeBlock();
    }
    out.writeVInt(0); // end marker: a block never has n == 0
    out.writeVLong(maxPointer);
  }

  /** Number of chunks added so far. */
  public int numChunks() {
    return numChunks;
  }

  /** Heap used by this writer: its two fixed per-block buffers. */
  @Override
  public long ramBytesUsed() {
    return BASE_RAM_BYTES_USED
        + RamUsageEstimator.sizeOf(docBases)
        + RamUsageEstimator.sizeOf(startPointers);
  }

  private void writeBlock() throws IOException {
    final int n = pendingChunks;
    final long docBase = docBases[0];
    // Half-up rounding; any rounding would do since the deltas absorb the error.
    final long avgChunkDocs = n == 1 ? 0 : (docBases[n - 1] - docBase + (n - 1) / 2) / (n - 1);
    out.writeVInt(n);
    out.writeVInt((int) docBase);
    out.writeVInt((int) avgChunkDocs);
    writeDeltas(docBases, n, avgChunkDocs);

    final long startPointer = startPointers[0];
    final long avgChunkSize = n == 1 ? 0 : (startPointers[n - 1] - startPointer) / (n - 1);
    out.writeVLong(startPointer);
    out.writeVLong(avgChunkSize);
    writeDeltas(startPointers, n, avgChunkSize);

    pendingChunks = 0;
  }

  /**
   * Writes the bit width and the packed zig-zag deltas of {@code values[i] - values[0]} from {@code
   * avg * i}. No overflow: values are non-decreasing and non-negative, and {@code avg * i} never
   * exceeds {@code values[n-1] - values[0]}, so each difference fits a long.
   */
  private void writeDeltas(long[] values, int n, long avg) throws IOException {
    final long origin = values[0];
    long allBits = 0;
    for (int i = 0; i < n; i++) {
      allBits |= BitUtil.zigZagEncode(values[i] - origin - avg * i);
    }
    // The OR has the same highest bit as the largest (unsigned) value.
    final int bits = PackedInts.unsignedBitsRequired(allBits);
    out.writeVInt(bits);
    PackedInts.Writer writer =
        PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, n, bits, 1);
    for (int i = 0; i < n; i++) {
      writer.add(BitUtil.zigZagEncode(values[i] - origin - avg * i));
    }
    writer.finish();
  }
}
