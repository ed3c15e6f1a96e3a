package io.github.chunkstore.format;

/**
 * How a merge takes each source segment, decided from what the source's meta file records and the
 * merged segment's settings alone, so that every rule can be tested without an index.
 */
final class MergeRules {

  /** How one source's documents get into the merged segment. */
  enum Strategy {
    /** Every chunk copied byte for byte. */
    COPY_SEGMENT,
    /** Large chunks copied byte for byte, the other chunks' documents recompressed. */
    COPY_LARGE_CHUNKS,
    /** Each live document's serialized bytes recompressed, without decoding its fields. */
    COPY_DOCUMENTS,
    /** Each live document decoded through a visitor: another codec, or other field numbers. */
    VISIT
  }

  /** Share of a segment's documents that may sit in incomplete chunks of any size. */
  static final double FEW_INCOMPLETE_DOCS = 0.02;

  /** Share of a segment's documents that may sit in large incomplete chunks. */
  static final double MOST_INCOMPLETE_DOCS = 0.25;

  /** Share of a complete chunk's bytes or documents that makes a chunk large. */
  static final double LARGE_CHUNK = 0.25;

  private MergeRules() {}

  /**
   * The strategy for one source.
   *
   * @param meta the source's meta, or null unless it is a Chunkstore segment whose field numbers
   *     match the merged segment's
   * @param version the source's format version
   * @param hasDeletions whether the source has deleted documents
   * @param indexSorted whether the merge sorts documents, interleaving the sources
   */
  static Strategy choose(
      ModeSettings settings,
      SegmentMeta meta,
      int version,
      boolean hasDeletions,
      boolean indexSorted) {
    if (meta == null) {
      return Strategy.VISIT;
    }
    if (indexSorted || hasDeletions || !sameLayout(settings, meta, version)) {
      return Strategy.COPY_DOCUMENTS;
    }
    return cleanEnough(meta) ? Strategy.COPY_SEGMENT : Strategy.COPY_LARGE_CHUNKS;
  }

  /** Chunks are copied only into a segment of exactly the source's layout and format version. */
  static boolean sameLayout(ModeSettings settings, SegmentMeta meta, int version) {
    return version == StoredFieldsFiles.VERSION_CURRENT
        && meta.mode() == settings.mode()
        && meta.chunkBytes() == settings.chunkBytes()
        && meta.maxDocsPerChunk() == settings.maxDocsPerChunk()
        && meta.blockBytes() == settings.blockBytes();
  }

  /**
   * Whether copying a source's chunks whole does not carry poor compression forward. The source
   * must have a complete chunk (a segment of one incomplete chunk is cheaper to recompress than to
   * copy behind a forced flush). Its incomplete chunks must be just its tail, or hold at most
   * {@link #FEW_INCOMPLETE_DOCS} of its documents, or be large: at most {@link
   * #MOST_INCOMPLETE_DOCS} of its documents, in chunks holding on average at least {@link
   * #LARGE_CHUNK} of a complete one. Other sources are merged chunk by chunk ({@link
   * Strategy#COPY_LARGE_CHUNKS}), which recompresses their small incomplete chunks, so many small
   * flushes and repeated merges do not degrade compression.
   *
   * <p>Why large incomplete chunks are copied: every merge that copies a source must first flush
   * the chunk it is filling, so segments that grow by merging keep a few such chunks, most of them
   * a sizeable part of a full chunk and compressed nearly as well. With tiny flushes (100
   * documents), a rule that tolerated only the tail or 2% recompressed most merged segments at
   * every merge: on GeoNames JSON in BEST_SPEED this rule recompresses about half as many documents
   * for 0.13% more bytes.
   */
  static boolean cleanEnough(SegmentMeta meta) {
    long completeChunks = meta.numChunks() - meta.numDirtyChunks();
    if (completeChunks <= 0) {
      return false;
    }
    if (meta.numDirtyChunks() <= 1 || meta.numDirtyDocs() <= FEW_INCOMPLETE_DOCS * meta.numDocs()) {
      return true;
    }
    double docsPerCompleteChunk = (double) (meta.numDocs() - meta.numDirtyDocs()) / completeChunks;
    double docsPerIncompleteChunk = (double) meta.numDirtyDocs() / meta.numDirtyChunks();
    return meta.numDirtyDocs() <= MOST_INCOMPLETE_DOCS * meta.numDocs()
        && docsPerIncompleteChunk >= LARGE_CHUNK * docsPerCompleteChunk;
  }

  /**
   * Under {@link Strategy#COPY_LARGE_CHUNKS}: whether a chunk of {@code rawBytes} and {@code docs}
   * is copied, given the documents already buffered for the merged segment's next chunk. A large
   * chunk is copied unless that would force a small incomplete chunk out of the buffer first, so
   * forced flushes only ever cut large chunks and small ones still merge into their neighbours.
   *
   * <p>Why: with tiny flushes, Lucene's merge policy lets a segment grow by absorbing a few small
   * ones at a time (GeoNames rows: 1,100, then 1,300, 1,600, 1,900 ... documents), and while it has
   * no complete chunk, recompressing all of it at every merge costs most of the merge time.
   */
  static boolean copiesChunk(
      long rawBytes, int docs, long bufferedBytes, int bufferedDocs, ModeSettings settings) {
    return isLarge(rawBytes, docs, settings)
        && (bufferedDocs == 0 || isLarge(bufferedBytes, bufferedDocs, settings));
  }

  /**
   * A chunk, or buffer, of at least {@link #LARGE_CHUNK} of a complete chunk's bytes or documents.
   */
  static boolean isLarge(long rawBytes, int docs, ModeSettings settings) {
    return rawBytes >= LARGE_CHUNK * settings.chunkBytes()
        || docs >= LARGE_CHUNK * settings.maxDocsPerChunk();
  }
}
