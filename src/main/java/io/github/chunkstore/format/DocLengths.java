package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The DocLengths field of a chunk header (grammar in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}): {@link #write} encodes it, an instance
 * decodes one reader's chunk after chunk, and {@link #locate} finds where a document's raw bytes
 * are.
 *
 * <p>A random read decodes only the lengths of the documents that start in its block before it,
 * because a chunk may hold thousands of documents. From the second document read in the same chunk
 * on (a scan or a merge), all offsets are decoded once and reads are O(1).
 */
final class DocLengths {

  private final ChunkHeader header;

  private int lengthBits; // 0: every document has equalLength bytes; else packed at lengthsOffset
  private long equalLength;
  private int lengthsOffset;

  private int reads; // documents located in this chunk so far
  private long[] docOffsets = new long[0]; // all of them, once reads > 1
  private long[] decoded = new long[0];

  // Of the document last located: where its raw bytes start, and how many there are.
  private long start;
  private long length;

  DocLengths(ChunkHeader header) {
    this.header = header;
  }

  /**
   * {@code DocLengths}: one VInt for one document, else 0 and a VInt if all are equal, else packed.
   */
  static void write(DataOutput out, int[] lengths, int docs) throws IOException {
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
    PackedValues.write(out, lengths, docs);
  }

  /**
   * Reads the field of a chunk of {@code docs} documents from {@code in}, range-checking a VInt
   * length and skipping packed ones, which {@link #locate} reads in the header's bytes.
   */
  void read(IndexInput in, int docs) throws IOException {
    reads = 0;
    if (docs == 1) {
      lengthBits = 0;
      equalLength = header.checkedLength(in.readVInt());
    } else {
      lengthBits = in.readByte() & 0xFF;
      if (lengthBits == 0) {
        equalLength = header.checkedLength(in.readVInt());
      } else {
        lengthsOffset = header.skipPacked(in, docs, lengthBits, "bits per length");
      }
    }
  }

  /**
   * Finds document {@code i}'s raw bytes, {@code [start(), start() + length())}, using the block
   * table to decode only the lengths before it in its block.
   */
  void locate(int i, BlockTable blocks) throws IOException {
    if (lengthBits == 0) {
      start = i * equalLength;
      length = equalLength;
    } else if (++reads > 1) {
      if (reads == 2) {
        decodeAllOffsets(blocks.rawLength());
      }
      start = docOffsets[i];
      length = docOffsets[i + 1] - start;
    } else if (i >= blocks.docStart(blocks.numBlocks())) {
      start = blocks.rawLength(); // an empty document after the chunk's last byte
      length = header.checkedLength(decode(i, i + 1)[0]);
    } else {
      int b = blocks.blockOf(i);
      int first = blocks.docStart(b);
      if (first < 0 || first > i) {
        throw header.corrupt(
            "has block " + b + " starting at document " + first + ", not at or before " + i);
      }
      long[] lengths = decode(first, i + 1);
      long s = blocks.blockRawStart(b);
      for (int j = 0; j < i - first; j++) {
        s += header.checkedLength(lengths[j]);
      }
      start = s;
      length = header.checkedLength(lengths[i - first]);
    }
  }

  long start() {
    return start;
  }

  long length() {
    return length;
  }

  /** Lengths [from, to), in the returned array from index 0 on. */
  private long[] decode(int from, int to) {
    PackedInts.Decoder decoder =
        PackedInts.getDecoder(PackedInts.Format.PACKED, PackedInts.VERSION_CURRENT, lengthBits);
    int perIteration = decoder.byteValueCount();
    int firstIteration = from / perIteration;
    int iterations = (to - 1) / perIteration - firstIteration + 1;
    if (decoded.length < iterations * perIteration) {
      decoded = new long[ArrayUtil.oversize(iterations * perIteration, Long.BYTES)];
    }
    decoder.decode(
        header.bytes(),
        lengthsOffset + firstIteration * decoder.byteBlockCount(),
        decoded,
        0,
        iterations);
    int shift = from - firstIteration * perIteration;
    if (shift > 0) {
      System.arraycopy(decoded, shift, decoded, 0, to - from);
    }
    return decoded;
  }

  private void decodeAllOffsets(long rawLength) throws CorruptIndexException {
    int numDocs = header.numDocs();
    if (docOffsets.length < numDocs + 1) {
      docOffsets = new long[ArrayUtil.oversize(numDocs + 1, Long.BYTES)];
    }
    long[] lengths = decode(0, numDocs);
    docOffsets[0] = 0;
    for (int i = 0; i < numDocs; i++) {
      docOffsets[i + 1] = docOffsets[i] + header.checkedLength(lengths[i]);
    }
    if (docOffsets[numDocs] != rawLength) {
      throw header.corrupt(
          "has documents of " + docOffsets[numDocs] + " bytes in all but blocks of " + rawLength);
    }
  }

  long ramBytesUsed() {
    return 8L * (docOffsets.length + decoded.length);
  }

  /** Drops the buffers (after a merge); they are reallocated if reading goes on. */
  void releaseBuffers() {
    docOffsets = new long[0];
    decoded = new long[0];
  }
}
