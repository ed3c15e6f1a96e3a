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

  /** True if {@link #setPreset} is supported: blocks may then refer back into shared raw bytes. */
  default boolean supportsPreset() {
    return false;
  }

  /**
   * Makes the following blocks refer back into {@code preset[offset, offset + length)} (empty:
   * none) until the next call, so that small blocks compress like large ones. The bytes are copied.
   *
   * @throws UnsupportedOperationException if {@link #supportsPreset()} is false and length &gt; 0
   */
  default void setPreset(byte[] preset, int offset, int length) {
    if (length > 0) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " has no preset");
    }
  }

  @Override
  void close();
}
