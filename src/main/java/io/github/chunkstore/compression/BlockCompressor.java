package io.github.chunkstore.compression;

import java.io.Closeable;

/**
 * Compresses independent blocks. Not thread-safe: one per writer. Holds reusable state (hash
 * tables, native contexts), so {@link #close()} it when the writer closes.
 */
public interface BlockCompressor extends Closeable {

  /** Largest compressed size {@link #compress} can produce for {@code length} input bytes. */
  int maxCompressedLength(int length);

  /**
   * Compresses {@code src[offset, offset + length)} into {@code dest} starting at 0 and returns the
   * compressed length. {@code dest} must hold at least {@link #maxCompressedLength}(length) bytes.
   */
  int compress(byte[] src, int offset, int length, byte[] dest);

  @Override
  void close();
}
