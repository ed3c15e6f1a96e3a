package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How ChunkWriter cuts chunks into blocks: large documents sliced, empty chunks, block sizes. */
class ChunkWriterTest {

  @Test
  void blocksEndAtDocumentBoundariesAndLargeDocumentsAreSlicedIntoBlocksOfTheirOwn() {
    ModeSettings settings = ModeSettings.of(SegmentMode.BEST_SPEED); // 3 KiB blocks
    BlockPlan plan = new BlockPlan(settings);
    int block = settings.blockBytes();
    int[] docs = {1000, 1000, 1000, 500, 2 * block + 10, 0, 7};
    int blocks = plan.plan(docs, docs.length);
    assertArrayEquals(
        new int[] {3000, 500, block, block, 10, 7}, Arrays.copyOf(plan.lengths(), blocks));
    assertEquals(0, plan.plan(new int[] {0, 0}, 2), "empty documents need no block");
  }

  @Test
  void onlyTheFirstChunkOfBestCompressionProbesSmallBlocks() {
    BlockPlan speed = new BlockPlan(ModeSettings.of(SegmentMode.BEST_SPEED));
    assertFalse(speed.startsProbe(10));
    ModeSettings settings = ModeSettings.of(SegmentMode.BEST_COMPRESSION);
    BlockPlan plan = new BlockPlan(settings);
    assertFalse(plan.startsProbe(0), "no block to probe with");
    assertTrue(plan.startsProbe(10));
    assertEquals(ModeSettings.POOR_RATIO_BLOCK_BYTES, plan.target());
    assertFalse(plan.keepsProbe(1000, 100), "compresses well: the mode's blocks");
    assertEquals(settings.blockBytes(), plan.target());
    assertFalse(plan.startsProbe(10), "only once");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void documentsLargerThanAChunkAreSlicedAndReadBack(Mode mode) throws IOException {
    Random random = new Random(7);
    byte[] huge = new byte[3 * 1024 * 1024 + 17];
    random.nextBytes(huge);
    String bigText = "x".repeat(700_000) + "end";
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode))) {
        for (int i = 0; i < 5; i++) {
          w.addDocument(List.of(new StoredField("small", "doc" + i)));
        }
        w.addDocument(
            List.of(
                new StoredField("bin", new BytesRef(huge)),
                new StoredField("text", bigText),
                new StoredField("after", 12)));
        w.addDocument(List.of(new StoredField("small", "tail")));
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        LeafReader leaf = r.leaves().get(0).reader();
        StoredFields fields = leaf.storedFields();
        Document big = fields.document(5);
        assertArrayEquals(huge, big.getBinaryValue("bin").bytes);
        assertEquals(bigText, big.get("text"));
        assertEquals(12, big.getField("after").numericValue().intValue());
        assertEquals("doc4", fields.document(4).get("small"));
        assertEquals("tail", fields.document(6).get("small"));
        // Skipping the huge values must land exactly on the next field.
        Map<String, Object> seen = new HashMap<>();
        fields.document(
            5,
            new StoredFieldVisitor() {
              @Override
              public Status needsField(FieldInfo info) {
                return info.name.equals("after") ? Status.YES : Status.NO;
              }

              @Override
              public void intField(FieldInfo info, int value) {
                seen.put(info.name, value);
              }
            });
        assertEquals(Map.of("after", 12), seen);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aWritersFirstChunkOfOnlyEmptyDocumentsHasNoBlocks(Mode mode) throws IOException {
    // BEST_COMPRESSION's first chunk tries a small block first: there is none to try here.
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(dir, SegmentFiles.config(mode).setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (int i = 0; i < 30; i++) {
          w.addDocument(List.of());
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        for (int i = 0; i < 30; i++) {
          assertTrue(r.storedFields().document(i).getFields().isEmpty(), "doc " + i);
        }
      }
    }
  }

  @Test
  void fullChunksOfWholeBlocksEndWithoutATinyLastBlock() throws IOException {
    // BEST_COMPRESSION: 256 KiB chunks of 32 KiB blocks. Documents of ~200 bytes leave ~170 bytes
    // free at the end of each block, so eight blocks hold ~260,800 bytes, less than 256 KiB.
    Random random = new Random(5);
    try (Directory dir = new ByteBuffersDirectory()) {
      writeOneSegment(dir, () -> "x".repeat(150 + random.nextInt(100)));
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        int[] blocks = blocksOfFullChunks(r);
        for (int c = 0; c < blocks.length; c++) {
          assertEquals(8, blocks[c], "blocks in full chunk " + c);
        }
      }
    }
  }

  /**
   * 10,000 documents of one value each from {@code values}, merged into one BEST_COMPRESSION
   * segment.
   */
  private static void writeOneSegment(Directory dir, Supplier<String> values) throws IOException {
    try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(Mode.BEST_COMPRESSION))) {
      for (int i = 0; i < 10_000; i++) {
        w.addDocument(List.of(new StoredField("f", values.get())));
      }
      w.forceMerge(1);
    }
  }

  /** NumBlocks of every chunk but the last of the reader's one segment, which has more than 3. */
  private static int[] blocksOfFullChunks(DirectoryReader r) throws IOException {
    ChunkstoreStoredFieldsReader reader = SegmentFiles.fieldsReader(r.leaves().get(0).reader());
    assertTrue(reader.numChunks() > 3);
    IndexInput data = reader.dataInput().clone();
    int[] blocks = new int[reader.numChunks() - 1];
    for (int c = 0; c < blocks.length; c++) {
      data.seek(reader.chunkIndex().chunkStartPointer(c));
      data.readVInt(); // ChunkDocs
      blocks[c] = data.readVInt();
    }
    return blocks;
  }

  @Test
  void poorlyCompressingDataGetsSmallBlocksFromTheFirstChunkOn() throws IOException {
    // Random letters compress far worse than 4:1. The writer's first chunk tries a 12 KiB block
    // first and keeps that size; later chunks close when 21 blocks of 12 KiB are nearly full, so
    // they end without a small last block. The first one closed at 252 KiB, as for 32 KiB blocks.
    Random random = new Random(6);
    try (Directory dir = new ByteBuffersDirectory()) {
      writeOneSegment(dir, () -> StoredDocs.randomString(random, 600));
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        int[] blocks = blocksOfFullChunks(r);
        int perChunk = 256 / (ModeSettings.POOR_RATIO_BLOCK_BYTES / 1024);
        assertTrue(
            blocks[0] == perChunk || blocks[0] == perChunk + 1,
            blocks[0] + " blocks in the first chunk");
        for (int c = 1; c < blocks.length; c++) {
          assertEquals(perChunk, blocks[c], "blocks in full chunk " + c);
        }
        StoredFields fields = r.storedFields();
        Random again = new Random(6);
        for (int i = 0; i < 10_000; i++) {
          assertEquals(
              StoredDocs.randomString(again, 600), fields.document(i).get("f"), "doc " + i);
        }
      }
    }
  }
}
