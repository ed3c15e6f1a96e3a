package io.github.chunkstore.format;

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
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < strategies.size(); i++) {
      ChunkstoreStoredFieldsReader same =
          strategies.get(i) == Strategy.VISIT ? null : (ChunkstoreStoredFieldsReader) state.storedFieldsReaders[i];
      sources.add(
          switch (strategies.get(i)) {
            case COPY_SEGMENT -> new SegmentCopy(state, i, same);
            case COPY_LARGE_CHUNKS -> new LargeChunkCopy(state, i, same);
            case COPY_DOCUMENTS -> new DocumentCopy(state, i, same);
            case VISIT -> new Visit(state, i, writer.mergeVisitor(state, i));
          });
    }
    DocIDMerger<Source> merger = DocIDMerger.of(sources, state.needsIndexSort);
    int docCount = 0;
    for (Source source = merger.next(); source != null; source = merger.next()) {
      source.write();
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
          matching.matchingReaders[i] && state.storedFieldsReaders[i] instanceof ChunkstoreStoredFieldsReader c
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

  /** One source's documents in its own order; deleted ones are dropped by their doc map. */
  private abstract static class Source extends DocIDMerger.Sub {
    final StoredFieldsReader reader;
    private final int maxDoc;
    int doc = -1;

    Source(MergeState state, int i) {
      super(state.docMaps[i]);
      this.reader = state.storedFieldsReaders[i];
      this.maxDoc = state.maxDocs[i];
    }

    @Override
    public int nextDoc() {
      return ++doc < maxDoc ? doc : DocIdSetIterator.NO_MORE_DOCS;
    }

    /** Writes the current document, or the chunks that start with it. */
    abstract void write() throws IOException;
  }

  /** {@link Strategy#COPY_SEGMENT}: everything is copied at the first document. */
  private final class SegmentCopy extends Source {
    private final ChunkstoreStoredFieldsReader source;

    SegmentCopy(MergeState state, int i, ChunkstoreStoredFieldsReader source) {
      super(state, i);
      this.source = source;
    }

    @Override
    void write() throws IOException {
      if (doc == 0) {
        writer.copySegment(source);
      }
    }
  }

  /** {@link Strategy#COPY_LARGE_CHUNKS}: decides chunk by chunk, at each chunk's first document. */
  private final class LargeChunkCopy extends Source {
    private final ChunkstoreStoredFieldsReader source;
    private final StoredFieldsIndexReader index;
    private int chunk = -1;
    private int chunkEnd; // documents before it are in chunks already decided
    private boolean copying; // whether the current chunk is copied
    private boolean checked; // whether the source's integrity is verified

    LargeChunkCopy(MergeState state, int i, ChunkstoreStoredFieldsReader source) {
      super(state, i);
      this.source = source;
      this.index = source.chunkIndex();
    }

    @Override
    void write() throws IOException {
      while (doc >= chunkEnd) {
        chunk++;
        int docs = index.chunkDocCount(chunk);
        chunkEnd = index.chunkDocBase(chunk) + docs;
        DocumentBuffer buffer = writer.buffer();
        copying =
            MergeRules.copiesChunk(source.chunkRawLength(chunk), docs, buffer.size(), buffer.numDocs(), settings);
        if (copying) {
          if (!checked) {
            source.checkIntegrity(); // bytes are copied without decoding
            checked = true;
          }
          writer.copyChunk(source, chunk, docs);
        }
      }
      if (!copying) {
        writer.copyDocument(source, doc);
      }
    }
  }

  /** {@link Strategy#COPY_DOCUMENTS}. */
  private final class DocumentCopy extends Source {
    private final ChunkstoreStoredFieldsReader source;

    DocumentCopy(MergeState state, int i, ChunkstoreStoredFieldsReader source) {
      super(state, i);
      this.source = source;
    }

    @Override
    void write() throws IOException {
      writer.copyDocument(source, doc);
    }
  }

  /** {@link Strategy#VISIT}. */
  private final class Visit extends Source {
    private final StoredFieldVisitor visitor;

    Visit(MergeState state, int i, StoredFieldVisitor visitor) {
      super(state, i);
      this.visitor = visitor;
    }

    @Override
    void write() throws IOException {
      writer.startDocument();
      reader.document(doc, visitor);
      writer.finishDocument();
    }
  }
}
