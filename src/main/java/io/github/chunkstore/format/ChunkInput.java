package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockDecompressor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;

/**
 * Reads the uncompressed bytes of one chunk ("raw" positions), decompressing its blocks only when a
 * read reaches them and keeping the last decompressed block, so that documents read in order or
 * from the same block cost one decompression. A document larger than a block spans several blocks
 * (slices) and is streamed through a buffer of one block, never held compressed or whole.
 *
 * <p>Where each block starts, raw and in the file, comes from the chunk header's block table
 * (decoded and range-checked by the reader), so a read goes straight to its block. Every block's
 * checksum is verified before it is decompressed, so damaged files end in {@link
 * CorruptIndexException}.
 *
 * <p>The first read in a block decompresses it only up to the end of the document being read (where
 * the codec can stop early): a random fetch pays for about half a block. A second read beyond that
 * prefix, as in a sequential scan, decompresses the whole block once, from the compressed bytes
 * still in memory.
 */
final class ChunkInput extends DataInput {

  private IndexInput data;
  private BlockDecompressor decompressor;
  private boolean verifyBlocks;

  private int chunk;
  private long chunkStart;
  private long rawLength;
  private BlockTable blocks; // of the reader's header, decoded for this chunk

  // block[0, base) holds the chunk's preset, if any: LZ4 decompresses right after it, no copy.
  // block[base, base + blockLen) holds raw bytes [blockRaw, blockRaw + blockLen), a prefix of the
  // block's blockRawLen bytes, whose compressed form is compressed[0, blockCompLen).
  private byte[] block = new byte[0];
  private int base;
  private int blockLen;
  private int blockRawLen;
  private int blockCompLen;
  private int blockIndex;
  private long blockRaw = -1;
  private byte[] compressed = new byte[0];
  private final Checksums checksums = new Checksums();
  private byte[] scratch = new byte[0];

  // Reading happens in block[pos, limit) (absolute indexes, so pos >= base while a block is
  // loaded); when that window is empty (limit == 0), `pendingRaw` says where to resume.
  private int pos;
  private int limit;
  private long pendingRaw;

  private long documentEnd;

  /**
   * Reads from now on through {@code data} (one reader's), forgetting any block held; {@link
   * #startChunk} follows before the next read. {@code verifyBlocks} is false only in tests that
   * read without checksums.
   */
  void bind(IndexInput data, boolean verifyBlocks) {
    this.data = data;
    this.decompressor = null;
    this.verifyBlocks = verifyBlocks;
    blockRaw = -1;
    blockLen = blockRawLen = 0;
    pos = limit = 0;
  }

  /**
   * Starts reading a chunk whose header the reader has just decoded into {@code header}, and whose
   * blocks {@code decompressor} (one reader's, for the dictionary the chunk names) decompresses.
   */
  void startChunk(int chunk, long chunkStart, ChunkHeader header, BlockDecompressor decompressor) {
    this.chunk = chunk;
    this.decompressor = decompressor;
    this.chunkStart = chunkStart;
    this.blocks = header.blocks();
    this.rawLength = blocks.rawLength();
    blockRaw = -1;
    blockLen = blockRawLen = 0;
    pos = limit = 0;
    pendingRaw = 0;
  }

  boolean supportsPreset() {
    return decompressor.supportsPreset();
  }

  /**
   * The chunk's preset (see {@link BlockDecompressor#supportsPreset}); call after {@link
   * #startChunk}.
   */
  void setPreset(byte[] bytes, int offset, int length) {
    int size = length + blocks.blockBytes() + BlockDecompressor.OUTPUT_SLACK;
    if (block.length < size) {
      // Fresh rather than grown: nothing in it is kept.
      block = new byte[ArrayUtil.oversize(size, 1)];
    }
    System.arraycopy(bytes, offset, block, 0, length);
    base = length;
  }

  /** Positions on the document stored at raw bytes [start, end) of the chunk. */
  void seekDocument(long start, long end) {
    documentEnd = end;
    seekRaw(start);
  }

  long documentEnd() {
    return documentEnd;
  }

  long remainingInDocument() {
    return documentEnd - rawPosition();
  }

  long rawPosition() {
    return limit > 0 ? blockRaw + (pos - base) : pendingRaw;
  }

  /** Moves to a raw position, lazily: nothing is decompressed until a byte is read there. */
  void seekRaw(long raw) {
    if (blockRaw >= 0 && raw >= blockRaw && raw < blockRaw + blockLen) {
      pos = base + (int) (raw - blockRaw);
      limit = base + blockLen;
    } else {
      pendingRaw = raw;
      pos = limit = 0;
    }
  }

  @Override
  public byte readByte() throws IOException {
    if (pos == limit) {
      refill();
    }
    return block[pos++];
  }

  // VInts and VLongs are most of a document's bytes (field keys, lengths, numbers): decode them
  // straight from the block when it surely holds them, instead of one readByte call per byte.
  @Override
  public int readVInt() throws IOException {
    if (limit - pos < 5) {
      return super.readVInt();
    }
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = block[pos++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw corrupt("invalid VInt ending at raw offset " + rawPosition());
  }

  @Override
  public long readVLong() throws IOException {
    if (limit - pos < 10) {
      return super.readVLong();
    }
    long value = 0;
    // Up to 10 bytes: readZLong's zigzag values use all 64 bits.
    for (int shift = 0; shift <= 63; shift += 7) {
      byte b = block[pos++];
      value |= (b & 0x7FL) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw corrupt("invalid VLong ending at raw offset " + rawPosition());
  }

  @Override
  public void readBytes(byte[] b, int offset, int len) throws IOException {
    while (len > 0) {
      if (pos == limit) {
        refill();
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(block, pos, b, offset, n);
      pos += n;
      offset += n;
      len -= n;
    }
  }

  @Override
  public void skipBytes(long numBytes) {
    if (numBytes < 0) {
      throw new IllegalArgumentException("numBytes must be >= 0, got " + numBytes);
    }
    seekRaw(rawPosition() + numBytes);
  }

  /** Reads {@code length} UTF-8 bytes as a String, straight from the block when it holds them. */
  String readUtf8(int length) throws IOException {
    if (limit - pos >= length) {
      String s = new String(block, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }
    if (scratch.length < length) {
      scratch = new byte[ArrayUtil.oversize(length, 1)];
    }
    readBytes(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  /** Heap held by the reusable buffers. */
  long ramBytesUsed() {
    return (long) block.length + compressed.length + scratch.length;
  }

  /** Drops the buffers (after a merge); they are reallocated if reading goes on. */
  void releaseBuffers() {
    block = new byte[0];
    base = 0;
    compressed = new byte[0];
    scratch = new byte[0];
    blockRaw = -1;
    blockLen = blockRawLen = 0;
    pos = limit = 0;
  }

  CorruptIndexException corrupt(String message) {
    return new CorruptIndexException(
        message + " (chunk " + chunk + " at file offset " + chunkStart + ")", data);
  }

  CorruptIndexException corrupt(String message, Throwable cause) {
    return new CorruptIndexException(
        message + " (chunk " + chunk + " at file offset " + chunkStart + ")", data, cause);
  }

  /** Makes the block holding the current raw position readable. */
  private void refill() throws IOException {
    long target = rawPosition();
    if (target >= rawLength) {
      throw corrupt("read past the end of the chunk's " + rawLength + " bytes");
    }
    if (blockRaw >= 0 && target >= blockRaw && target < blockRaw + blockRawLen) {
      if (target >= blockRaw + blockLen) {
        long raw = blockRaw;
        decompressCached(blockRawLen); // read on past the prefix: now the whole block
        blockRaw = raw;
      }
    } else {
      loadBlockContaining(target);
    }
    pos = base + (int) (target - blockRaw);
    limit = base + blockLen;
  }

  private void loadBlockContaining(long target) throws IOException {
    int b = blocks.blockContaining(target);
    long start = blocks.blockRawStart(b);
    long rawLen = blocks.blockRawStart(b + 1) - start;
    long fp = blocks.blockFp(b);
    long compLen = blocks.blockFp(b + 1) - fp - Integer.BYTES;
    if (target < start || rawLen < 1 || rawLen > blocks.blockBytes() || target >= start + rawLen) {
      throw corrupt(
          "block "
              + b
              + " of raw length "
              + rawLen
              + " at raw offset "
              + start
              + " cannot hold raw offset "
              + target);
    }
    if (compLen < 1) {
      throw corrupt("block " + b + " has invalid compressed length " + compLen);
    }
    data.seek(fp);
    int checksum = data.readInt();
    // Up to the document's end (at least the byte asked for), within this block.
    long needed = Math.max(documentEnd, target + 1) - start;
    load(
        b,
        fp + Integer.BYTES,
        (int) compLen,
        (int) rawLen,
        checksum,
        (int) Math.min(rawLen, needed));
    blockRaw = start;
  }

  /** Reads and verifies a block's compressed bytes, then decompresses at least {@code needed}. */
  private void load(int b, long payload, int compLen, int rawLen, int checksum, int needed)
      throws IOException {
    if (compressed.length < compLen) {
      compressed = new byte[ArrayUtil.oversize(compLen, 1)];
    }
    blockRaw = -1; // the buffers are about to be overwritten
    blockLen = blockRawLen = 0;
    data.seek(payload);
    data.readBytes(compressed, 0, compLen);
    if (verifyBlocks && checksums.block(compressed, 0, compLen, rawLen) != checksum) {
      throw corrupt("checksum mismatch in block " + b + " at file offset " + payload);
    }
    blockIndex = b;
    blockCompLen = compLen;
    blockRawLen = rawLen;
    decompressCached(needed);
  }

  /** Decompresses the block whose verified compressed bytes are in {@code compressed}. */
  private void decompressCached(int needed) throws IOException {
    blockRaw = -1; // invalid until the buffer is complete again
    int size = base + blockRawLen + BlockDecompressor.OUTPUT_SLACK; // see OUTPUT_SLACK
    if (block.length < size) {
      block = ArrayUtil.grow(block, size); // keeps the preset
    }
    int produced;
    try {
      produced =
          decompressor.decompress(compressed, 0, blockCompLen, block, base, blockRawLen, needed);
    } catch (IOException | RuntimeException e) {
      throw corrupt("cannot decompress block " + blockIndex + ": " + e, e);
    }
    if (produced < needed
        || produced > blockRawLen
        || (needed == blockRawLen && produced != blockRawLen)) {
      throw corrupt(
          "block "
              + blockIndex
              + " decompressed to "
              + produced
              + " bytes, expected "
              + blockRawLen);
    }
    blockLen = produced;
  }
}
