package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    long rawBytes,
    List<byte[]> dictionaries) {

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
    out.writeVLong(rawBytes);
    out.writeVInt(dictionaries.size());
    for (byte[] dictionary : dictionaries) {
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
    long rawBytes = in.readVLong();
    if (rawBytes < 0) {
      throw new CorruptIndexException("invalid raw byte count " + rawBytes, in);
    }
    int numDictionaries = in.readVInt();
    if (numDictionaries < 0 || numDictionaries > SegmentDictionaries.MAX_DICTIONARIES) {
      throw new CorruptIndexException(
          "invalid dictionary count "
              + numDictionaries
              + " (at most "
              + SegmentDictionaries.MAX_DICTIONARIES
              + ")",
          in);
    }
    if (numDictionaries > 0 && mode != SegmentMode.DICTIONARY) {
      throw new CorruptIndexException("a segment in mode " + mode + " has a dictionary", in);
    }
    List<byte[]> dictionaries = new ArrayList<>(numDictionaries);
    int[] ids = new int[numDictionaries];
    for (int i = 0; i < numDictionaries; i++) {
      int length = in.readVInt();
      if (length <= 0 || length > MAX_DICTIONARY_BYTES) {
        throw new CorruptIndexException("invalid length " + length + " of dictionary " + i, in);
      }
      byte[] dictionary = new byte[length];
      in.readBytes(dictionary, 0, length);
      ids[i] = ZstdDictionary.idOf(dictionary);
      int id = ids[i];
      for (int j = 0; j < i; j++) {
        if (ids[j] == id) {
          throw new CorruptIndexException(
              "dictionaries " + j + " and " + i + " have the same id " + id, in);
        }
      }
      dictionaries.add(dictionary);
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
        rawBytes,
        List.copyOf(dictionaries));
  }
}
