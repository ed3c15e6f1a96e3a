package io.github.chunkstore.format;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which chunk headers of an open segment have passed their checksum: one bit per chunk, shared by
 * the segment's reader and all its clones. A header (its lengths, block table and preset, up to ~10
 * KiB in BEST_SPEED) is checksummed the first time the open segment decodes it, not on every random
 * read, where that checksum cost more than decompressing the document's block. The file is
 * write-once; every block is still checksummed each time it is decompressed.
 */
final class VerifiedHeaders {

  private final AtomicLongArray bits;
  private final boolean trustAll;

  VerifiedHeaders(long numChunks) {
    this(numChunks, false);
  }

  /**
   * @param trustAll true only in tests that read without verifying checksums: then every header
   *     counts as verified
   */
  VerifiedHeaders(long numChunks, boolean trustAll) {
    this.bits = new AtomicLongArray(trustAll ? 0 : (int) ((numChunks + 63) >>> 6));
    this.trustAll = trustAll;
  }

  boolean contains(int chunk) {
    return trustAll || (bits.get(chunk >>> 6) & (1L << chunk)) != 0;
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
