package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.format.MergeRules.Strategy;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.compressing.MatchingReaders;
import org.apache.lucene.index.DocIDMerger;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * Merges stored fields into a {@link ChunkstoreStoredFieldsWriter}: each source gets a strategy
 * from {@link MergeRules}, then one loop over Lucene's {@link DocIDMerger} takes the documents in
 * the merged segment's order, which for an index-sorted merge interleaves the sources. A source
 * whose chunks are copied does its copying at the first of the documents they hold.
 */
final class StoredFieldsMerger {

  private final ChunkstoreStoredFieldsWriter writer;
  private final ModeSettings settings;

  StoredFieldsMerger(ChunkstoreStoredFieldsWriter writer, ModeSettings settings) {
    this.writer = writer;
    this.settings = settings;
  }

  /** Merges every source and finishes the writer; returns the number of documents merged. */
  int merge(MergeState state) throws IOException {
    List<Strategy> strategies = strategies(state, settings);
    if (settings.mode() == SegmentMode.DICTIONARY) {
      MergeDictionaries.Plan plan =
          MergeDictionaries.plan(
              planSources(state, strategies, settings.dictionaryMinSegmentBytes()),
              settings.dictionaryMinSegmentBytes(),
              settings.dictionaryMemoryShare());
      strategies = plan.strategies();
      writer.offerDictionary(plan.dictionary(), plan.roomForAnother());
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < strategies.size(); i++) {
      StoredFieldsReader reader = state.storedFieldsReaders[i];
      ChunkstoreStoredFieldsReader same =
          strategies.get(i) == Strategy.VISIT ? null : (ChunkstoreStoredFieldsReader) reader;
      DocumentStep step =
          switch (strategies.get(i)) {
            case COPY_SEGMENT ->
                doc -> {
                  if (doc == 0) { // everything at once
                    writer.copySegment(same);
                  }
                };
            case COPY_LARGE_CHUNKS -> new LargeChunkCopy(same)::write;
            case COPY_DOCUMENTS -> doc -> writer.copyDocument(same, doc);
            case VISIT -> {
              // Another format may not verify what it reads: check the whole source first, as
              // Lucene's own merge of stored fields does.
              reader.checkIntegrity();
              StoredFieldVisitor visitor = writer.mergeVisitor(state, i);
              yield doc -> {
                writer.startDocument();
                reader.document(doc, visitor);
                writer.finishDocument();
              };
            }
          };
      sources.add(new Source(state, i, step));
    }
    DocIDMerger<Source> merger = DocIDMerger.of(sources, state.needsIndexSort);
    int docCount = 0;
    for (Source source = merger.next(); source != null; source = merger.next()) {
      source.step.write(source.doc);
      docCount++;
    }
    writer.finish(docCount);
    return docCount;
  }

  /** The strategy for each source of a merge into a segment of {@code settings}. */
  static List<Strategy> strategies(MergeState state, ModeSettings settings) {
    MatchingReaders matching = new MatchingReaders(state);
    List<Strategy> strategies = new ArrayList<>();
    for (int i = 0; i < state.storedFieldsReaders.length; i++) {
      // Serialized bytes are copied only from our own format with the same field numbers.
      ChunkstoreStoredFieldsReader same =
          matching.matchingReaders[i]
                  && state.storedFieldsReaders[i] instanceof ChunkstoreStoredFieldsReader c
              ? c
              : null;
      strategies.add(
          MergeRules.choose(
              settings,
              same == null ? null : same.meta(),
              same == null ? 0 : same.version(),
              state.liveDocs[i] != null,
              state.needsIndexSort));
    }
    return strategies;
  }

  /**
   * The sources as {@link MergeDictionaries} sees them. Another codec's source counts as {@code
   * unknownRawBytes}: enough for a dictionary, which the writer then trains only if the documents
   * it sees are.
   */
  private static List<MergeDictionaries.Source> planSources(
      MergeState state, List<Strategy> strategies, long unknownRawBytes) {
    List<MergeDictionaries.Source> sources = new ArrayList<>();
    for (int i = 0; i < strategies.size(); i++) {
      if (state.storedFieldsReaders[i] instanceof ChunkstoreStoredFieldsReader c) {
        List<ZstdDictionary> dictionaries = new ArrayList<>();
        for (int d = 0; d < c.numDictionaries(); d++) {
          dictionaries.add(c.dictionary(d));
        }
        sources.add(
            new MergeDictionaries.Source(
                strategies.get(i), c.meta().rawBytes(), c.dataInput().length(), dictionaries));
      } else {
        sources.add(new MergeDictionaries.Source(strategies.get(i), unknownRawBytes, 0, List.of()));
      }
    }
    return sources;
  }

  /** What a source does for one of its documents. */
  @FunctionalInterface
  private interface DocumentStep {
    /** Writes document {@code doc}, or the chunks that start with it. */
    void write(int doc) throws IOException;
  }

  /** One source's documents in its own order; deleted ones are dropped by their doc map. */
  private static final class Source extends DocIDMerger.Sub {
    private final int maxDoc;
    private final DocumentStep step;
    private int doc = -1;

    Source(MergeState state, int i, DocumentStep step) {
      super(state.docMaps[i]);
      this.maxDoc = state.maxDocs[i];
      this.step = step;
    }

    @Override
    public int nextDoc() {
      return ++doc < maxDoc ? doc : DocIdSetIterator.NO_MORE_DOCS;
    }
  }

  /** {@link Strategy#COPY_LARGE_CHUNKS}: decides chunk by chunk, at each chunk's first document. */
  private final class LargeChunkCopy {
    private final ChunkstoreStoredFieldsReader source;
    private final StoredFieldsIndexReader index;
    private int chunk = -1;
    private int chunkEnd; // documents before it are in chunks already decided
    private boolean copying; // whether the current chunk is copied
    private boolean checked; // whether the source's integrity is verified

    LargeChunkCopy(ChunkstoreStoredFieldsReader source) {
      this.source = source;
      this.index = source.chunkIndex();
    }

    void write(int doc) throws IOException {
      while (doc >= chunkEnd) {
        chunk++;
        int docs = index.chunkDocCount(chunk);
        chunkEnd = index.chunkDocBase(chunk) + docs;
        long rawBytes = source.chunkRawLength(chunk);
        DocumentBuffer buffer = writer.buffer();
        copying = MergeRules.copiesChunk(rawBytes, docs, buffer.size(), buffer.numDocs(), settings);
        if (copying) {
          if (!checked) {
            source.checkIntegrity(); // bytes are copied without decoding
            checked = true;
          }
          writer.copyChunk(source, chunk, docs, rawBytes);
        }
      }
      if (!copying) {
        writer.copyDocument(source, doc);
      }
    }
  }
}
