package io.github.chunkstore.format;

import static io.github.chunkstore.format.MergeRules.Strategy.COPY_DOCUMENTS;
import static io.github.chunkstore.format.MergeRules.Strategy.COPY_LARGE_CHUNKS;
import static io.github.chunkstore.format.MergeRules.Strategy.COPY_SEGMENT;
import static io.github.chunkstore.format.MergeRules.Strategy.VISIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.format.MergeRules.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The merge rules of {@link MergeRules}, from segment meta data alone, without an index. */
class MergeRulesTest {

  private static final ModeSettings SPEED = ModeSettings.of(SegmentMode.BEST_SPEED);
  private static final ModeSettings DICTIONARY = ModeSettings.of(SegmentMode.DICTIONARY);
  private static final int CURRENT = StoredFieldsFiles.VERSION_CURRENT;

  /** A source of {@code settings}' layout with these counts. */
  private static SegmentMeta meta(
      ModeSettings settings, int docs, long chunks, long incompleteChunks, long incompleteDocs) {
    return new SegmentMeta(
        settings.mode(),
        settings.chunkBytes(),
        settings.maxDocsPerChunk(),
        settings.blockBytes(),
        docs,
        chunks,
        incompleteChunks,
        incompleteDocs,
        0,
        java.util.List.of());
  }

  /** 10 complete chunks of 1,000 documents and a tail of 300. */
  private static SegmentMeta clean(ModeSettings settings) {
    return meta(settings, 10_300, 11, 1, 300);
  }

  private static Strategy choose(ModeSettings settings, SegmentMeta meta) {
    return MergeRules.choose(settings, meta, CURRENT, false, false);
  }

  @ParameterizedTest
  @EnumSource(SegmentMode.class)
  void aCleanSourceOfTheSameLayoutIsCopiedWhole(SegmentMode mode) {
    ModeSettings settings = ModeSettings.of(mode);
    assertEquals(COPY_SEGMENT, choose(settings, clean(settings)));
  }

  @Test
  void aSourceThatIsNotOursOrNumbersFieldsOtherwiseIsVisited() {
    assertEquals(VISIT, MergeRules.choose(SPEED, null, CURRENT, false, false));
    assertEquals(VISIT, MergeRules.choose(SPEED, null, CURRENT, true, true));
  }

  @Test
  void deletionsOrAnIndexSortCopySerializedDocuments() {
    assertEquals(COPY_DOCUMENTS, MergeRules.choose(SPEED, clean(SPEED), CURRENT, true, false));
    assertEquals(COPY_DOCUMENTS, MergeRules.choose(SPEED, clean(SPEED), CURRENT, false, true));
    assertEquals(
        COPY_DOCUMENTS,
        MergeRules.choose(SPEED, meta(SPEED, 500, 1, 1, 500), CURRENT, false, true));
  }

  @Test
  void anyOtherLayoutOrVersionCopiesSerializedDocuments() {
    SegmentMeta clean = clean(SPEED);
    assertEquals(COPY_DOCUMENTS, MergeRules.choose(SPEED, clean, CURRENT - 1, false, false));
    ModeSettings compression = ModeSettings.of(SegmentMode.BEST_COMPRESSION);
    assertEquals(COPY_DOCUMENTS, choose(compression, clean), "another mode");
    ModeSettings[] others = {
      SPEED.withChunking(SPEED.chunkBytes() / 2, SPEED.maxDocsPerChunk(), SPEED.blockBytes()),
      SPEED.withChunking(SPEED.chunkBytes(), SPEED.maxDocsPerChunk() / 2, SPEED.blockBytes()),
      SPEED.withChunking(SPEED.chunkBytes(), SPEED.maxDocsPerChunk(), SPEED.blockBytes() * 2)
    };
    for (ModeSettings other : others) {
      assertEquals(COPY_DOCUMENTS, choose(other, clean), other.toString());
    }
  }

  @Test
  void aSourceWithoutACompleteChunkIsMergedChunkByChunk() {
    assertEquals(COPY_LARGE_CHUNKS, choose(SPEED, meta(SPEED, 300, 1, 1, 300)));
    assertEquals(COPY_LARGE_CHUNKS, choose(SPEED, meta(SPEED, 0, 0, 0, 0)));
  }

  @Test
  void incompleteChunksOfFewDocumentsAreCopied() {
    // 100 complete chunks of 1,000 documents, 5 incomplete ones of 100: under 2% of the documents.
    assertEquals(COPY_SEGMENT, choose(SPEED, meta(SPEED, 100_500, 105, 5, 500)));
  }

  @Test
  void largeIncompleteChunksAreCopiedSmallOnesAreNot() {
    // 10 complete chunks of 1,000 documents and 2 incomplete ones of 500: large, 9% of the
    // documents.
    assertEquals(COPY_SEGMENT, choose(SPEED, meta(SPEED, 11_000, 12, 2, 1000)));
    // ... of 200: small (under a quarter of a complete chunk), and 4% of the documents.
    assertEquals(COPY_LARGE_CHUNKS, choose(SPEED, meta(SPEED, 10_400, 12, 2, 400)));
    // ... 8 of 500: large, but 29% of the documents.
    assertEquals(COPY_LARGE_CHUNKS, choose(SPEED, meta(SPEED, 14_000, 18, 8, 4000)));
  }

  @Test
  void dictionarySourcesFollowTheSameRules() {
    // Chunks name their dictionary, so they are copied chunk by chunk as in any mode; which
    // dictionaries a merge keeps is MergeDictionaries' decision.
    assertEquals(COPY_LARGE_CHUNKS, choose(DICTIONARY, meta(DICTIONARY, 300, 1, 1, 300)));
    assertEquals(COPY_LARGE_CHUNKS, choose(DICTIONARY, meta(DICTIONARY, 10_400, 12, 2, 400)));
    assertEquals(COPY_SEGMENT, choose(DICTIONARY, meta(DICTIONARY, 10_300, 11, 1, 300)));
  }

  @Test
  void aLargeChunkIsCopiedUnlessASmallBufferedChunkWouldBeCutBeforeIt() {
    long quarter = SPEED.chunkBytes() / 4;
    int quarterDocs = SPEED.maxDocsPerChunk() / 4;
    assertTrue(
        MergeRules.copiesChunk(quarter, 10, 0, 0, SPEED), "large by bytes, nothing buffered");
    assertTrue(MergeRules.copiesChunk(100, quarterDocs, 0, 0, SPEED), "large by documents");
    assertFalse(MergeRules.copiesChunk(quarter - 1, quarterDocs - 1, 0, 0, SPEED), "small");
    assertFalse(
        MergeRules.copiesChunk(quarter, 10, 1000, 10, SPEED), "a small buffer would be cut");
    assertTrue(MergeRules.copiesChunk(quarter, 10, quarter, 10, SPEED), "a large buffer is cut");
    assertTrue(
        MergeRules.copiesChunk(quarter, 10, 100, quarterDocs, SPEED),
        "a buffer large by documents");
  }

  @Test
  void chunksCopiedAloneCountAsIncompleteBelowHalfOfBothLimits() {
    ChunkCounts counts = new ChunkCounts(SPEED);
    SegmentMeta mixed = meta(SPEED, 10_300, 12, 2, 600);
    counts.written(10, true);
    counts.written(SPEED.maxDocsPerChunk(), false);
    counts.copiedChunk(20, SPEED.chunkBytes() / 2 - 1, mixed);
    counts.copiedChunk(30, SPEED.chunkBytes() / 2, mixed);
    counts.copiedChunk(SPEED.maxDocsPerChunk(), 100, mixed);
    counts.copied(5, meta(SPEED, 5_000, 5, 2, 40));
    assertEquals(10, counts.chunks());
    assertEquals(4, counts.incompleteChunks());
    assertEquals(10 + 20 + 40, counts.incompleteDocs());
  }

  @Test
  void chunksCopiedAloneKeepTheStateTheirSegmentRecords() {
    ChunkCounts counts = new ChunkCounts(SPEED);
    // A segment of one incomplete chunk, large by bytes: still incomplete once copied, so that
    // copying it leaves the same counts as recompressing it.
    counts.copiedChunk(500, SPEED.chunkBytes() - 1, meta(SPEED, 500, 1, 1, 500));
    // A segment without incomplete chunks: a small chunk copied from it is complete.
    counts.copiedChunk(8, 100, meta(SPEED, 80, 10, 0, 0));
    assertEquals(2, counts.chunks());
    assertEquals(1, counts.incompleteChunks());
    assertEquals(500, counts.incompleteDocs());
  }
}
