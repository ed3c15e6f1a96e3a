package io.github.chunkstore.compression;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitUtil;

/**
 * An LZ4 block compressor that hashes its preset once, not once per block. Its output is the plain
 * LZ4 block format (sequences of a token, literals, a 2-byte little-endian offset and a match
 * length), so {@link org.apache.lucene.util.compress.LZ4#decompress} reads it with the preset
 * placed before the output.
 *
 * <p>Why not Lucene's compressor: given a dictionary, it rebuilds its hash table from the whole
 * dictionary for every block, so 3 KiB blocks behind a 2 KiB preset hashed 5 KiB per block, and a
 * larger preset cost indexing time in proportion; its table cannot be prepared once outside
 * Lucene's package. Here the preset's positions go into their own table when the preset is set;
 * each block then hashes only its own bytes into a second table, which a generation number empties
 * without clearing. A position looks for a match in the block's table first (nearer, so the match
 * is likelier to go on) and then in the preset's.
 *
 * <p>Matching is greedy, as LZ4's fast mode: the first match of at least 4 bytes is taken and
 * extended both ways; the search skips ahead faster the longer it finds nothing, so incompressible
 * data costs little. The block format's end rules hold: the last 5 bytes are literals, and no match
 * starts in the last 12.
 */
final class Lz4PresetCompressor implements BlockCompressor {

  static final int MIN_MATCH = 4;
  private static final int LAST_LITERALS = 5;
  private static final int MIN_DISTANCE_TO_END = 12; // no match starts in the last 12 bytes
  private static final int MAX_DISTANCE = (1 << 16) - 1;

  /** Fibonacci hashing: the top bits of the product of 4 bytes and this odd constant. */
  private static final int HASH_PRIME = -1640531535;

  /** Up to 2^15 slots for a preset of up to 32 KiB. */
  private static final int PRESET_HASH_LOG = 15;

  /** A block of a few KiB: 2^12 slots, as LZ4's default, cleared by a generation, never filled. */
  private static final int BLOCK_HASH_LOG = 12;

  /** After this many misses in a row the search step grows by one byte. */
  private static final int SKIP_SHIFT = 6;

  private final int[] presetTable = new int[1 << PRESET_HASH_LOG]; // position + 1, 0 for none
  private int presetLog = BLOCK_HASH_LOG; // the table's first 2^presetLog slots are in use
  private int presetShift = 32 - BLOCK_HASH_LOG;
  private final int[] blockTable = new int[1 << BLOCK_HASH_LOG]; // generation + position
  private int generation;
  // The window length of the block compressed last: its entries all fall below the next generation.
  private int lastWindowLength;
  // [preset | block]: matches may reach from the block back into the preset.
  private byte[] window = new byte[0];
  private int presetLength;

  Lz4PresetCompressor() {
    this(1);
  }

  /**
   * Tests start the generation near its overflow, which a long-lived writer reaches after about
   * 400,000 blocks of 3 KiB behind a 2 KiB preset.
   */
  Lz4PresetCompressor(int firstGeneration) {
    if (firstGeneration < 1) {
      throw new IllegalArgumentException("firstGeneration must be >= 1, got " + firstGeneration);
    }
    this.generation = firstGeneration;
  }

  @Override
  public boolean supportsPreset() {
    return true;
  }

  @Override
  public void setPreset(byte[] preset, int offset, int length) {
    Lz4BlockCodec.checkPreset(length);
    window = ArrayUtil.grow(window, length);
    System.arraycopy(preset, offset, window, 0, length);
    presetLength = length;
    // Two to four times as many slots as positions, so that few are lost to collisions, in a table
    // small enough to stay in cache: a 2 KiB preset uses 8,192 slots (32 KiB) of the 32,768.
    int log =
        Math.clamp(
            33 - Integer.numberOfLeadingZeros(Math.max(1, length)),
            BLOCK_HASH_LOG,
            PRESET_HASH_LOG);
    Arrays.fill(presetTable, 0, 1 << presetLog, 0);
    presetLog = log;
    presetShift = 32 - log;
    // Later positions overwrite earlier ones in a slot: the nearer a match, the more blocks reach
    // it.
    for (int p = 0; p + MIN_MATCH <= length; p++) {
      presetTable[(readInt(window, p) * HASH_PRIME) >>> presetShift] = p + 1;
    }
  }

  @Override
  public int maxCompressedLength(int length) {
    // All literals: a token, one length byte per 255 literals beyond the first 15, the literals.
    return length + length / 255 + 16;
  }

  @Override
  public int compress(byte[] src, int offset, int length, byte[] dest) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    window = ArrayUtil.grow(window, presetLength + length);
    System.arraycopy(src, offset, window, presetLength, length);
    nextGeneration(presetLength + length);
    final byte[] w = window;
    final int start = presetLength;
    final int end = start + length;
    int out = 0;
    int anchor = start;
    if (length > MIN_DISTANCE_TO_END) {
      final int lastMatchStart = end - MIN_DISTANCE_TO_END;
      final int matchEndLimit = end - LAST_LITERALS;
      int ip = start;
      int misses = 1 << SKIP_SHIFT;
      while (ip < lastMatchStart) {
        int sequence = readInt(w, ip);
        int hashed = sequence * HASH_PRIME;
        int blockSlot = hashed >>> (32 - BLOCK_HASH_LOG);
        int candidate = blockTable[blockSlot] - generation;
        blockTable[blockSlot] = generation + ip;
        if (candidate < start
            || ip - candidate > MAX_DISTANCE
            || readInt(w, candidate) != sequence) {
          candidate = presetTable[hashed >>> presetShift] - 1;
          if (candidate < 0 || ip - candidate > MAX_DISTANCE || readInt(w, candidate) != sequence) {
            ip += misses++ >>> SKIP_SHIFT;
            continue;
          }
        }
        misses = 1 << SKIP_SHIFT;
        int matchStart = ip;
        while (matchStart > anchor && candidate > 0 && w[matchStart - 1] == w[candidate - 1]) {
          matchStart--;
          candidate--;
        }
        int matchEnd =
            ip
                + MIN_MATCH
                + commonLength(
                    w, candidate + (ip - matchStart) + MIN_MATCH, ip + MIN_MATCH, matchEndLimit);
        out =
            writeSequence(
                w, anchor, matchStart, matchStart - candidate, matchEnd - matchStart, dest, out);
        ip = anchor = matchEnd;
        if (ip - 2 >= start && ip - 2 < lastMatchStart) {
          // The bytes just before a match's end often start the next repetition.
          blockTable[(readInt(w, ip - 2) * HASH_PRIME) >>> (32 - BLOCK_HASH_LOG)] =
              generation + ip - 2;
        }
      }
    }
    return writeLastLiterals(w, anchor, end, dest, out);
  }

  /**
   * Empties the block table for a new block of a {@code windowLength}-byte window: the last block's
   * entries, generation plus a position below its window's length, all fall below the new
   * generation and read as negative positions.
   */
  private void nextGeneration(int windowLength) {
    long next = (long) generation + lastWindowLength + 1;
    if (next + windowLength > Integer.MAX_VALUE) {
      Arrays.fill(blockTable, 0);
      next = 1;
    }
    generation = (int) next;
    lastWindowLength = windowLength;
  }

  private static int readInt(byte[] b, int i) {
    return (int) BitUtil.VH_LE_INT.get(b, i);
  }

  /** Length of the common run of {@code b[a...]} and {@code b[c...]}, with c + length <= limit. */
  private static int commonLength(byte[] b, int a, int c, int limit) {
    int n = 0;
    while (c + n + Long.BYTES <= limit) {
      long diff = (long) BitUtil.VH_LE_LONG.get(b, a + n) ^ (long) BitUtil.VH_LE_LONG.get(b, c + n);
      if (diff != 0) {
        return n + (Long.numberOfTrailingZeros(diff) >>> 3);
      }
      n += Long.BYTES;
    }
    while (c + n < limit && b[a + n] == b[c + n]) {
      n++;
    }
    return n;
  }

  private static int writeSequence(
      byte[] w,
      int literalStart,
      int matchStart,
      int distance,
      int matchLength,
      byte[] dest,
      int out) {
    int literals = matchStart - literalStart;
    int extraMatch = matchLength - MIN_MATCH;
    int token = out++;
    dest[token] = (byte) ((Math.min(literals, 15) << 4) | Math.min(extraMatch, 15));
    out = writeLengthTail(literals, dest, out);
    System.arraycopy(w, literalStart, dest, out, literals);
    out += literals;
    dest[out++] = (byte) distance;
    dest[out++] = (byte) (distance >>> 8);
    return writeLengthTail(extraMatch, dest, out);
  }

  private static int writeLastLiterals(byte[] w, int literalStart, int end, byte[] dest, int out) {
    int literals = end - literalStart;
    dest[out++] = (byte) (Math.min(literals, 15) << 4);
    out = writeLengthTail(literals, dest, out);
    System.arraycopy(w, literalStart, dest, out, literals);
    return out + literals;
  }

  /** A length of 15 or more continues after its token nibble in bytes of 255 and a remainder. */
  private static int writeLengthTail(int length, byte[] dest, int out) {
    if (length >= 15) {
      int rest = length - 15;
      while (rest >= 255) {
        dest[out++] = (byte) 255;
        rest -= 255;
      }
      dest[out++] = (byte) rest;
    }
    return out;
  }

  @Override
  public void close() {}
}
