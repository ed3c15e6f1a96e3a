package io.github.chunkstore.format;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which chunk headers of an open segment have passed their checksum: one bit per chunk, shared by
 * the segment's reader and all its clones. A header (its lengths, block table and preset, up to
 * ~10 KiB in BEST_SPEED) is checksummed the first time the open segment decodes it, not on every
 * random read, where that checksum cost more than decompressing the document's block. The file is
 * write-once; every block is still checksummed each time it is decompressed.
 */
final class VerifiedHeaders {

  private final AtomicLongArray bits;

  VerifiedHeaders(long numChunks) {
    bits = new AtomicLongArray((int) ((numChunks + 63) >>> 6));
  }

  boolean contains(int chunk) {
    return (bits.get(chunk >>> 6) & (1L << chunk)) != 0;
  }

  /** Records a header whose checksum matched. Threads racing on one word lose no bit. */
  void add(int chunk) {
    long mask = 1L << chunk;
    bits.accumulateAndGet(chunk >>> 6, mask, (word, m) -> word | m);
  }

  long ramBytesUsed() {
    return 16 + 16 + 8L * bits.length();
  }
}
