package io.github.chunkstore.format;

import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * Cuts a chunk's documents into blocks of at most a target size, and chooses that target from chunk
 * to chunk: the mode's block size, {@link ModeSettings#POOR_RATIO_BLOCK_BYTES} for data that
 * compresses poorly ({@link ModeSettings#nextBlockBytes}), or in DICTIONARY a size that fits the
 * chunk's documents ({@link ModeSettings#blockBytesFor}). Blocks end at document boundaries, except
 * that a document larger than the target is sliced into blocks of its own.
 */
final class BlockPlan {

  private final ModeSettings settings;
  private int target;
  private boolean probed;
  private int[] lengths = new int[16];
  private int count;

  BlockPlan(ModeSettings settings) {
    this.settings = settings;
    this.target = settings.blockBytes();
  }

  /** The block size the next chunk is planned with. */
  int target() {
    return target;
  }

  /** Cuts {@code docs} documents of {@code docLengths} into blocks; returns how many. */
  int plan(int[] docLengths, int docs) {
    long total = 0;
    for (int i = 0; i < docs; i++) {
      total += docLengths[i];
    }
    target = settings.blockBytesFor(total / Math.max(1, docs), target);
    count = 0;
    int open = 0; // bytes of the block being filled
    for (int i = 0; i < docs; i++) {
      int length = docLengths[i];
      if (length > target) {
        if (open > 0) {
          add(open);
          open = 0;
        }
        for (int left = length; left > 0; left -= target) {
          add(Math.min(left, target));
        }
      } else {
        if (open + length > target) {
          add(open);
          open = 0;
        }
        open += length;
      }
    }
    if (open > 0) {
      add(open);
    }
    return count;
  }

  private void add(int length) {
    lengths = ArrayUtil.grow(lengths, count + 1);
    lengths[count++] = length;
  }

  /** Raw lengths of the blocks last planned. */
  int[] lengths() {
    return lengths;
  }

  /**
   * Whether this chunk, the writer's first with blocks, is to start with a small probe block
   * ({@link ModeSettings#triesSmallBlocksFirst}). If so the target is now the small size and the
   * caller replans; {@link #keepsProbe} restores the mode's size when the data compresses well.
   */
  boolean startsProbe(int numBlocks) {
    if (probed || !settings.triesSmallBlocksFirst() || numBlocks == 0) {
      return false;
    }
    probed = true;
    target = settings.smallBlockBytes();
    return true;
  }

  /**
   * Whether the probe block, of {@code raw} bytes compressed to {@code compressed}, keeps small
   * blocks.
   */
  boolean keepsProbe(int raw, int compressed) {
    if (settings.compressesPoorly(raw, compressed)) {
      return true;
    }
    target = settings.blockBytes();
    return false;
  }

  /**
   * Adapts the target to the chunk just written, of {@code raw} bytes compressed to {@code
   * compressed}.
   */
  void chunkWritten(long raw, long compressed) {
    target = settings.nextBlockBytes(raw, compressed, target);
  }

  long ramBytesUsed() {
    return RamUsageEstimator.sizeOf(lengths);
  }
}
