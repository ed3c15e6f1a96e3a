package io.github.chunkstore.format;

import static io.github.chunkstore.format.MergeRules.Strategy.COPY_DOCUMENTS;
import static io.github.chunkstore.format.MergeRules.Strategy.COPY_LARGE_CHUNKS;
import static io.github.chunkstore.format.MergeRules.Strategy.COPY_SEGMENT;
import static io.github.chunkstore.format.MergeRules.Strategy.VISIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.format.MergeDictionaries.Plan;
import io.github.chunkstore.format.MergeDictionaries.Source;
import io.github.chunkstore.format.MergeRules.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which dictionaries a DICTIONARY merge keeps ({@link MergeDictionaries}), without an index. */
class MergeDictionariesTest {

  private static final long MIN_SEGMENT_BYTES = 1 << 20;
  private static final long MB = 1 << 20;
  private static final double SHARE = ModeSettings.DICTIONARY_MEMORY_SHARE;

  /** A distinct 4 KiB dictionary (its content only matters for its id). */
  private static ZstdDictionary dictionary(int seed) {
    return dictionary(seed, 4096);
  }

  private static ZstdDictionary dictionary(int seed, int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) seed);
    bytes[0] = (byte) (seed >>> 8);
    return ZstdDictionary.of(bytes);
  }

  private static Source copied(long rawBytes, ZstdDictionary... dictionaries) {
    return new Source(COPY_SEGMENT, rawBytes, rawBytes / 3, List.of(dictionaries));
  }

  @Test
  void copiedSourcesKeepTheirDictionariesWhenTheyFit() {
    ZstdDictionary a = dictionary(1);
    ZstdDictionary b = dictionary(2);
    ZstdDictionary c = dictionary(3);
    Plan plan =
        MergeDictionaries.plan(
            List.of(
                copied(300 * MB, a),
                copied(900 * MB, b),
                copied(200 * MB, c),
                new Source(COPY_DOCUMENTS, 10 * MB, 3 * MB, List.of(a))),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertEquals(
        List.of(COPY_SEGMENT, COPY_SEGMENT, COPY_SEGMENT, COPY_DOCUMENTS), plan.strategies());
    assertSame(b, plan.dictionary(), "recompressed documents use the most copied bytes' one");
  }

  @Test
  void aSharedDictionaryCountsOnce() {
    ZstdDictionary shared = dictionary(7);
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      sources.add(copied(100 * MB, shared));
    }
    Plan plan = MergeDictionaries.plan(sources, MIN_SEGMENT_BYTES, SHARE);
    assertTrue(plan.strategies().stream().allMatch(s -> s == COPY_SEGMENT));
    assertSame(shared, plan.dictionary());
  }

  /**
   * 11 sources of 11 dictionaries: 8 could be kept, but the 3 recompressed sources deserve a fresh
   * dictionary of their own, so the smallest kept one makes room for it.
   */
  @Test
  void beyondEightDictionariesTheSmallestSourcesAreRecompressed() {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      // Sizes 100, 110, ... MB, in an order unrelated to size.
      long raw = (100 + 10 * ((i * 7) % 11)) * MB;
      sources.add(new Source(COPY_LARGE_CHUNKS, raw, raw / 3, List.of(dictionary(i))));
    }
    Plan plan = MergeDictionaries.plan(sources, MIN_SEGMENT_BYTES, SHARE);
    int kept = 0;
    for (int i = 0; i < sources.size(); i++) {
      boolean small = sources.get(i).rawBytes() < 140 * MB;
      assertEquals(small ? COPY_DOCUMENTS : COPY_LARGE_CHUNKS, plan.strategies().get(i), "i=" + i);
      kept += small ? 0 : 1;
    }
    assertEquals(SegmentDictionaries.MAX_DICTIONARIES - 1, kept);
    assertTrue(plan.roomForAnother());
  }

  @Test
  void aSegmentWithRoomForOneDictionaryRecompressesEverythingWithAFreshOne() {
    // Ten flushed segments of 1.5 MB stored, each with its own 64 KiB dictionary: 1% of the
    // merged bytes holds one dictionary, trained on a tenth of the documents: all recompress.
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sources.add(
          new Source(COPY_SEGMENT, 10 * MB, 3 * MB / 2, List.of(dictionary(100 + i, 64 * 1024))));
    }
    Plan plan = MergeDictionaries.plan(sources, MIN_SEGMENT_BYTES, SHARE);
    assertTrue(plan.strategies().stream().allMatch(s -> s == COPY_DOCUMENTS), "" + plan);
    assertNull(plan.dictionary(), "the writer trains a fresh one");
  }

  @Test
  void dictionariesBeyondOnePercentOfTheMergedBytesAreNotKept() {
    // 31-35 KiB of memory per dictionary (its 4 KiB, once or twice, and 27 KiB of zstd's tables):
    // 1% of a 4 MB segment has room for one.
    ZstdDictionary big = dictionary(1);
    ZstdDictionary small = dictionary(2);
    Plan plan =
        MergeDictionaries.plan(
            List.of(
                new Source(COPY_SEGMENT, 6 * MB, 3 * MB, List.of(big)),
                new Source(COPY_SEGMENT, 2 * MB, MB, List.of(small))),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertEquals(List.of(COPY_SEGMENT, COPY_DOCUMENTS), plan.strategies());
    assertSame(big, plan.dictionary());
  }

  @Test
  void theLargestSourceKeepsItsOwnEvenBeyondTheBudget() {
    ZstdDictionary only = dictionary(1);
    Plan plan =
        MergeDictionaries.plan(
            List.of(new Source(COPY_SEGMENT, 2 * MB, 100_000, List.of(only))),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertEquals(List.of(COPY_SEGMENT), plan.strategies());
    assertSame(only, plan.dictionary());
  }

  @Test
  void sourcesWithoutDictionaryAreRecompressedIntoASegmentThatHasOne() {
    ZstdDictionary d = dictionary(1);
    Plan plan =
        MergeDictionaries.plan(
            List.of(copied(30 * MB, d), copied(500_000), copied(400_000)),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertEquals(List.of(COPY_SEGMENT, COPY_DOCUMENTS, COPY_DOCUMENTS), plan.strategies());
    assertSame(d, plan.dictionary());
  }

  @Test
  void aLargeMergeWithoutDictionariesTrainsOne() {
    Plan plan =
        MergeDictionaries.plan(
            List.of(copied(600_000), copied(600_000), new Source(VISIT, 0, 0, List.of())),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertNull(plan.dictionary(), "the writer trains one");
    assertEquals(List.of(COPY_DOCUMENTS, COPY_DOCUMENTS, VISIT), plan.strategies());
  }

  @Test
  void aSmallMergeWithoutDictionariesCopiesChunksAndHasNone() {
    List<Strategy> before = List.of(COPY_SEGMENT, COPY_LARGE_CHUNKS, COPY_DOCUMENTS);
    Plan plan =
        MergeDictionaries.plan(
            List.of(
                new Source(before.get(0), 300_000, 100_000, List.of()),
                new Source(before.get(1), 300_000, 100_000, List.of()),
                new Source(before.get(2), 300_000, 100_000, List.of())),
            MIN_SEGMENT_BYTES,
            SHARE);
    assertNull(plan.dictionary());
    assertEquals(before, plan.strategies());
  }
}
