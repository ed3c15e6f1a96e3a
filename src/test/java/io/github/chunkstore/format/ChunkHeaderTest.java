package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;

/** ChunkHeader: the counts, the preset and the checksum around the fields, written and read. */
class ChunkHeaderTest {

  @Test
  void countsAndPresetReadBack() throws IOException {
    int[] lengths = {5, 9, 0, 12};
    byte[] preset = "a preset of some bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (ChunkHeaders chunk =
        new ChunkHeaders(lengths, ChunkHeaders.noShapes(4), new int[] {26}, preset)) {
      ChunkHeader header = chunk.header;
      assertEquals(4, header.numDocs());
      assertEquals(26, header.rawLength());
      assertEquals(ChunkHeaders.START, header.chunkStart());
      assertArrayEquals(preset, ChunkHeaders.presetOf(header));
    }
  }

  @Test
  void aChunkWithoutBlocksHoldsOnlyEmptyDocuments() throws IOException {
    try (ChunkHeaders chunk =
        new ChunkHeaders(new int[] {0, 0, 0}, ChunkHeaders.noShapes(3), new int[0], new byte[0])) {
      assertEquals(0, chunk.header.rawLength());
      assertEquals(0, chunk.header.blocks().numBlocks());
    }
  }

  @Test
  void aDocumentCountOtherThanTheIndexsIsNamed() throws IOException {
    try (ChunkHeaders chunk =
        new ChunkHeaders(new int[] {4, 4}, ChunkHeaders.noShapes(2), new int[] {8}, new byte[0])) {
      CorruptIndexException e = failedRead(chunk.in, 3, chunk.end, 5);
      assertTrue(e.getMessage().contains("chunk 3 at offset 7 holds 2 documents, index says 5"));
    }
  }

  @Test
  void aVIntOfMoreThan32BitsIsNamedAsCorrupt() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexOutput out = dir.createOutput("chunk", IOContext.DEFAULT)) {
        out.writeBytes(new byte[(int) ChunkHeaders.START], (int) ChunkHeaders.START);
        byte[] tooLong = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        out.writeBytes(tooLong, tooLong.length);
        out.writeBytes(new byte[100], 100);
      }
      try (IndexInput in = dir.openInput("chunk", IOContext.DEFAULT)) {
        CorruptIndexException e = failedRead(in, 2, in.length(), 1);
        assertTrue(e.getMessage().contains("chunk 2 at offset 7 has an invalid header"));
        assertTrue(e.getMessage().contains("more than 32 bits"), e.getMessage());
        assertTrue(e.getMessage().contains("resource="), "names the file: " + e.getMessage());
      }
    }
  }

  /** Reads chunk {@code c} at START, which the index says holds {@code docs}, expecting damage. */
  private static CorruptIndexException failedRead(IndexInput in, int c, long end, int docs) {
    return assertThrows(
        CorruptIndexException.class,
        () ->
            new ChunkHeader()
                .read(
                    in,
                    c,
                    ChunkHeaders.START,
                    end,
                    docs,
                    8,
                    new Checksums(),
                    new VerifiedHeaders(4)));
  }

  @Test
  void aFlippedHeaderByteFailsItsChecksumOnlyUntilVerified() throws IOException {
    try (ChunkHeaders chunk =
            new ChunkHeaders(
                new int[] {3, 4, 5}, ChunkHeaders.noShapes(3), new int[] {12}, "p".getBytes());
        Directory dir = new ByteBuffersDirectory()) {
      byte[] file = new byte[(int) chunk.end];
      chunk.in.seek(0);
      chunk.in.readBytes(file, 0, file.length);
      int presetAt = (int) ChunkHeaders.START + chunk.header.presetOffset();
      file[presetAt] ^= 1; // the preset is covered by the header's checksum too
      try (IndexOutput out = dir.createOutput("damaged", IOContext.DEFAULT)) {
        out.writeBytes(file, file.length);
      }
      try (IndexInput in = dir.openInput("damaged", IOContext.DEFAULT)) {
        VerifiedHeaders verified = new VerifiedHeaders(1);
        ChunkHeader header = new ChunkHeader();
        CorruptIndexException e =
            assertThrows(
                CorruptIndexException.class,
                () ->
                    header.read(
                        in, 0, ChunkHeaders.START, in.length(), 3, 12, new Checksums(), verified));
        assertTrue(e.getMessage().contains("checksum mismatch in its header"), e.getMessage());
        verified.add(0);
        header.read(in, 0, ChunkHeaders.START, in.length(), 3, 12, new Checksums(), verified);
        assertEquals(12, header.rawLength());
      }
    }
  }

  /** 6,000 documents of lengths 1..1000: their packed lengths alone take over 7 KB. */
  private static int[] manyLengths() {
    int[] lengths = new int[6000];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 1 + (i * 7919) % 1000;
    }
    return lengths;
  }

  @Test
  void aHeaderLongerThanTheFirstCopyIsReadWhole() throws IOException {
    int[] lengths = manyLengths();
    int raw = Arrays.stream(lengths).sum();
    byte[] preset = new byte[9000];
    for (int i = 0; i < preset.length; i++) {
      preset[i] = (byte) (i * 31);
    }
    try (ChunkHeaders chunk =
        new ChunkHeaders(lengths, ChunkHeaders.noShapes(lengths.length), new int[] {raw}, preset)) {
      for (int pass = 0; pass < 2; pass++) { // the second read starts from the last header's size
        ChunkHeader header = chunk.header;
        if (pass == 1) {
          chunk.readInto(header, chunk.end, lengths.length, raw);
        }
        assertEquals(lengths.length, header.numDocs());
        assertEquals(raw, header.rawLength());
        assertArrayEquals(preset, ChunkHeaders.presetOf(header));
      }
    }
  }

  @Test
  void aHeaderRunningPastItsChunksEndIsNamed() throws IOException {
    int[] lengths = manyLengths();
    int raw = Arrays.stream(lengths).sum();
    try (ChunkHeaders chunk =
        new ChunkHeaders(
            lengths, ChunkHeaders.noShapes(lengths.length), new int[] {raw}, new byte[0])) {
      long end = ChunkHeaders.START + 100; // as if the chunk index said the chunk were that short
      CorruptIndexException e =
          assertThrows(
              CorruptIndexException.class,
              () -> chunk.readInto(new ChunkHeader(), end, lengths.length, raw));
      assertTrue(
          e.getMessage().contains("has a header running past its end at offset " + end),
          e.getMessage());
    }
  }
}
