package io.github.chunkstore.compression;

/**
 * Decompresses blocks written by the matching {@link BlockCompressor}. Not thread-safe: each reader
 * instance uses its own. Native resources, if any, belong to the {@link BlockCodec} that created
 * it, so a decompressor needs no closing.
 */
public interface BlockDecompressor {

  /**
   * Bytes after a block's output that a decompressor may overwrite with garbage, if {@code dest}
   * extends that far: copying eight bytes at a time past a short run is faster than copying it
   * exactly. Callers that size their buffers this much larger get the fast copies throughout.
   */
  int OUTPUT_SLACK = 32;

  /**
   * Decompresses {@code src[offset, offset + length)}, which expands to exactly {@code rawLength}
   * bytes, into {@code dest[destOffset, destOffset + rawLength)}. A codec that can stop early (LZ4)
   * may stop once it has produced {@code neededLength} bytes: a random read then pays only for the
   * block's prefix it needs; one that cannot (zstd) produces all {@code rawLength}.
   *
   * <p>If the codec {@link #supportsPreset() supports presets}, {@code dest[0, destOffset)} must
   * hold the preset the block was compressed against ({@link BlockCompressor#setPreset}), placed
   * there by the caller: the output then lands right after it without a copy. Other codecs ignore
   * those bytes.
   *
   * <p>{@code dest[destOffset + rawLength, destOffset + rawLength + OUTPUT_SLACK)}, as far as it
   * exists, may be overwritten.
   *
   * @param neededLength 1..rawLength; with {@code neededLength == rawLength} the whole input must
   *     be consumed
   * @return the number of bytes produced, from {@code neededLength} to {@code rawLength}; anything
   *     else means the input was damaged
   * @throws RuntimeException or {@link java.io.IOException} on malformed input; callers turn these
   *     into {@code CorruptIndexException} naming the file
   */
  int decompress(
      byte[] src,
      int offset,
      int length,
      byte[] dest,
      int destOffset,
      int rawLength,
      int neededLength)
      throws java.io.IOException;

  /**
   * {@link #decompress(byte[], int, int, byte[], int, int, int)} into {@code dest[0, rawLength)},
   * without a preset.
   */
  default int decompress(
      byte[] src, int offset, int length, byte[] dest, int rawLength, int neededLength)
      throws java.io.IOException {
    return decompress(src, offset, length, dest, 0, rawLength, neededLength);
  }

  /**
   * True if blocks may have been compressed against a preset that the caller places before the
   * output.
   */
  default boolean supportsPreset() {
    return false;
  }
}
