package io.github.chunkstore.compression;

/**
 * Decompresses blocks written by the matching {@link BlockCompressor}. Not thread-safe: each
 * reader instance uses its own. Native resources, if any, belong to the {@link BlockCodec} that
 * created it, so a decompressor needs no closing.
 */
public interface BlockDecompressor {

  /**
   * Decompresses {@code src[offset, offset + length)}, which expands to exactly {@code rawLength}
   * bytes, into {@code dest[0, rawLength)}. A codec that can stop early (LZ4) may stop once it has
   * produced {@code neededLength} bytes: a random read then pays only for the block's prefix it
   * needs; one that cannot (zstd) produces all {@code rawLength}.
   *
   * @param neededLength 1..rawLength; with {@code neededLength == rawLength} the whole input must be
   *     consumed
   * @return the number of bytes produced, from {@code neededLength} to {@code rawLength}; anything
   *     else means the input was damaged
   * @throws RuntimeException or {@link java.io.IOException} on malformed input; callers turn these
   *     into {@code CorruptIndexException} naming the file
   */
  int decompress(byte[] src, int offset, int length, byte[] dest, int rawLength, int neededLength)
      throws java.io.IOException;

  /** True if {@link #setPreset} is supported (see {@link BlockCompressor#setPreset}). */
  default boolean supportsPreset() {
    return false;
  }

  /**
   * The raw bytes the following blocks were compressed against, as given to {@link
   * BlockCompressor#setPreset}; copied. Empty: blocks stand alone.
   *
   * @throws UnsupportedOperationException if {@link #supportsPreset()} is false and length &gt; 0
   */
  default void setPreset(byte[] preset, int offset, int length) {
    if (length > 0) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " has no preset");
    }
  }
}
