package io.github.chunkstore.format;

/**
 * How many chunks a segment has and how many of them, holding how many documents, are incomplete.
 * The segment's meta file records these counts, and merges read them back to decide whether a
 * source's chunks are worth copying ({@link MergeRules}).
 *
 * <p>A chunk is incomplete when it was closed before it was full: because chunks copied from a
 * merge source must start on a chunk boundary, or because the segment ended. Every count goes
 * through this class, whichever way a chunk got into the segment:
 *
 * <ul>
 *   <li>a chunk written from buffered documents knows whether it was full;
 *   <li>a source segment copied whole brings its own counts, since its chunks keep their state;
 *   <li>a chunk copied alone keeps its state where its segment's totals tell it (all of the
 *       segment's chunks incomplete, or none); otherwise it is judged by its size: the writer
 *       closes no full chunk below half of its byte limit unless it reached the document limit
 *       ({@link ModeSettings#chunkCloseBytes}), so a chunk below both is incomplete. A copied chunk
 *       that was closed early at more than half its bytes thus counts as complete, which matches
 *       how {@link MergeRules} treats large incomplete chunks.
 * </ul>
 */
final class ChunkCounts {

  private final ModeSettings settings;
  private long chunks;
  private long incompleteChunks;
  private long incompleteDocs;

  ChunkCounts(ModeSettings settings) {
    this.settings = settings;
  }

  /** A chunk of {@code docs} documents written from the buffer, {@code closedEarly} if not full. */
  void written(int docs, boolean closedEarly) {
    count(1, closedEarly ? 1 : 0, closedEarly ? docs : 0);
  }

  /** All {@code numChunks} chunks of {@code source} copied as they are. */
  void copied(int numChunks, SegmentMeta source) {
    count(numChunks, source.numDirtyChunks(), source.numDirtyDocs());
  }

  /**
   * One chunk of {@code docs} documents and {@code rawBytes} raw bytes copied on its own from a
   * segment of {@code source}.
   */
  void copiedChunk(int docs, long rawBytes, SegmentMeta source) {
    boolean incomplete;
    if (source.numDirtyChunks() == source.numChunks()) {
      incomplete = true;
    } else if (source.numDirtyChunks() == 0) {
      incomplete = false;
    } else {
      incomplete = docs < settings.maxDocsPerChunk() && rawBytes < settings.chunkBytes() / 2;
    }
    count(1, incomplete ? 1 : 0, incomplete ? docs : 0);
  }

  private void count(long chunks, long incompleteChunks, long incompleteDocs) {
    this.chunks += chunks;
    this.incompleteChunks += incompleteChunks;
    this.incompleteDocs += incompleteDocs;
  }

  long chunks() {
    return chunks;
  }

  long incompleteChunks() {
    return incompleteChunks;
  }

  long incompleteDocs() {
    return incompleteDocs;
  }
}
