package io.github.chunkstore.compression;

/**
 * Decompresses blocks written by the matching {@link BlockCompressor}. Not thread-safe: each
 * reader instance uses its own. Native resources, if any, belong to the {@link BlockCodec} that
 * created it, so a decompressor needs no closing.
 */
public interface BlockDecompressor {

  /**
   * Decompresses {@code src[offset, offset + length)}, which must expand to exactly {@code
   * rawLength} bytes, into {@code dest[0, rawLength)}.
   *
   * @return the number of bytes produced; a value other than {@code rawLength} means the input was
   *     damaged
   * @throws RuntimeException or {@link java.io.IOException} on malformed input; callers turn these
   *     into {@code CorruptIndexException} naming the file
   */
  int decompress(byte[] src, int offset, int length, byte[] dest, int rawLength)
      throws java.io.IOException;
}
