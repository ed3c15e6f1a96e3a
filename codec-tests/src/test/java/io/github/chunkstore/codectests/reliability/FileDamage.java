package io.github.chunkstore.codectests.reliability;

import java.util.Arrays;
import java.util.Random;

/**
 * One way of damaging a file's bytes: flipping bits in a few consecutive bytes, zeroing a range, or
 * cutting the file short. Positions favour the places where lengths and counts live over the bulk
 * of compressed bytes: a quarter of damages start in the first 128 bytes (Lucene's header, the
 * first chunk's header), a quarter in the last 32 (the footer), a quarter at a known length or
 * count when the file has any ({@link DataFileLengths}), and the rest anywhere.
 *
 * @param kind what is done
 * @param offset first byte touched, or the new length for {@link Kind#TRUNCATE}
 * @param length bytes touched (0 for {@link Kind#TRUNCATE})
 * @param maskSeed where the XOR masks of {@link Kind#FLIP} come from
 */
record FileDamage(Kind kind, int offset, int length, long maskSeed) {

  enum Kind {
    FLIP,
    ZERO,
    TRUNCATE
  }

  /**
   * A random damage of a file of {@code fileLength} bytes keeping lengths at {@code lengthOffsets}.
   */
  static FileDamage random(Random r, int fileLength, int[] lengthOffsets) {
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    int offset =
        switch (r.nextInt(4)) {
          case 0 -> r.nextInt(Math.min(fileLength, 128));
          case 1 -> Math.max(0, fileLength - 1 - r.nextInt(Math.min(fileLength, 32)));
          case 2 ->
              lengthOffsets.length == 0
                  ? r.nextInt(fileLength)
                  // clamped: a walk gone astray may report offsets outside the file
                  : Math.max(
                      0,
                      Math.min(
                          fileLength - 1,
                          lengthOffsets[r.nextInt(lengthOffsets.length)] + r.nextInt(3)));
          default -> r.nextInt(fileLength);
        };
    int length =
        switch (kind) {
          case FLIP -> 1 + r.nextInt(3);
          case ZERO -> 1 + r.nextInt(16);
          case TRUNCATE -> 0;
        };
    return new FileDamage(kind, offset, Math.min(length, fileLength - offset), r.nextLong());
  }

  /** The damaged copy of {@code original}. */
  byte[] apply(byte[] original) {
    if (kind == Kind.TRUNCATE) {
      return Arrays.copyOf(original, offset);
    }
    byte[] bytes = original.clone();
    Random masks = new Random(maskSeed);
    for (int i = offset; i < offset + length; i++) {
      bytes[i] = kind == Kind.ZERO ? 0 : (byte) (bytes[i] ^ (1 + masks.nextInt(255)));
    }
    return bytes;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FLIP -> "flip " + length + " byte(s) at " + offset;
      case ZERO -> "zero " + length + " byte(s) at " + offset;
      case TRUNCATE -> "truncate to " + offset + " bytes";
    };
  }
}
