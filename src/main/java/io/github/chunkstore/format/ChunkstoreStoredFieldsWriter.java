package io.github.chunkstore.format;

import static io.github.chunkstore.format.StoredFieldsFiles.DATA_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.DATA_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.META_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.META_EXTENSION;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * Writes Chunkstore stored fields (layout in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}). Documents are serialized into a {@link
 * DocumentBuffer}; once it holds a chunk, a {@link ChunkWriter} compresses it into the data file,
 * or in mode DICTIONARY a {@link DeferredDictionaryWriter} spills it until the segment's dictionary
 * is chosen. Merges go through {@link StoredFieldsMerger}. This class opens the files and writes
 * the meta file at the end.
 */
public final class ChunkstoreStoredFieldsWriter extends StoredFieldsWriter {

  private static final long SHALLOW_SIZE =
      RamUsageEstimator.shallowSizeOfInstance(ChunkstoreStoredFieldsWriter.class);

  private final String segment;
  private final ModeSettings settings;
  private final BlockRecycler pages;
  private final DocumentBuffer buffer;
  private final ChunkWriter chunks;
  private final DeferredDictionaryWriter deferred; // mode DICTIONARY only
  private final ChunkSink sink; // `deferred` if there is one, else `chunks`
  private IndexOutput metaOut;
  private int numDocs;
  private boolean closed;

  public ChunkstoreStoredFieldsWriter(
      Directory dir,
      SegmentInfo si,
      IOContext context,
      ModeSettings settings,
      RecentDictionary recent)
      throws IOException {
    this.segment = si.name;
    this.settings = settings;
    // Enough free pages for a full chunk and its compressed form, not for a huge document.
    this.pages = new BlockRecycler(2L * settings.chunkBytes() + 64 * 1024);
    this.buffer = new DocumentBuffer(settings, segment, pages);
    boolean dictionaryMode = settings.mode() == SegmentMode.DICTIONARY;
    IndexOutput dataOut = null;
    IndexOutput indexOut = null;
    BlockCodec codec = null;
    ChunkWriter chunkWriter = null;
    boolean success = false;
    try {
      dataOut =
          dir.createOutput(IndexFileNames.segmentFileName(segment, "", DATA_EXTENSION), context);
      indexOut =
          dir.createOutput(IndexFileNames.segmentFileName(segment, "", INDEX_EXTENSION), context);
      metaOut =
          dir.createOutput(IndexFileNames.segmentFileName(segment, "", META_EXTENSION), context);
      StoredFieldsFiles.writeHeader(dataOut, DATA_CODEC, si);
      StoredFieldsFiles.writeHeader(indexOut, INDEX_CODEC, si);
      StoredFieldsFiles.writeHeader(metaOut, META_CODEC, si);
      chunkWriter = new ChunkWriter(settings, buffer, dictionaryMode, dataOut, indexOut, pages);
      if (dictionaryMode) {
        // Its codec needs the dictionary, trained first; its deferred writer adds documents with
        // their keys apart.
        chunkWriter.keepKeysApart();
      } else {
        codec = settings.newBlockCodec(null);
        chunkWriter.useCodec(codec, null);
      }
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(chunkWriter, dataOut, indexOut, metaOut, codec);
      }
    }
    this.chunks = chunkWriter;
    this.deferred =
        dictionaryMode
            ? new DeferredDictionaryWriter(settings, segment, dir, context, buffer, chunks, recent)
            : null;
    this.sink = dictionaryMode ? deferred : chunks;
  }

  @Override
  public void startDocument() {
    buffer.startDocument();
  }

  @Override
  public void finishDocument() throws IOException {
    buffer.finishDocument();
    numDocs++;
    sink.documentBuffered();
  }

  @Override
  public void writeField(FieldInfo info, int value) throws IOException {
    buffer.writeInt(info, value);
  }

  @Override
  public void writeField(FieldInfo info, long value) throws IOException {
    buffer.writeLong(info, value);
  }

  @Override
  public void writeField(FieldInfo info, float value) throws IOException {
    buffer.writeFloat(info, value);
  }

  @Override
  public void writeField(FieldInfo info, double value) throws IOException {
    buffer.writeDouble(info, value);
  }

  @Override
  public void writeField(FieldInfo info, BytesRef value) throws IOException {
    buffer.writeBytes(info, value);
  }

  @Override
  public void writeField(FieldInfo info, StoredFieldDataInput value) throws IOException {
    buffer.writeBytes(info, value);
  }

  @Override
  public void writeField(FieldInfo info, String value) throws IOException {
    buffer.writeString(info, value);
  }

  /** Chunks written so far (tests). */
  long chunksWritten() {
    return chunks.counts().chunks();
  }

  /** Whether the documents being buffered have their keys inline (tests). */
  boolean buffersKeysInline() {
    return buffer.keysInline();
  }

  /** What {@link #merge} does first (tests). */
  void keepKeysApartForTests() throws IOException {
    chunks.keepKeysApart();
  }

  // Merge steps (StoredFieldsMerger): each keeps numDocs in step with the documents written.

  /** Appends document {@code doc} of {@code source} as it is serialized there. */
  void copyDocument(ChunkstoreStoredFieldsReader source, int doc) throws IOException {
    buffer.copyDocument(source, doc);
    numDocs++;
    sink.documentBuffered();
  }

  /** Copies every chunk of {@code source}, which has this writer's layout. */
  void copySegment(ChunkstoreStoredFieldsReader source) throws IOException {
    sink.copySegment(source);
    numDocs += source.numDocs();
  }

  /**
   * Copies chunk {@code c}, of {@code docs} documents and {@code rawBytes}, of an integrity-checked
   * {@code source}.
   */
  void copyChunk(ChunkstoreStoredFieldsReader source, int c, int docs, long rawBytes)
      throws IOException {
    sink.copyChunk(source, c, docs, rawBytes);
    numDocs += docs;
  }

  /**
   * Mode DICTIONARY, in a merge: the dictionary that the chunks it copies use most, offered for the
   * documents it recompresses ({@link MergeDictionaries}, {@link DeferredDictionaryWriter}).
   */
  void offerDictionary(ZstdDictionary dictionary, boolean roomForAnother) {
    if (deferred == null) {
      throw new IllegalStateException("only mode DICTIONARY takes a dictionary");
    }
    deferred.offerCandidate(dictionary, roomForAnother);
  }

  /**
   * A visitor that writes the fields of source {@code i}'s documents, renumbered, to this writer.
   */
  StoredFieldVisitor mergeVisitor(MergeState state, int i) {
    return new MergeVisitor(state, i);
  }

  DocumentBuffer buffer() {
    return buffer;
  }

  @Override
  public void finish(int numDocs) throws IOException {
    if (deferred != null) {
      deferred.finish();
    }
    if (numDocs != this.numDocs) {
      throw new IllegalStateException(
          "segment "
              + segment
              + ": wrote "
              + this.numDocs
              + " documents but finish was called with numDocs="
              + numDocs);
    }
    chunks.finish(numDocs);
    ChunkCounts counts = chunks.counts();
    new SegmentMeta(
            settings.mode(),
            settings.chunkBytes(),
            settings.maxDocsPerChunk(),
            settings.blockBytes(),
            numDocs,
            counts.chunks(),
            counts.incompleteChunks(),
            counts.incompleteDocs(),
            chunks.rawBytes(),
            chunks.dictionaries())
        .write(metaOut);
    CodecUtil.writeFooter(metaOut);
  }

  @Override
  public int merge(MergeState mergeState) throws IOException {
    chunks.keepKeysApart(); // a merge copies documents with their keys apart
    return new StoredFieldsMerger(this, settings).merge(mergeState);
  }

  @Override
  public long ramBytesUsed() {
    return SHALLOW_SIZE
        + buffer.ramBytesUsed()
        + pages.ramBytesUsed()
        + chunks.ramBytesUsed()
        + (deferred == null ? 0 : deferred.ramBytesUsed());
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (deferred != null) {
        deferred.close(); // a failure before the replay ended leaves the spill file
      }
      IOUtils.close(chunks, metaOut);
    } finally {
      metaOut = null;
    }
  }
}
