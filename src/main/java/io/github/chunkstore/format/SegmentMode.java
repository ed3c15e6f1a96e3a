package io.github.chunkstore.format;

/**
 * The mode a segment was written in, as its meta file records it. The public {@code
 * ChunkstoreCodec.Mode} maps onto these constants by name; this internal copy exists so that the
 * format package does not depend on the codec package above it. The id, not the ordinal, is what
 * segments record, so it never changes for an existing mode.
 */
public enum SegmentMode {
  /** LZ4 blocks against a preset sampled from their chunk. */
  BEST_SPEED(0),
  /** zstd blocks. */
  BEST_COMPRESSION(1),
  /** zstd blocks against a dictionary trained per segment. */
  DICTIONARY(2);

  private final int id;

  SegmentMode(int id) {
    this.id = id;
  }

  /** The byte recorded in each segment's meta file. */
  public int id() {
    return id;
  }

  /** The mode recorded as {@code id}, or null if this version knows no such mode. */
  static SegmentMode forId(int id) {
    for (SegmentMode mode : values()) {
      if (mode.id == id) {
        return mode;
      }
    }
    return null;
  }
}
