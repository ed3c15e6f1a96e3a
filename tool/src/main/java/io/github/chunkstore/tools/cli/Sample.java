package io.github.chunkstore.tools.cli;

import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;

/**
 * Which live documents an estimate samples: every segment contributes in proportion to its live
 * documents, in runs of up to {@link #RUN} consecutive live documents spread evenly over it. Runs
 * keep the neighbourhoods of the index (documents written together tend to look alike, which is
 * what compression finds), and cost one decompressed block each to read rather than one per
 * document, so sampling a large index stays quick.
 */
final class Sample {

  /** Consecutive live documents per run. */
  static final int RUN = 64;

  private Sample() {}

  /**
   * Per leaf of {@code reader}, in order, the ids of the documents to sample, ascending: {@code
   * size} live documents in all, or every live document if there are not that many.
   */
  static int[][] pick(IndexReader reader, int size) {
    List<LeafReaderContext> leaves = reader.leaves();
    long total = reader.numDocs();
    long want = Math.min(size, total);
    int[][] picks = new int[leaves.size()][];
    long before = 0;
    for (int i = 0; i < leaves.size(); i++) {
      LeafReader leaf = leaves.get(i).reader();
      long after = before + leaf.numDocs();
      // Cumulative rounding: the quotas add up to exactly `want`.
      int quota = (int) (want * after / total - want * before / total);
      picks[i] = pickInLeaf(leaf, quota);
      before = after;
    }
    return picks;
  }

  /** {@code quota} live documents of {@code leaf} in evenly spaced runs. */
  private static int[] pickInLeaf(LeafReader leaf, int quota) {
    int live = leaf.numDocs();
    int[] picked = new int[quota];
    if (quota == 0) {
      return picked;
    }
    int runs = (quota + RUN - 1) / RUN;
    long gaps = live - quota;
    // Run r covers the live ordinals from start(r) = quota * r / runs + gaps * r / runs to
    // start(r) + quota * (r + 1) / runs - quota * r / runs: the runs share out the quota and the
    // gaps between them share out the rest, so they never overlap and end within the segment.
    int run = 0;
    long runStart = 0;
    long runEnd = (long) quota / runs;
    int n = 0;
    long ordinal = 0;
    Bits liveDocs = leaf.getLiveDocs();
    for (int doc = 0; doc < leaf.maxDoc() && n < quota; doc++) {
      if (liveDocs != null && !liveDocs.get(doc)) {
        continue;
      }
      if (ordinal >= runStart) {
        picked[n++] = doc;
        if (ordinal == runEnd - 1 && ++run < runs) {
          runStart = (long) quota * run / runs + gaps * run / runs;
          runEnd = (long) quota * (run + 1) / runs + gaps * run / runs;
        }
      }
      ordinal++;
    }
    if (n != quota) {
      throw new IllegalStateException("sampled " + n + " documents of " + quota + " wanted");
    }
    return picked;
  }
}
