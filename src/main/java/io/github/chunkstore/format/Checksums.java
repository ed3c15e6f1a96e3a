package io.github.chunkstore.format;

import java.util.zip.CRC32C;

/**
 * The checksums that make every read verified: each chunk header and each compressed block carries
 * a CRC32C (hardware-accelerated in the JDK), checked the first time an open segment decodes that
 * header ({@link VerifiedHeaders}) and whenever the reader decompresses that block, so damage
 * surfaces as an exception at read time rather than as a wrong document. Lucene's file footers are
 * only checked by merges and {@code CheckIndex}.
 */
final class Checksums {

  private final CRC32C crc = new CRC32C();

  /** Checksum of a compressed block, bound to the raw length it must expand to. */
  int block(byte[] compressed, int offset, int length, int rawLength) {
    crc.reset();
    crc.update(compressed, offset, length);
    crc.update(rawLength >>> 24);
    crc.update(rawLength >>> 16);
    crc.update(rawLength >>> 8);
    crc.update(rawLength);
    return (int) crc.getValue();
  }

  /** Checksum of a chunk header's bytes. */
  int header(byte[] bytes, int offset, int length) {
    crc.reset();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
