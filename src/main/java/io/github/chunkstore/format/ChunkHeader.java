package io.github.chunkstore.format;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The header of one chunk (ChunkHeader, Preset and HeaderChecksum in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}): an instance is one reader's decoded header,
 * reused from chunk to chunk, and {@link Writer} encodes it. This class owns the order of the
 * header's fields, the counts, the preset and the checksum; each variable-length field is written
 * and read in a class of its own: {@link DocLengths}, {@link ShapeTable} and {@link BlockTable}.
 *
 * <p>Reading a chunk's header costs the header's bytes and its block table, never work per
 * document: the fields' packed values are skipped while reading and looked up in place afterwards.
 */
final class ChunkHeader {

  /**
   * Largest preset. The preset is stored raw in every chunk, and a compressor can only use as much
   * of it as its match window reaches: LZ4's is 64 KiB for preset and block together.
   */
  static final int MAX_PRESET_BYTES = 32 * 1024;

  // Zero bytes after the header: bulk-decoding packed lengths may read a few bytes past their end.
  private static final int PADDING = 32;

  private final DocLengths lengths = new DocLengths(this);
  private final ShapeTable shapes = new ShapeTable(this);
  private final BlockTable blocks = new BlockTable(this);

  private IndexInput data;
  private int chunk;
  private long chunkStart;

  /**
   * The first read of a header copies this much of its chunk, or a quarter more than the last
   * header of this instance took, doubling while the parse needs more.
   */
  private static final int MIN_PREFIX_BYTES = 4096;

  /** A header longer than this is damaged: every one of its fields is bounded far below. */
  private static final long MAX_PREFIX_BYTES = Integer.MAX_VALUE - 2 * PADDING;

  private final ChunkPrefixInput prefix = new ChunkPrefixInput();
  private int lastHeaderBytes;

  private byte[] bytes = new byte[0]; // ChunkHeader then Preset, as on disk, then PADDING zeros
  private int numDocs;
  private int presetOffset;
  private int presetLength;
  private int dictionaryId;

  /**
   * Reads and checks the header of the chunk at file offsets [start, end) that the chunk index says
   * holds {@code expectedDocs} documents. Lengths are range-checked as they are read (so a damaged
   * value is named even when checksums are off), then the checksum covers the rest.
   */
  void read(
      IndexInput in,
      int c,
      long start,
      long end,
      int expectedDocs,
      int blockBytes,
      Checksums checksums,
      VerifiedHeaders verified)
      throws IOException {
    data = in;
    chunk = c;
    chunkStart = start;
    long available = Math.min(end - start, MAX_PREFIX_BYTES);
    int copied = (int) Math.min(available, Math.max(MIN_PREFIX_BYTES, lastHeaderBytes * 5L / 4));
    copy(in, 0, copied);
    int numBlocks;
    while (true) {
      prefix.reset(bytes, copied, start, in.length());
      try {
        numBlocks = parse(prefix, expectedDocs, end);
        break;
      } catch (ChunkPrefixInput.NeedsMoreBytes e) {
        if (copied == available) {
          throw corrupt("has a header running past its end at offset " + end);
        }
        int more = (int) Math.min(available, 2L * copied);
        copy(in, copied, more);
        copied = more;
      } catch (CorruptIndexException e) {
        throw e;
      } catch (IOException e) {
        // The parse reads the copy, not the file: what fails is a malformed value in it.
        throw corrupt("has an invalid header: " + e.getMessage());
      }
    }
    long headerEnd = prefix.getFilePointer();
    long checksumAt = headerEnd + presetLength;
    if (checksumAt + Integer.BYTES > end) {
      throw corrupt("has a header and preset running past its end at offset " + end);
    }
    int length = (int) (checksumAt - start);
    if (length + Integer.BYTES > copied) {
      copy(in, copied, length + Integer.BYTES);
      copied = length + Integer.BYTES;
      prefix.reset(bytes, copied, start, in.length());
    }
    lastHeaderBytes = length + Integer.BYTES;
    prefix.seek(checksumAt);
    int checksum = prefix.readInt();
    Arrays.fill(bytes, length, length + PADDING, (byte) 0);
    if (!verified.contains(c)) {
      if (checksums.header(bytes, 0, length) != checksum) {
        throw corrupt("has a checksum mismatch in its header");
      }
      verified.add(c);
    }
    presetOffset = (int) (headerEnd - start);
    blocks.check(numBlocks, numDocs, start, checksumAt + Integer.BYTES, end, blockBytes);
  }

  /**
   * Parses the header's fields from {@code in}, positioned on the chunk's first byte; returns the
   * chunk's block count, which {@link BlockTable#check} verifies once the bytes are loaded.
   */
  private int parse(ChunkPrefixInput in, int expectedDocs, long end) throws IOException {
    int docs = in.readVInt();
    if (docs != expectedDocs) {
      throw corrupt("holds " + docs + " documents, index says " + expectedDocs);
    }
    int blockCount = in.readVInt();
    // A block takes at least five bytes: its checksum and one compressed byte.
    if (blockCount < 0 || (long) blockCount * 5 > end - chunkStart) {
      throw corrupt("has invalid block count " + blockCount);
    }
    int preset = in.readVInt();
    if (preset < 0 || preset > MAX_PRESET_BYTES || preset > end - chunkStart) {
      throw corrupt("has invalid preset length " + preset);
    }
    lengths.read(in, docs);
    shapes.read(in, docs, end);
    blocks.read(in, blockCount);
    dictionaryId = in.readInt(); // checked against the segment's dictionaries by the reader
    numDocs = docs;
    presetLength = preset;
    return blockCount;
  }

  /** Copies the chunk's bytes [from, to) into {@link #bytes}, keeping those before. */
  private void copy(IndexInput in, int from, int to) throws IOException {
    if (bytes.length < to + PADDING) {
      bytes = ArrayUtil.growExact(bytes, ArrayUtil.oversize(to + PADDING, 1));
    }
    in.seek(chunkStart + from);
    in.readBytes(bytes, from, to - from);
  }

  /**
   * Returns the offset of the packed values in {@link #bytes} and skips them in {@code in}, for the
   * fields that look their values up in place once the header's bytes are loaded.
   */
  int skipPacked(IndexInput in, int count, int bits, String what) throws IOException {
    if (bits > 31) {
      throw corrupt("has invalid " + what + " " + bits);
    }
    int offset = (int) (in.getFilePointer() - chunkStart);
    long byteCount = PackedInts.Format.PACKED.byteCount(PackedInts.VERSION_CURRENT, count, bits);
    if (byteCount > in.length() - in.getFilePointer()) {
      throw corrupt("has " + count + " packed values running past the end of the file");
    }
    in.seek(in.getFilePointer() + byteCount);
    return offset;
  }

  /** Positions {@code in} on document {@code i} of this chunk. */
  void seekDocument(ChunkInput in, int i) throws IOException {
    lengths.locate(i, blocks);
    long start = lengths.start();
    long length = lengths.length();
    long rawLength = blocks.rawLength();
    if (start + length > rawLength) {
      throw corrupt(
          "has document "
              + i
              + " ending at raw offset "
              + (start + length)
              + ", past its "
              + rawLength
              + " bytes");
    }
    shapes.seekDocument(i);
    in.seekDocument(start, start + length);
  }

  /** Raw length of the chunk: the sum of its blocks' raw lengths. */
  long rawLength() {
    return blocks.rawLength();
  }

  /** The chunk's blocks, for reading them. */
  BlockTable blocks() {
    return blocks;
  }

  /** The chunk's shapes; the document last sought's keys are there unless they are inline. */
  ShapeTable shapes() {
    return shapes;
  }

  long checkedLength(long length) throws CorruptIndexException {
    if (length < 0 || length > FieldEncoding.MAX_DOCUMENT_BYTES) {
      throw corrupt("has invalid document length " + length);
    }
    return length;
  }

  CorruptIndexException corrupt(String message) {
    return new CorruptIndexException(
        "chunk " + chunk + " at offset " + chunkStart + " " + message, data);
  }

  int numDocs() {
    return numDocs;
  }

  long chunkStart() {
    return chunkStart;
  }

  /**
   * The header's bytes as read; the preset is {@code [presetOffset, presetOffset + presetLength)}.
   */
  byte[] bytes() {
    return bytes;
  }

  int presetOffset() {
    return presetOffset;
  }

  int presetLength() {
    return presetLength;
  }

  /** The id of the dictionary the chunk's blocks were compressed with, 0 for none. */
  int dictionaryId() {
    return dictionaryId;
  }

  long ramBytesUsed() {
    return bytes.length + lengths.ramBytesUsed() + shapes.ramBytesUsed();
  }

  /** Drops the buffers (after a merge); they are reallocated if reading goes on. */
  void releaseBuffers() {
    bytes = new byte[0];
    lengths.releaseBuffers();
    blocks.release();
  }

  /**
   * Encodes chunk headers, {@code ChunkHeader --> ChunkDocs VInt, NumBlocks VInt, PresetLength
   * VInt, DocLengths, Shapes, BlockTable if NumBlocks > 0, DictionaryId Int32}, followed by the
   * Preset and the HeaderChecksum. Reused from chunk to chunk by one writer.
   */
  static final class Writer {

    private final ByteBuffersDataOutput out;
    private final BlockTable.Writer blockTable = new BlockTable.Writer();

    Writer(ByteBuffersDataOutput out) {
      this.out = out;
    }

    /**
     * Writes to {@code data} the header, preset and header checksum of a chunk of {@code docs}
     * documents of {@code lengths}, whose keys {@code shapes} has planned ({@link
     * DocumentShapes#plan}), cut into {@code numBlocks} blocks of {@code blockLengths} raw and
     * {@code compressedLengths} compressed bytes, against dictionary {@code dictionaryId} (0 for
     * none).
     */
    void write(
        DataOutput data,
        Checksums checksums,
        int docs,
        int[] lengths,
        DocumentShapes shapes,
        int numBlocks,
        int[] blockLengths,
        int[] compressedLengths,
        byte[] preset,
        int presetLength,
        int dictionaryId)
        throws IOException {
      out.reset();
      out.writeVInt(docs);
      out.writeVInt(numBlocks);
      out.writeVInt(presetLength);
      DocLengths.write(out, lengths, docs);
      ShapeTable.write(out, shapes);
      if (numBlocks > 0) {
        blockTable.write(out, lengths, docs, blockLengths, compressedLengths, numBlocks);
      }
      out.writeInt(dictionaryId);
      out.writeBytes(preset, 0, presetLength);
      byte[] bytes = out.toArrayCopy();
      data.writeBytes(bytes, 0, bytes.length);
      data.writeInt(checksums.header(bytes, 0, bytes.length));
    }

    long ramBytesUsed() {
      return out.ramBytesUsed() + blockTable.ramBytesUsed();
    }
  }
}
