package io.github.chunkstore.format;

import io.github.chunkstore.compression.DictionaryTrainer;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a DICTIONARY segment gets its dictionary, at flush and at merge alike:
 *
 * <ol>
 *   <li>A segment under {@code minSegmentBytes} serialized bytes ({@link
 *       ModeSettings#dictionaryMinSegmentBytes}) gets none: a dictionary would cost more than it
 *       saves, and such segments are soon merged.
 *   <li>Otherwise a fresh dictionary of up to {@link #MAX_DICTIONARY_BYTES} (1/32 of the segment)
 *       is trained on the segment's sample, all but every eighth document, which is held out.
 *   <li>Each candidate (the dictionary shared by the most copyable merge sources, then the one this
 *       format used last) is reused if it compresses the held-out documents, in blocks as the
 *       segment would, to at most {@link #REUSE_TOLERANCE} times the fresh dictionary's size.
 *       Reusing lets merges copy chunks byte for byte; the tolerance bounds what that may cost.
 *   <li>Otherwise the fresh dictionary is taken if its memory fits the segment's own budget ({@link
 *       ModeSettings#dictionaryMemoryShare()} of its estimated stored bytes); if it does not, the
 *       best candidate is reused whatever the tolerance, as long as it beats no dictionary: open
 *       segments that store the same dictionary hold it once ({@link OpenDictionaries}), so a small
 *       segment sharing it adds no memory, where a fresh one of its own would hold several times
 *       its budget (64 KiB of dictionary hold 91 KiB, 1% of a 9 MB segment).
 * </ol>
 *
 * A segment that finds no usable candidate still gets a fresh dictionary above the threshold: it is
 * the one the next segments share.
 *
 * <p>A merge whose documents all come from chunks copied from sources that share one dictionary
 * keeps it without training: no document is recompressed, so nothing can get worse.
 */
final class DictionaryChoice {

  /**
   * 48 KiB from a 384 KiB sample compressed GeoNames as well as this in isolated trials and trained
   * 25% faster, but in the benchmark's bulk JSON run it took 73.3 instead of 71.2 bytes/doc.
   */
  static final int MAX_DICTIONARY_BYTES = 64 * 1024;

  /**
   * A candidate may compress the held-out documents up to 10% worse than a fresh dictionary. In the
   * benchmark's bulk regime (ten flushes, then forceMerge(1)) each flush of drifting data (GeoNames
   * by id, WordNet by part of speech) trained its own dictionary with a tolerance of 1%, and the 1%
   * memory budget let the merge keep only one to three of them, so it recompressed most documents:
   * 1.5-3.9 s where Lucene's BEST_COMPRESSION copies in 0.2 s. With 10% the flushes share one or
   * two dictionaries and every corpus merge copies its chunks (0.17-0.28 s), for -0.8% to +1.5%
   * bytes per data set (benchmark worker, one run each, 5% gave +0-1.2% bytes but still
   * recompressed GeoNames).
   */
  static final double REUSE_TOLERANCE = 1.10;

  private static final int HOLDOUT_EVERY = 8;

  private DictionaryChoice() {}

  /**
   * The dictionary for a new segment, or null for none.
   *
   * @param memoryShare the share of the segment's stored bytes that a dictionary of its own may
   *     hold in memory ({@link ModeSettings#dictionaryMemoryShare()})
   */
  static ZstdDictionary choose(
      DocumentSampler sampler,
      List<ZstdDictionary> candidates,
      int level,
      int blockBytes,
      long minSegmentBytes,
      double memoryShare) {
    long segmentBytes = sampler.estimatedBytes();
    if (segmentBytes < minSegmentBytes) {
      return null;
    }
    List<byte[]> training = new ArrayList<>();
    List<byte[]> holdout = new ArrayList<>();
    List<byte[]> samples = sampler.samples();
    for (int i = 0; i < samples.size(); i++) {
      (i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 ? holdout : training).add(samples.get(i));
    }
    int size = (int) Math.min(MAX_DICTIONARY_BYTES, segmentBytes / 32);
    ZstdDictionary fresh = DictionaryTrainer.train(training, size);
    if (candidates.isEmpty() || holdout.isEmpty()) {
      return fresh;
    }
    List<byte[]> blocks = asBlocks(holdout, blockBytes);
    long freshSize =
        DictionaryTrainer.compressedSize(blocks, fresh, level); // no dictionary if null
    ZstdDictionary best = null;
    long bestSize = Long.MAX_VALUE;
    for (ZstdDictionary candidate : candidates) {
      long candidateSize = DictionaryTrainer.compressedSize(blocks, candidate, level);
      if (candidateSize <= freshSize * REUSE_TOLERANCE) {
        return candidate;
      }
      if (candidateSize < bestSize) {
        best = candidate;
        bestSize = candidateSize;
      }
    }
    if (fitsOwnBudget(fresh, segmentBytes, freshSize, blocks, memoryShare)) {
      return fresh;
    }
    // A fresh dictionary would be this segment's alone and hold more than its share of memory,
    // while a candidate is stored by live segments (the chunks this merge copies, or the segment
    // written last) whose readers hold it already: sharing it costs nothing more, and on data of
    // one index it beats no dictionary by far. Only a candidate worse than none is passed over
    // (the last segment may belong to another index with other data).
    if (bestSize < DictionaryTrainer.compressedSize(blocks, null, level)) {
      return best;
    }
    return fresh;
  }

  /**
   * Whether {@code fresh}'s memory is within {@code memoryShare} of the segment's stored bytes,
   * estimated from its {@code segmentBytes} serialized bytes at the ratio {@code fresh} reached on
   * the held-out {@code blocks} ({@code freshSize} bytes).
   */
  private static boolean fitsOwnBudget(
      ZstdDictionary fresh,
      long segmentBytes,
      long freshSize,
      List<byte[]> blocks,
      double memoryShare) {
    long holdoutBytes = 0;
    for (byte[] block : blocks) {
      holdoutBytes += block.length;
    }
    double storedBytes = (double) segmentBytes * freshSize / Math.max(1, holdoutBytes);
    return ZstdDictionary.memoryOnceDigested(fresh.length()) <= memoryShare * storedBytes;
  }

  /** Concatenates documents into blocks of at most {@code blockBytes}, as the writer cuts them. */
  private static List<byte[]> asBlocks(List<byte[]> docs, int blockBytes) {
    List<byte[]> blocks = new ArrayList<>();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (byte[] doc : docs) {
      if (block.size() > 0 && block.size() + doc.length > blockBytes) {
        blocks.add(block.toByteArray());
        block.reset();
      }
      block.write(doc, 0, Math.min(doc.length, blockBytes));
    }
    if (block.size() > 0) {
      blocks.add(block.toByteArray());
    }
    return blocks;
  }
}
