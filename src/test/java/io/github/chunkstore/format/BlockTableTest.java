package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** BlockTable: where each block is, raw and in the file, and which documents start in it. */
class BlockTableTest {

  // Documents start at raw offsets 0, 5, 14, 14, 26 and 33; blocks hold raw bytes 0-13, 14-21,
  // 22-25 and 26-35, as the writer cuts them: at document starts, except block 2, a continuation
  // of document 3, where no document starts. The two empty documents after the last byte start in
  // no block.
  private static final int[] LENGTHS = {5, 9, 0, 12, 7, 3, 0, 0};
  private static final int[] BLOCKS = {14, 8, 4, 10};
  private static final int[] BLOCK_STARTS = {0, 14, 22, 26, 36};

  @Test
  void blocksAreFoundByRawOffset() throws IOException {
    try (ChunkHeaders chunk = chunk()) {
      BlockTable table = chunk.header.blocks();
      assertEquals(4, table.numBlocks());
      assertEquals(36, table.rawLength());
      assertEquals(14, table.blockBytes());
      for (int raw = 0; raw < 36; raw++) {
        int b = table.blockContaining(raw);
        assertTrue(BLOCK_STARTS[b] <= raw && raw < BLOCK_STARTS[b + 1], "block of " + raw);
      }
      for (int b = 0; b <= 4; b++) {
        assertEquals(BLOCK_STARTS[b], table.blockRawStart(b), "raw start of block " + b);
      }
    }
  }

  @Test
  void blocksEndAtTheChunksEnd() throws IOException {
    try (ChunkHeaders chunk = chunk()) {
      BlockTable table = chunk.header.blocks();
      int blockFileBytes = Integer.BYTES + ChunkHeaders.COMPRESSED_BLOCK_BYTES;
      long first = chunk.end - 4L * blockFileBytes;
      for (int b = 0; b <= 4; b++) {
        assertEquals(first + (long) b * blockFileBytes, table.blockFp(b), "block " + b);
      }
    }
  }

  @Test
  void documentsStartInTheBlockOfTheirFirstByte() throws IOException {
    try (ChunkHeaders chunk = chunk()) {
      BlockTable table = chunk.header.blocks();
      int[] docStarts = {0, 2, 4, 4, 6};
      for (int b = 0; b <= 4; b++) {
        assertEquals(docStarts[b], table.docStart(b), "first document of block " + b);
      }
      int[] blockOf = {0, 0, 1, 1, 3, 3};
      for (int i = 0; i < blockOf.length; i++) {
        assertEquals(blockOf[i], table.blockOf(i), "block of document " + i);
      }
    }
  }

  private static ChunkHeaders chunk() throws IOException {
    return new ChunkHeaders(LENGTHS, ChunkHeaders.noShapes(LENGTHS.length), BLOCKS, new byte[0]);
  }
}
