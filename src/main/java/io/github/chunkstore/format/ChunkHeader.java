package io.github.chunkstore.format;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The header of one chunk (ChunkHeader, Preset and HeaderChecksum in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}): an instance is one reader's decoded header,
 * reused from chunk to chunk, and {@link Writer} encodes it, so that every field of the layout is
 * written and read in this file.
 *
 * <p>Reading a chunk's header costs the header's bytes and its block table, never work per
 * document: a random read decodes only the lengths of the documents that start in its block before
 * it, because a chunk may hold thousands of documents. From the second document read in the same
 * chunk on (a scan or a merge), all offsets are decoded once and reads are O(1).
 */
final class ChunkHeader {

  /**
   * Largest preset. The preset is stored raw in every chunk, and a compressor can only use as much
   * of it as its match window reaches: LZ4's is 64 KiB for preset and block together.
   */
  static final int MAX_PRESET_BYTES = 32 * 1024;

  // Zero bytes after the header: bulk-decoding packed lengths may read a few bytes past their end.
  private static final int PADDING = 32;

  private IndexInput data;
  private int chunk;
  private long chunkStart;

  private byte[] bytes = new byte[0]; // ChunkHeader then Preset, as on disk, then PADDING zeros
  private int numDocs;
  private int numBlocks;
  private int presetOffset;
  private int presetLength;

  private int lengthBits; // 0: every document has equalLength bytes; else packed at lengthsOffset
  private long equalLength;
  private int lengthsOffset;

  // Shapes (see DocumentShapes): shape s has keys shapeKeys[shapeStarts[s], shapeStarts[s + 1]).
  private int numShapes;
  private long[] shapeKeys = new long[0];
  private int[] shapeStarts = new int[1];
  private int shapeIdBits; // 0: every document has shape 0 (when numShapes > 0)
  private int shapeIdsOffset;
  private int docShape; // of the document last sought: a shape, or -1 for inline keys

  // The block table: three packed arrays of NumBlocks + 1 cumulative values each. Block b holds
  // documents [docStart(b), docStart(b + 1)) (those starting in it), raw bytes [rawStart(b),
  // rawStart(b + 1)) and file bytes [firstBlockFp + offset(b), firstBlockFp + offset(b + 1)).
  private static final int DOCS = 0;
  private static final int RAW = 1;
  private static final int OFFSETS = 2;
  private final int[] tableOffsets = new int[3];
  private final int[] tableBits = new int[3];
  private long firstBlockFp;
  private long chunkEnd;
  private int blockBytes;
  private long rawLength;

  private int reads; // documents read in this chunk so far
  private long[] docOffsets = new long[0]; // all of them, once reads > 1
  private long[] decoded = new long[0];

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
    reads = 0;
    in.seek(start);
    int docs = in.readVInt();
    if (docs != expectedDocs) {
      throw corrupt("holds " + docs + " documents, index says " + expectedDocs);
    }
    int blocks = in.readVInt();
    // A block takes at least five bytes: its checksum and one compressed byte.
    if (blocks < 0 || (long) blocks * 5 > end - start) {
      throw corrupt("has invalid block count " + blocks);
    }
    int preset = in.readVInt();
    if (preset < 0 || preset > MAX_PRESET_BYTES || preset > end - start) {
      throw corrupt("has invalid preset length " + preset);
    }
    if (docs == 1) {
      lengthBits = 0;
      equalLength = checkedLength(in.readVInt());
    } else {
      lengthBits = in.readByte() & 0xFF;
      if (lengthBits == 0) {
        equalLength = checkedLength(in.readVInt());
      } else {
        lengthsOffset = skipPacked(in, docs, lengthBits, "bits per length");
      }
    }
    readShapes(in, docs, end);
    for (int t = 0; t < 3 && blocks > 0; t++) {
      tableBits[t] = in.readByte() & 0xFF;
      if (tableBits[t] == 0) {
        throw corrupt("has invalid bits per value 0 in its block table");
      }
      tableOffsets[t] =
          skipPacked(in, blocks + 1, tableBits[t], "bits per value in its block table");
    }
    long headerEnd = in.getFilePointer();
    long checksumAt = headerEnd + preset;
    if (checksumAt + Integer.BYTES > end) {
      throw corrupt("has a header and preset running past its end at offset " + end);
    }
    int length = (int) (checksumAt - start);
    if (bytes.length < length + PADDING) {
      bytes = new byte[ArrayUtil.oversize(length + PADDING, 1)];
    }
    in.seek(start);
    in.readBytes(bytes, 0, length);
    Arrays.fill(bytes, length, length + PADDING, (byte) 0);
    int checksum = in.readInt();
    if (!verified.contains(c)) {
      if (checksums.header(bytes, 0, length) != checksum) {
        throw corrupt("has a checksum mismatch in its header");
      }
      verified.add(c);
    }
    numDocs = docs;
    numBlocks = blocks;
    presetOffset = (int) (headerEnd - start);
    presetLength = preset;
    firstBlockFp = checksumAt + Integer.BYTES;
    chunkEnd = end;
    this.blockBytes = blockBytes;
    if (blocks == 0) {
      rawLength = 0;
      if (firstBlockFp != end) {
        throw corrupt("has no blocks but bytes up to offset " + end);
      }
    } else {
      rawLength = tableValue(RAW, blocks);
      long blocksEnd = firstBlockFp + tableValue(OFFSETS, blocks);
      if (rawLength < blocks
          || rawLength > (long) blocks * blockBytes
          || blocksEnd != end
          || tableValue(DOCS, blocks) > docs) {
        throw corrupt(
            "has a block table that does not match its "
                + docs
                + " documents and "
                + (end - start)
                + " bytes");
      }
    }
  }

  /**
   * Reads the Shapes table, bounded by {@link DocumentShapes#MAX_SHAPES} and MAX_SHAPE_KEYS. A
   * split FieldKey takes two entries of {@link #shapeKeys}: the key, then where its Template is
   * ({@link #templateRef}), checked here against {@link JsonKeys}' bounds and the chunk's end.
   */
  private void readShapes(IndexInput in, int docs, long end) throws IOException {
    int shapes = in.readVInt();
    if (shapes < 0 || shapes > DocumentShapes.MAX_SHAPES) {
      throw corrupt("has invalid shape count " + shapes);
    }
    shapeStarts = ArrayUtil.grow(shapeStarts, shapes + 1);
    int total = 0;
    for (int s = 0; s < shapes; s++) {
      int keys = in.readVInt();
      if (keys < 0 || keys > DocumentShapes.MAX_SHAPE_KEYS) {
        throw corrupt("has invalid key count " + keys + " in shape " + s);
      }
      shapeKeys = ArrayUtil.grow(shapeKeys, total + 2 * keys);
      for (int k = 0; k < keys; k++) {
        long key = in.readVLong();
        shapeKeys[total++] = key;
        if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
          shapeKeys[total++] = skipTemplate(in, s, end);
        }
      }
      shapeStarts[s + 1] = total;
    }
    numShapes = shapes;
    shapeIdBits = 0;
    if (shapes > 0) {
      shapeIdBits = in.readByte() & 0xFF;
      if (shapeIdBits > 0) {
        shapeIdsOffset = skipPacked(in, docs, shapeIdBits, "bits per shape id");
      }
    }
  }

  /**
   * Skips a Template (see {@link JsonKeys}) after checking its bounds; returns its {@link
   * #templateRef}.
   */
  private long skipTemplate(IndexInput in, int shape, long end) throws IOException {
    long start = in.getFilePointer();
    int members = in.readByte() & 0xFF;
    if (members < 1 || members > JsonKeys.MAX_MEMBERS) {
      throw corrupt("has invalid member count " + members + " in a template of shape " + shape);
    }
    long keyBytes = 0;
    for (int m = 0; m < members; m++) {
      int length = in.readVInt();
      keyBytes += length;
      if (length < 0 || keyBytes > JsonKeys.MAX_KEY_BYTES || in.getFilePointer() + length > end) {
        throw corrupt("has invalid key length " + length + " in a template of shape " + shape);
      }
      in.skipBytes(length);
    }
    return templateRef(start - chunkStart, in.getFilePointer() - start);
  }

  /**
   * A split key's second entry in {@link #shapeKeys}: its Template's offset in {@link #bytes} and
   * length, packed into one long.
   */
  static long templateRef(long offset, long length) {
    return offset << 32 | length;
  }

  static int templateStart(long ref) {
    return (int) (ref >>> 32);
  }

  static int templateLength(long ref) {
    return (int) ref;
  }

  /** Returns the offset of the packed values in {@link #bytes} and skips them in {@code in}. */
  private int skipPacked(IndexInput in, int count, int bits, String what) throws IOException {
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

  /** Value {@code index} (0..NumBlocks) of block-table array {@code t}, by random access. */
  private long tableValue(int t, int index) {
    return packedValue(tableOffsets[t], tableBits[t], index);
  }

  /**
   * Value {@code index} of the packed array at {@code offset} in {@link #bytes}, by random access.
   */
  private long packedValue(int offset, int bits, int index) {
    return PackedValues.get(bytes, offset, bits, index);
  }

  /** Raw length of the chunk: the sum of its blocks' raw lengths. */
  long rawLength() {
    return rawLength;
  }

  /** The block holding raw offset {@code raw} (0 &lt;= raw &lt; rawLength), by binary search. */
  int blockContaining(long raw) {
    return lastBlockAtMost(RAW, raw);
  }

  /** The last block b whose value in block-table array {@code t} is at most {@code value}. */
  private int lastBlockAtMost(int t, long value) {
    int lo = 0;
    int hi = numBlocks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (tableValue(t, mid) <= value) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Raw offset where block {@code b} (0..NumBlocks) starts, range-checked. */
  long blockRawStart(int b) throws CorruptIndexException {
    long raw = tableValue(RAW, b);
    if (raw < 0 || raw > rawLength) {
      throw corrupt(
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
    long fp = firstBlockFp + tableValue(OFFSETS, b);
    if (fp < firstBlockFp || fp > chunkEnd) {
      throw corrupt("has block " + b + " at file offset " + fp + ", outside its bytes");
    }
    return fp;
  }

  int blockBytes() {
    return blockBytes;
  }

  /**
   * Values [from, to) of the packed array at {@code offset}, in the returned array from index 0 on.
   */
  private long[] decode(int offset, int bits, int from, int to) {
    PackedInts.Decoder decoder =
        PackedInts.getDecoder(PackedInts.Format.PACKED, PackedInts.VERSION_CURRENT, bits);
    int perIteration = decoder.byteValueCount();
    int firstIteration = from / perIteration;
    int iterations = (to - 1) / perIteration - firstIteration + 1;
    if (decoded.length < iterations * perIteration) {
      decoded = new long[ArrayUtil.oversize(iterations * perIteration, Long.BYTES)];
    }
    decoder.decode(
        bytes, offset + firstIteration * decoder.byteBlockCount(), decoded, 0, iterations);
    int shift = from - firstIteration * perIteration;
    if (shift > 0) {
      System.arraycopy(decoded, shift, decoded, 0, to - from);
    }
    return decoded;
  }

  /** Positions {@code in} on document {@code i} of this chunk. */
  void seekDocument(ChunkInput in, int i) throws IOException {
    long start;
    long length;
    if (lengthBits == 0) {
      start = i * equalLength;
      length = equalLength;
    } else if (++reads > 1) {
      if (reads == 2) {
        decodeAllOffsets(rawLength);
      }
      start = docOffsets[i];
      length = docOffsets[i + 1] - start;
    } else if (i >= tableValue(DOCS, numBlocks)) {
      start = rawLength; // an empty document after the chunk's last byte
      length = checkedLength(decode(lengthsOffset, lengthBits, i, i + 1)[0]);
    } else {
      int b = blockOf(i);
      int first = (int) tableValue(DOCS, b);
      if (first < 0 || first > i) {
        throw corrupt(
            "has block " + b + " starting at document " + first + ", not at or before " + i);
      }
      long[] lengths = decode(lengthsOffset, lengthBits, first, i + 1);
      start = blockRawStart(b);
      for (int j = 0; j < i - first; j++) {
        start += checkedLength(lengths[j]);
      }
      length = checkedLength(lengths[i - first]);
    }
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
    docShape = -1;
    if (numShapes > 0) {
      long id = shapeIdBits == 0 ? 0 : packedValue(shapeIdsOffset, shapeIdBits, i);
      if (id > numShapes) {
        throw corrupt("has document " + i + " with shape " + id + " of " + numShapes);
      }
      docShape = id == numShapes ? -1 : (int) id;
    }
    in.seekDocument(start, start + length);
  }

  /** Keys of the shapes: the document last sought has {@code [keysFrom(), keysTo())} of them. */
  long[] shapeKeys() {
    return shapeKeys;
  }

  /** Where the last sought document's keys start in {@link #shapeKeys}; -1 if they are inline. */
  int keysFrom() {
    return docShape < 0 ? -1 : shapeStarts[docShape];
  }

  int keysTo() {
    return docShape < 0 ? -1 : shapeStarts[docShape + 1];
  }

  /** The last block in which a document starts at or before document {@code i}. */
  private int blockOf(int i) {
    return lastBlockAtMost(DOCS, i);
  }

  private void decodeAllOffsets(long rawLength) throws CorruptIndexException {
    if (docOffsets.length < numDocs + 1) {
      docOffsets = new long[ArrayUtil.oversize(numDocs + 1, Long.BYTES)];
    }
    long[] lengths = decode(lengthsOffset, lengthBits, 0, numDocs);
    docOffsets[0] = 0;
    for (int i = 0; i < numDocs; i++) {
      docOffsets[i + 1] = docOffsets[i] + checkedLength(lengths[i]);
    }
    if (docOffsets[numDocs] != rawLength) {
      throw corrupt(
          "has documents of " + docOffsets[numDocs] + " bytes in all but blocks of " + rawLength);
    }
  }

  private long checkedLength(long length) throws CorruptIndexException {
    if (length < 0 || length > FieldEncoding.MAX_DOCUMENT_BYTES) {
      throw corrupt("has invalid document length " + length);
    }
    return length;
  }

  private CorruptIndexException corrupt(String message) {
    return new CorruptIndexException(
        "chunk " + chunk + " at offset " + chunkStart + " " + message, data);
  }

  int numDocs() {
    return numDocs;
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

  long ramBytesUsed() {
    return bytes.length
        + 8L * (docOffsets.length + decoded.length + shapeKeys.length)
        + 4L * shapeStarts.length;
  }

  /** Drops the buffers (after a merge); they are reallocated if reading goes on. */
  void releaseBuffers() {
    bytes = new byte[0];
    docOffsets = new long[0];
    decoded = new long[0];
    numBlocks = 0;
  }

  /**
   * Encodes chunk headers, {@code ChunkHeader --> NumDocs VInt, NumBlocks VInt, PresetLength VInt,
   * DocLengths, Shapes, BlockTable if NumBlocks > 0}, followed by the Preset and the
   * HeaderChecksum. Reused from chunk to chunk by one writer.
   */
  static final class Writer {

    private final ByteBuffersDataOutput out;
    private int[] blockDocs = new int[16];
    private int[] cumulative = new int[16];

    Writer(ByteBuffersDataOutput out) {
      this.out = out;
    }

    /**
     * Writes to {@code data} the header, preset and header checksum of a chunk of {@code docs}
     * documents of {@code lengths}, whose keys {@code shapes} has planned ({@link
     * DocumentShapes#plan}), cut into {@code numBlocks} blocks of {@code blockLengths} raw and
     * {@code compressedLengths} compressed bytes.
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
        int presetLength)
        throws IOException {
      out.reset();
      out.writeVInt(docs);
      out.writeVInt(numBlocks);
      out.writeVInt(presetLength);
      writeLengths(lengths, docs);
      writeShapes(shapes);
      if (numBlocks > 0) {
        writeBlockTable(lengths, docs, blockLengths, compressedLengths, numBlocks);
      }
      out.writeBytes(preset, 0, presetLength);
      byte[] bytes = out.toArrayCopy();
      data.writeBytes(bytes, 0, bytes.length);
      data.writeInt(checksums.header(bytes, 0, bytes.length));
    }

    /**
     * {@code DocLengths}: one VInt for one document, else 0 and a VInt if all are equal, else
     * packed.
     */
    private void writeLengths(int[] lengths, int docs) throws IOException {
      if (docs == 1) {
        out.writeVInt(lengths[0]);
        return;
      }
      boolean allEqual = true;
      for (int i = 1; i < docs && allEqual; i++) {
        allEqual = lengths[i] == lengths[0];
      }
      if (allEqual) {
        out.writeByte((byte) 0);
        out.writeVInt(lengths[0]);
        return;
      }
      writePacked(out, lengths, docs);
    }

    /**
     * {@code Shapes --> NumShapes VInt, (NumKeys VInt, (FieldKey VLong, Template if
     * split)^NumKeys)^NumShapes} and, if NumShapes &gt; 0, {@code BitsPerShapeId Byte} followed
     * (unless 0) by every document's shape id packed at that many bits (id NumShapes: inline keys).
     */
    private void writeShapes(DocumentShapes shapes) throws IOException {
      int numShapes = shapes.numShapes();
      out.writeVInt(numShapes);
      for (int s = 0; s < numShapes; s++) {
        int doc = shapes.shapeDocument(s);
        int keys = shapes.keyCount(doc);
        int fieldKeys = 0;
        for (int k = 0; k < keys; k++, fieldKeys++) {
          if (FieldEncoding.type(shapes.key(doc, k)) == FieldEncoding.SPLIT_OBJECT) {
            k++; // the template id
          }
        }
        out.writeVInt(fieldKeys);
        for (int k = 0; k < keys; k++) {
          long key = shapes.key(doc, k);
          out.writeVLong(key);
          if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
            BytesRef template = shapes.templateBytes((int) shapes.key(doc, ++k));
            out.writeBytes(template.bytes, template.offset, template.length);
          }
        }
      }
      if (numShapes == 0) {
        return;
      }
      int docs = shapes.numDocs();
      int max = 0;
      for (int d = 0; d < docs; d++) {
        max = Math.max(max, shapes.shapeId(d));
      }
      int bits = max == 0 ? 0 : PackedInts.bitsRequired(max);
      out.writeByte((byte) bits);
      if (bits > 0) {
        PackedInts.Writer packed =
            PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, docs, bits, 1);
        for (int d = 0; d < docs; d++) {
          packed.add(shapes.shapeId(d));
        }
        packed.finish();
      }
    }

    /**
     * {@code BlockTable}: per block, cumulative from 0, the documents that start before it, its raw
     * start and its offset from the first block's checksum, each with the chunk's totals last, so
     * that a reader finds any block by binary search without decoding the table. A document starts
     * in the block holding its first byte; a large document's continuation slices hold no start,
     * and empty documents after the chunk's last byte start in no block.
     */
    private void writeBlockTable(
        int[] lengths, int docs, int[] blockLengths, int[] compressedLengths, int numBlocks)
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
      writePacked(out, blockDocs, numBlocks + 1);
      cumulative = ArrayUtil.grow(cumulative, numBlocks + 1);
      for (int i = 0; i < numBlocks; i++) {
        cumulative[i + 1] = cumulative[i] + blockLengths[i];
      }
      writePacked(out, cumulative, numBlocks + 1);
      for (int i = 0; i < numBlocks; i++) {
        cumulative[i + 1] = cumulative[i] + Integer.BYTES + compressedLengths[i];
      }
      writePacked(out, cumulative, numBlocks + 1);
    }

    /**
     * {@code BitsPerValue Byte, PackedInts.Format.PACKED values}, as the reader's skipPacked reads
     * them.
     */
    private static void writePacked(DataOutput out, int[] values, int count) throws IOException {
      int max = 0;
      for (int i = 0; i < count; i++) {
        max = Math.max(max, values[i]);
      }
      int bits = PackedInts.bitsRequired(max);
      out.writeByte((byte) bits);
      PackedInts.Writer packed =
          PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, count, bits, 1);
      for (int i = 0; i < count; i++) {
        packed.add(values[i]);
      }
      packed.finish();
    }

    long ramBytesUsed() {
      return out.ramBytesUsed() + 4L * (blockDocs.length + cumulative.length);
    }
  }
}
