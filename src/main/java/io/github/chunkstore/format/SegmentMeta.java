package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

/**
 * The content of a segment's meta file (see {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat} for the layout).
 */
record SegmentMeta(
    SegmentMode mode,
    int chunkBytes,
    int maxDocsPerChunk,
    int blockBytes,
    int numDocs,
    long numChunks,
    long numDirtyChunks,
    long numDirtyDocs,
    byte[] dictionary) {

  /** Larger stored dictionaries are refused as damage; Chunkstore trains at most 64 KiB. */
  static final int MAX_DICTIONARY_BYTES = 1 << 20;

  void write(DataOutput out) throws IOException {
    out.writeByte((byte) mode.id());
    out.writeVInt(chunkBytes);
    out.writeVInt(maxDocsPerChunk);
    out.writeVInt(blockBytes);
    out.writeVInt(numDocs);
    out.writeVLong(numChunks);
    out.writeVLong(numDirtyChunks);
    out.writeVLong(numDirtyDocs);
    if (dictionary == null) {
      out.writeVInt(0);
    } else {
      out.writeVInt(dictionary.length);
      out.writeBytes(dictionary, 0, dictionary.length);
    }
  }

  /** Reads and validates the meta content; {@code expectedDocs} is the segment's maxDoc. */
  static SegmentMeta read(IndexInput in, int expectedDocs) throws IOException {
    int modeId = in.readByte() & 0xFF;
    SegmentMode mode = SegmentMode.forId(modeId);
    if (mode == null) {
      throw new CorruptIndexException("unknown mode id " + modeId, in);
    }
    int chunkBytes = in.readVInt();
    int maxDocsPerChunk = in.readVInt();
    int blockBytes = in.readVInt();
    int numDocs = in.readVInt();
    long numChunks = in.readVLong();
    long numDirtyChunks = in.readVLong();
    long numDirtyDocs = in.readVLong();
    int dictionaryLength = in.readVInt();
    if (dictionaryLength < 0 || dictionaryLength > MAX_DICTIONARY_BYTES) {
      throw new CorruptIndexException("invalid dictionary length " + dictionaryLength, in);
    }
    if (dictionaryLength > 0 && mode != SegmentMode.DICTIONARY) {
      throw new CorruptIndexException("a segment in mode " + mode + " has a dictionary", in);
    }
    byte[] dictionary = null;
    if (dictionaryLength > 0) {
      dictionary = new byte[dictionaryLength];
      in.readBytes(dictionary, 0, dictionaryLength);
    }
    if (blockBytes <= 0 || blockBytes > ModeSettings.MAX_BLOCK_BYTES) {
      throw new CorruptIndexException("invalid block size " + blockBytes, in);
    }
    if (numDocs != expectedDocs) {
      throw new CorruptIndexException(
          "meta says " + numDocs + " documents but the segment has " + expectedDocs, in);
    }
    if (numChunks < 0
        || numChunks > numDocs
        || numDirtyChunks < 0
        || numDirtyChunks > numChunks
        || numDirtyDocs < 0
        || numDirtyDocs > numDocs) {
      throw new CorruptIndexException(
          "inconsistent counts: chunks="
              + numChunks
              + " dirtyChunks="
              + numDirtyChunks
              + " dirtyDocs="
              + numDirtyDocs
              + " docs="
              + numDocs,
          in);
    }
    return new SegmentMeta(
        mode,
        chunkBytes,
        maxDocsPerChunk,
        blockBytes,
        numDocs,
        numChunks,
        numDirtyChunks,
        numDirtyDocs,
        dictionary);
  }
}
