package io.github.chunkstore.compression;

import java.io.Closeable;

/**
 * A block compression algorithm at fixed settings. One instance per open segment reader or
 * writer: it owns shared native resources (pooled zstd contexts) that {@link #close()} frees.
 */
public interface BlockCodec extends Closeable {

  /** A new compressor; the caller closes it. */
  BlockCompressor newCompressor();

  /** A new decompressor for one (single-threaded) reader; released with this codec. */
  BlockDecompressor newDecompressor();

  /** Native bytes held by this codec beyond the Java heap, as far as known (0 if none). */
  default long nativeBytesUsed() {
    return 0;
  }

  @Override
  void close();
}
