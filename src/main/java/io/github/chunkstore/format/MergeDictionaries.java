package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.format.MergeRules.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which dictionaries a DICTIONARY merge carries into the merged segment, and what the documents it
 * recompresses are compressed with. Decided once, before the first document, from what the sources'
 * meta files record, so that it can be tested without an index.
 *
 * <p>Chunks name their dictionary, so a source's chunks are copied byte for byte together with the
 * dictionaries they name, whatever the other sources use: a merge recompresses only what {@link
 * MergeRules} would recompress in any mode (deleted, dirty or index-sorted sources), plus:
 *
 * <ul>
 *   <li>The sources whose dictionaries would not fit: at most {@link
 *       SegmentDictionaries#MAX_DICTIONARIES} per segment, holding at most {@link
 *       #MAX_MEMORY_BYTES} and 1% ({@link ModeSettings#dictionaryMemoryShare()}) of the merged
 *       segment's stored bytes (except that the largest copied source always keeps its own). The
 *       smallest such sources are recompressed first, so old dictionaries die out and write
 *       amplification stays bounded by what the large sources carry.
 *   <li>Sources without a dictionary (segments once too small for one) when the merged segment is
 *       large enough to have one: they would otherwise stay without one forever.
 *   <li>When the documents recompressed are many (at least the threshold for a dictionary, and more
 *       than a kept dictionary's sources) and no fresh dictionary fits beside the kept ones: the
 *       least used kept dictionary's sources, so that a dictionary trained on the recompressed
 *       documents can replace it. A merged segment with room for one dictionary only thus
 *       recompresses everything with a fresh one rather than with one trained on a tenth of it.
 * </ul>
 *
 * The dictionary that the most copied raw bytes use is offered for the recompressed documents: the
 * writer keeps it unless a fresh one trained on them compresses clearly better, and uses it without
 * training when they are too few ({@link DeferredDictionaryWriter}). If no copied chunk has a
 * dictionary, the writer trains one as a flush does, or the segment gets none if it is too small.
 */
final class MergeDictionaries {

  /** Dictionary memory a segment may hold while open: 1 MiB. */
  static final long MAX_MEMORY_BYTES = 1 << 20;

  /**
   * One merge source as the plan sees it.
   *
   * @param strategy what {@link MergeRules} chose for it
   * @param rawBytes its serialized documents' bytes (0 if unknown: another codec)
   * @param storedBytes its data file's length (0 if unknown)
   * @param dictionaries the dictionaries its chunks name (empty for another codec)
   */
  record Source(
      Strategy strategy, long rawBytes, long storedBytes, List<ZstdDictionary> dictionaries) {
    boolean copies() {
      return strategy == Strategy.COPY_SEGMENT || strategy == Strategy.COPY_LARGE_CHUNKS;
    }
  }

  /**
   * The plan.
   *
   * @param strategies per source, the strategy to use: {@link MergeRules}' choice, or {@link
   *     Strategy#COPY_DOCUMENTS} for a source recompressed for the reasons above
   * @param dictionary the dominant copied dictionary, offered for the recompressed documents; null
   *     if no copied chunk has one
   * @param roomForAnother whether the merged segment may also hold a freshly trained dictionary
   *     (within {@link SegmentDictionaries#MAX_DICTIONARIES} and the memory budget, counting a
   *     fresh one as {@link DictionaryChoice#MAX_DICTIONARY_BYTES}); always true without {@code
   *     dictionary}
   */
  record Plan(List<Strategy> strategies, ZstdDictionary dictionary, boolean roomForAnother) {}

  private MergeDictionaries() {}

  /**
   * The plan for merging {@code sources} into a segment that gets a dictionary from {@code
   * minSegmentBytes} serialized bytes on and whose dictionaries may hold {@code memoryShare} of its
   * stored bytes.
   */
  static Plan plan(List<Source> sources, long minSegmentBytes, double memoryShare) {
    List<Strategy> strategies = new ArrayList<>();
    long mergedRaw = 0;
    long mergedStored = 0;
    for (Source s : sources) {
      strategies.add(s.strategy());
      mergedRaw += s.rawBytes();
      mergedStored += s.storedBytes();
    }
    long budget = (long) Math.min(MAX_MEMORY_BYTES, memoryShare * mergedStored);
    // The largest copied source keeps its dictionaries even beyond the budget, unless a fresh
    // dictionary must replace them (below): recompressing it would cost the most.
    long floor = largestSourceMemory(sources, strategies);
    while (true) {
      Map<Integer, ZstdDictionary> kept = keptDictionaries(sources, strategies);
      if (kept.size() <= SegmentDictionaries.MAX_DICTIONARIES
          && memory(kept) <= Math.max(floor, budget)) {
        break;
      }
      dropDictionary(sources, strategies, leastUsedDictionary(sources, strategies));
    }
    if (mergedRaw >= minSegmentBytes || !keptDictionaries(sources, strategies).isEmpty()) {
      // The merged segment has a dictionary: sources without one are recompressed with it.
      for (int i = 0; i < sources.size(); i++) {
        if (copies(strategies, i) && sources.get(i).dictionaries().isEmpty()) {
          strategies.set(i, Strategy.COPY_DOCUMENTS);
        }
      }
    }
    // Documents recompressed in bulk deserve a dictionary trained on them: a copied source's was
    // trained on other documents. When there is no room for one, the smallest copied sources give
    // up theirs while they hold fewer bytes than what is recompressed.
    while (true) {
      Map<Integer, ZstdDictionary> kept = keptDictionaries(sources, strategies);
      long recompressed = 0;
      for (int i = 0; i < sources.size(); i++) {
        recompressed += copies(strategies, i) ? 0 : sources.get(i).rawBytes();
      }
      if (kept.isEmpty() || recompressed < minSegmentBytes || roomForFresh(kept, budget)) {
        break;
      }
      int leastUsed = leastUsedDictionary(sources, strategies);
      if (bytesPerDictionary(sources, strategies).get(leastUsed) > recompressed) {
        break;
      }
      dropDictionary(sources, strategies, leastUsed);
    }
    ZstdDictionary dominant = dominantDictionary(sources, strategies);
    boolean roomForAnother =
        dominant == null || roomForFresh(keptDictionaries(sources, strategies), budget);
    return new Plan(strategies, dominant, roomForAnother);
  }

  /** Whether a freshly trained dictionary fits beside {@code kept}. */
  private static boolean roomForFresh(Map<Integer, ZstdDictionary> kept, long budget) {
    return kept.size() < SegmentDictionaries.MAX_DICTIONARIES
        && memory(kept) + ZstdDictionary.memoryOnceDigested(DictionaryChoice.MAX_DICTIONARY_BYTES)
            <= budget;
  }

  /**
   * The id of the kept dictionary that the fewest copied raw bytes use: the cheapest to give up, as
   * its sources are the fewest bytes to recompress.
   */
  private static int leastUsedDictionary(List<Source> sources, List<Strategy> strategies) {
    int leastUsed = 0;
    double fewest = Double.MAX_VALUE;
    for (Map.Entry<Integer, Double> e : bytesPerDictionary(sources, strategies).entrySet()) {
      if (e.getValue() < fewest) {
        fewest = e.getValue();
        leastUsed = e.getKey();
      }
    }
    return leastUsed;
  }

  /** Recompresses every copied source that brings dictionary {@code id}. */
  private static void dropDictionary(List<Source> sources, List<Strategy> strategies, int id) {
    for (int i = 0; i < sources.size(); i++) {
      if (copies(strategies, i)
          && sources.get(i).dictionaries().stream().anyMatch(d -> d.id() == id)) {
        strategies.set(i, Strategy.COPY_DOCUMENTS);
      }
    }
  }

  private static boolean copies(List<Strategy> strategies, int i) {
    Strategy s = strategies.get(i);
    return s == Strategy.COPY_SEGMENT || s == Strategy.COPY_LARGE_CHUNKS;
  }

  /**
   * The distinct dictionaries of the sources still copied, by id. A source bringing a different
   * dictionary under an id already taken (a hash collision) is recompressed instead.
   */
  private static Map<Integer, ZstdDictionary> keptDictionaries(
      List<Source> sources, List<Strategy> strategies) {
    Map<Integer, ZstdDictionary> kept = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!copies(strategies, i)) {
        continue;
      }
      List<ZstdDictionary> theirs = sources.get(i).dictionaries();
      boolean clash = false;
      for (ZstdDictionary d : theirs) {
        ZstdDictionary known = kept.get(d.id());
        clash |= known != null && !known.sameContent(d);
      }
      if (clash) {
        strategies.set(i, Strategy.COPY_DOCUMENTS);
        continue;
      }
      for (ZstdDictionary d : theirs) {
        kept.putIfAbsent(d.id(), d);
      }
    }
    return kept;
  }

  private static long largestSourceMemory(List<Source> sources, List<Strategy> strategies) {
    Source largest = null;
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      if (copies(strategies, i)
          && !s.dictionaries().isEmpty()
          && (largest == null || s.rawBytes() > largest.rawBytes())) {
        largest = s;
      }
    }
    if (largest == null) {
      return 0;
    }
    Map<Integer, ZstdDictionary> own = new LinkedHashMap<>();
    for (ZstdDictionary d : largest.dictionaries()) {
      own.putIfAbsent(d.id(), d);
    }
    return memory(own);
  }

  /** Memory the dictionaries hold in a reader once digested. */
  static long memory(Map<Integer, ZstdDictionary> dictionaries) {
    long sum = 0;
    for (ZstdDictionary d : dictionaries.values()) {
      sum += ZstdDictionary.memoryOnceDigested(d.length());
    }
    return sum;
  }

  /**
   * Per kept dictionary id, the raw bytes of the copied sources that bring it (a source's bytes
   * count for each of its dictionaries in equal shares).
   */
  private static Map<Integer, Double> bytesPerDictionary(
      List<Source> sources, List<Strategy> strategies) {
    Map<Integer, Double> bytesPerId = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      if (!copies(strategies, i) || s.dictionaries().isEmpty()) {
        continue;
      }
      double share = (double) Math.max(1, s.rawBytes()) / s.dictionaries().size();
      for (ZstdDictionary d : s.dictionaries()) {
        bytesPerId.merge(d.id(), share, Double::sum);
      }
    }
    return bytesPerId;
  }

  /** The kept dictionary of the most copied raw bytes, null if no copied source has one. */
  private static ZstdDictionary dominantDictionary(
      List<Source> sources, List<Strategy> strategies) {
    Map<Integer, ZstdDictionary> kept = keptDictionaries(sources, strategies);
    ZstdDictionary best = null;
    double bestBytes = -1;
    for (Map.Entry<Integer, Double> e : bytesPerDictionary(sources, strategies).entrySet()) {
      if (e.getValue() > bestBytes) {
        bestBytes = e.getValue();
        best = kept.get(e.getKey());
      }
    }
    return best;
  }
}
