package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockPlanTest {

  private static int[] docs(int count, int length) {
    int[] lengths = new int[count];
    Arrays.fill(lengths, length);
    return lengths;
  }

  /** The largest block the last plan cut. */
  private static int largestBlock(BlockPlan plan, int numBlocks) {
    return Arrays.stream(plan.lengths(), 0, numBlocks).max().orElse(0);
  }

  @Test
  void dictionaryBlocksHoldEightAverageDocumentsBetweenTheirBounds() {
    BlockPlan plan = new BlockPlan(ModeSettings.of(SegmentMode.DICTIONARY));

    // 200-byte documents: eight of them fit the 3 KiB floor several times over.
    int n = plan.plan(docs(100, 200), 100);
    assertEquals(ModeSettings.DICTIONARY_MIN_BLOCK_BYTES, plan.target());
    assertEquals(15 * 200, largestBlock(plan, n));

    // 1,000-byte documents: blocks of eight.
    n = plan.plan(docs(100, 1000), 100);
    assertEquals(8000, plan.target());
    assertEquals(8000, largestBlock(plan, n));
    assertEquals(13, n); // 12 blocks of eight documents, one of four

    // 5,000-byte documents: the largest block size, three per block.
    n = plan.plan(docs(30, 5000), 30);
    assertEquals(ModeSettings.DICTIONARY_BLOCK_BYTES, plan.target());
    assertEquals(15_000, largestBlock(plan, n));
  }

  @Test
  void aChosenBlockSizeIsTheLargestBlock() {
    ModeSettings settings =
        ModeSettings.of(SegmentMode.DICTIONARY).withChunking(64 * 1024, 1024, 2048);
    BlockPlan plan = new BlockPlan(settings);
    int n = plan.plan(docs(40, 1000), 40);
    assertEquals(2048, plan.target());
    assertTrue(largestBlock(plan, n) <= 2048);
  }

  @Test
  void otherModesKeepTheirBlockSize() {
    ModeSettings speed = ModeSettings.of(SegmentMode.BEST_SPEED);
    BlockPlan plan = new BlockPlan(speed);
    plan.plan(docs(100, 1000), 100);
    assertEquals(speed.blockBytes(), plan.target());
  }
}
