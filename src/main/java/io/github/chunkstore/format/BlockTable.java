package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;

/**
 * The BlockTable field of a chunk header (BlockDocStarts, BlockRawStarts and BlockOffsets in the
 * grammar of {@code io.github.chunkstore.ChunkstoreStoredFieldsFormat}): {@link Writer} encodes it,
 * an instance decodes one reader's chunk after chunk and finds blocks by binary search.
 *
 * <p>The table is three packed arrays of NumBlocks + 1 cumulative values each. Block b holds
 * documents [docStart(b), docStart(b + 1)) (those starting in it), raw bytes [rawStart(b),
 * rawStart(b + 1)) and file bytes [firstBlockFp + offset(b), firstBlockFp + offset(b + 1)). Values
 * are read in place in the header's bytes, never decoded as a whole, so that loading a chunk costs
 * no work per block.
 */
final class BlockTable {

  private static final int DOCS = 0;
  private static final int RAW = 1;
  private static final int OFFSETS = 2;

  private final ChunkHeader header;
  private final int[] tableOffsets = new int[3];
  private final int[] tableBits = new int[3];
  // The header's bytes, held here so that a binary search's probes load them from this object.
  private byte[] bytes = new byte[0];
  private int numBlocks;
  private long firstBlockFp;
  private long chunkEnd;
  private int blockBytes;
  private long rawLength;

  BlockTable(ChunkHeader header) {
    this.header = header;
  }

  /** Skips the table of {@code blocks} blocks in {@code in}, noting where its arrays are. */
  void read(IndexInput in, int blocks) throws IOException {
    for (int t = 0; t < 3 && blocks > 0; t++) {
      tableBits[t] = in.readByte() & 0xFF;
      if (tableBits[t] == 0) {
        throw header.corrupt("has invalid bits per value 0 in its block table");
      }
      tableOffsets[t] =
          header.skipPacked(in, blocks + 1, tableBits[t], "bits per value in its block table");
    }
  }

  /**
   * Checks the totals of the table once the header's bytes are loaded: the blocks, starting at
   * {@code firstBlockFp}, must end at the chunk's {@code end} and hold at most {@code docs}
   * document starts and at most {@code blockBytes} raw bytes each.
   */
  void check(int blocks, int docs, long start, long firstBlockFp, long end, int blockBytes)
      throws CorruptIndexException {
    this.bytes = header.bytes();
    this.numBlocks = blocks;
    this.firstBlockFp = firstBlockFp;
    this.chunkEnd = end;
    this.blockBytes = blockBytes;
    if (blocks == 0) {
      rawLength = 0;
      if (firstBlockFp != end) {
        throw header.corrupt("has no blocks but bytes up to offset " + end);
      }
    } else {
      rawLength = value(RAW, blocks);
      long blocksEnd = firstBlockFp + value(OFFSETS, blocks);
      if (rawLength < blocks
          || rawLength > (long) blocks * blockBytes
          || blocksEnd != end
          || value(DOCS, blocks) > docs) {
        throw header.corrupt(
            "has a block table that does not match its "
                + docs
                + " documents and "
                + (end - start)
                + " bytes");
      }
    }
  }

  /** Value {@code index} (0..NumBlocks) of array {@code t}, by random access. */
  private long value(int t, int index) {
    return PackedValues.get(bytes, tableOffsets[t], tableBits[t], index);
  }

  int numBlocks() {
    return numBlocks;
  }

  /** Raw length of the chunk: the sum of its blocks' raw lengths. */
  long rawLength() {
    return rawLength;
  }

  int blockBytes() {
    return blockBytes;
  }

  /** The block holding raw offset {@code raw} (0 &lt;= raw &lt; rawLength), by binary search. */
  int blockContaining(long raw) {
    return lastBlockAtMost(RAW, raw);
  }

  /** The last block in which a document starts at or before document {@code i}. */
  int blockOf(int i) {
    return lastBlockAtMost(DOCS, i);
  }

  /** The last block b whose value in array {@code t} is at most {@code value}. */
  private int lastBlockAtMost(int t, long value) {
    int lo = 0;
    int hi = numBlocks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (value(t, mid) <= value) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The first document starting in block {@code b} (0..NumBlocks), not range-checked. */
  int docStart(int b) {
    return (int) value(DOCS, b);
  }

  /** Raw offset where block {@code b} (0..NumBlocks) starts, range-checked. */
  long blockRawStart(int b) throws CorruptIndexException {
    long raw = value(RAW, b);
    if (raw < 0 || raw > rawLength) {
      throw header.corrupt(
          "has block "
              + b
              + " starting at raw offset "
              + raw
              + ", outside its "
              + rawLength
              + " bytes");
    }
    return raw;
  }

  /** File offset of block {@code b}'s checksum (b = NumBlocks: the chunk's end), range-checked. */
  long blockFp(int b) throws CorruptIndexException {
    long fp = firstBlockFp + value(OFFSETS, b);
    if (fp < firstBlockFp || fp > chunkEnd) {
      throw header.corrupt("has block " + b + " at file offset " + fp + ", outside its bytes");
    }
    return fp;
  }

  /** Forgets the table (after a merge, when the header's bytes are dropped). */
  void release() {
    bytes = new byte[0];
    numBlocks = 0;
  }

  /** Encodes block tables, reusing its buffers from chunk to chunk. */
  static final class Writer {

    private int[] blockDocs = new int[16];
    private int[] cumulative = new int[16];

    /**
     * Per block, cumulative from 0, the documents that start before it, its raw start and its
     * offset from the first block's checksum, each with the chunk's totals last, so that a reader
     * finds any block by binary search without decoding the table. A document starts in the block
     * holding its first byte; a large document's continuation slices hold no start, and empty
     * documents after the chunk's last byte start in no block.
     */
    void write(
        DataOutput out,
        int[] lengths,
        int docs,
        int[] blockLengths,
        int[] compressedLengths,
        int numBlocks)
        throws IOException {
      blockDocs = ArrayUtil.grow(blockDocs, numBlocks + 1);
      int b = 0;
      long blockEnd = blockLengths[0];
      long start = 0;
      int started = 0;
      blockDocs[0] = 0;
      for (int i = 0; i < docs; i++) {
        while (b < numBlocks && start >= blockEnd) {
          blockDocs[++b] = started;
          if (b < numBlocks) {
            blockEnd += blockLengths[b];
          }
        }
        if (b == numBlocks) {
          break;
        }
        started++;
        start += lengths[i];
      }
      while (b < numBlocks) {
        blockDocs[++b] = started;
      }
      PackedValues.write(out, blockDocs, numBlocks + 1);
      cumulative = ArrayUtil.grow(cumulative, numBlocks + 1);
      for (int i = 0; i < numBlocks; i++) {
        cumulative[i + 1] = cumulative[i] + blockLengths[i];
      }
      PackedValues.write(out, cumulative, numBlocks + 1);
      for (int i = 0; i < numBlocks; i++) {
        cumulative[i + 1] = cumulative[i] + Integer.BYTES + compressedLengths[i];
      }
      PackedValues.write(out, cumulative, numBlocks + 1);
    }

    long ramBytesUsed() {
      return 4L * (blockDocs.length + cumulative.length);
    }
  }
}
