package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * DocLengths: each encoding (one document, all equal, packed) reads back, by a first random read
 * that decodes only the lengths before a document in its block and by later reads from all offsets.
 */
class DocLengthsTest {

  @Test
  void oneDocument() throws IOException {
    check(new int[] {17}, new int[] {17});
  }

  @Test
  void equalLengths() throws IOException {
    check(new int[] {6, 6, 6, 6, 6}, new int[] {16, 14});
  }

  @Test
  void packedLengthsAcrossBlocks() throws IOException {
    // Blocks start at document starts, except block 2, which continues document 3; the two empty
    // documents after the last byte start in no block.
    check(new int[] {5, 9, 0, 12, 7, 3, 0, 0}, new int[] {14, 8, 4, 10});
  }

  @Test
  void manyPackedLengthsInOneBlock() throws IOException {
    int[] lengths = new int[300];
    int total = 0;
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = (i * 37) % 101;
      total += lengths[i];
    }
    check(lengths, new int[] {total});
  }

  private static void check(int[] lengths, int[] blockLengths) throws IOException {
    int docs = lengths.length;
    try (ChunkHeaders chunk =
        new ChunkHeaders(lengths, ChunkHeaders.noShapes(docs), blockLengths, new byte[0])) {
      BlockTable blocks = chunk.header.blocks();
      DocLengths scan = new DocLengths(chunk.header);
      scan.read(chunk.atDocLengths(), docs);
      long start = 0;
      for (int i = 0; i < docs; i++) {
        DocLengths random = new DocLengths(chunk.header);
        random.read(chunk.atDocLengths(), docs);
        random.locate(i, blocks);
        assertEquals(start, random.start(), "start of document " + i + ", first read");
        assertEquals(lengths[i], random.length(), "length of document " + i + ", first read");
        scan.locate(i, blocks);
        assertEquals(start, scan.start(), "start of document " + i + ", in a scan");
        assertEquals(lengths[i], scan.length(), "length of document " + i + ", in a scan");
        start += lengths[i];
      }
    }
  }
}
