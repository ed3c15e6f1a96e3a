package io.github.chunkstore.compression;

import java.io.Closeable;

/**
 * A block compression algorithm at fixed settings. One instance per open segment reader or writer;
 * after {@link #close()} its decompressors refuse to read. Native zstd contexts are pooled
 * process-wide, not per instance (see {@link ZstdBlockCodec}).
 */
public interface BlockCodec extends Closeable {

  /** A new compressor; the caller closes it. */
  BlockCompressor newCompressor();

  /** A new decompressor for one (single-threaded) reader; released with this codec. */
  BlockDecompressor newDecompressor();

  @Override
  void close();
}
