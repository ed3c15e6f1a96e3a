package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockDecompressor;
import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.IOUtils;

/**
 * Reads Chunkstore stored fields (layout in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}).
 *
 * <p>Opening a segment ({@link OpenedSegment}) reads and checksums the meta and chunk-index files
 * whole and keeps the index on the heap; the data file's footer is checked, its full checksum only
 * in {@link #checkIntegrity()}. A document read finds its chunk in the heap index, decodes the
 * chunk's header once, and decompresses only the block(s) holding the document. The last chunk
 * header and block stay decoded, so reading documents in order (merges, CheckIndex, scans)
 * decompresses every block once. Instances are not thread-safe: Lucene gives each thread a {@link
 * #clone()}. The segment's reader and its search clones decode into their thread's shared {@link
 * ChunkCursor} (which explains why); merge instances into their own.
 */
public final class ChunkstoreStoredFieldsReader extends StoredFieldsReader implements Accountable {

  private final FieldInfos fieldInfos;
  private final SegmentMeta meta;
  private final int version;
  private final StoredFieldsIndexReader index;
  private final SegmentDictionaries dictionaries;
  private final IndexInput data;
  private final boolean original;
  private final boolean verifyChecksums;
  private final VerifiedHeaders verifiedHeaders; // shared with clones

  // This instance's, one per dictionary (SegmentDictionaries#decompressorIndex).
  private final BlockDecompressor[] decompressors;
  // A cursor of this instance's own: a merge instance's from the start, another instance's after
  // it found the thread's cursor busy (a nested read); null while it uses the thread's.
  private ChunkCursor own;

  /**
   * Opens a segment's stored fields ({@link ConfiguredStoredFieldsFormat#fieldsReader}), sharing
   * dictionaries with the other segments open through {@code openDictionaries}.
   *
   * @param verifyChecksums false only in tests: documents are then read without verifying the chunk
   *     headers' and blocks' checksums
   */
  ChunkstoreStoredFieldsReader(
      Directory dir,
      SegmentInfo si,
      FieldInfos fieldInfos,
      IOContext context,
      boolean verifyChecksums,
      OpenDictionaries openDictionaries)
      throws IOException {
    this.fieldInfos = fieldInfos;
    this.verifyChecksums = verifyChecksums;
    OpenedSegment files = OpenedSegment.open(dir, si, context, openDictionaries);
    this.meta = files.meta();
    this.version = files.version();
    this.index = files.index();
    this.data = files.data();
    this.dictionaries = files.dictionaries();
    this.original = true;
    this.verifiedHeaders = new VerifiedHeaders(index.numChunks(), !verifyChecksums);
    this.decompressors = dictionaries.newDecompressors();
  }

  /**
   * A clone: shares everything immutable and owns its input. It decodes into a cursor of its own if
   * {@code ownCursor} (merge instances), else into its thread's.
   */
  private ChunkstoreStoredFieldsReader(ChunkstoreStoredFieldsReader other, boolean ownCursor) {
    this.fieldInfos = other.fieldInfos;
    this.meta = other.meta;
    this.version = other.version;
    this.index = other.index;
    this.dictionaries = other.dictionaries;
    this.data = other.data.clone();
    this.original = false;
    this.verifyChecksums = other.verifyChecksums;
    this.verifiedHeaders = other.verifiedHeaders;
    this.decompressors = dictionaries.newDecompressors();
    this.own = ownCursor ? newCursor() : null;
  }

  private ChunkCursor newCursor() {
    ChunkCursor cursor = new ChunkCursor();
    cursor.holdFor(this, data, verifyChecksums);
    return cursor;
  }

  /** The cursor this instance decodes into now, held for it (see {@link ChunkCursor}). */
  private ChunkCursor cursor() {
    if (own != null) {
      return own;
    }
    ChunkCursor shared = ChunkCursor.forCurrentThread();
    if (!shared.heldBy(this)) {
      if (shared.busy) {
        return own = newCursor(); // called from the visitor of another instance's read
      }
      shared.holdFor(this, data, verifyChecksums);
    }
    return shared;
  }

  /** The mode this segment was written in (whatever the reading codec's mode). */
  public SegmentMode mode() {
    return meta.mode();
  }

  /** Number of documents in the segment. */
  public int numDocs() {
    return meta.numDocs();
  }

  /** Number of chunks in the segment. */
  public int numChunks() {
    return index.numChunks();
  }

  /** Chunks flushed before they were full (segment ends, merges). */
  public long numDirtyChunks() {
    return meta.numDirtyChunks();
  }

  /** Documents in incomplete chunks. */
  public long numDirtyDocs() {
    return meta.numDirtyDocs();
  }

  /** Heap bytes of the chunk index, the only per-segment structure Chunkstore keeps in memory. */
  public long indexRamBytesUsed() {
    return index.ramBytesUsed();
  }

  /** Number of zstd dictionaries this segment stores; 0 for modes without dictionaries. */
  public int numDictionaries() {
    return dictionaries.size();
  }

  /** Bytes of the zstd dictionaries this segment stores; 0 for modes without dictionaries. */
  public long dictionaryBytes() {
    return dictionaries.storedBytes();
  }

  /**
   * The segment's part of the memory its dictionaries hold while open, heap and native (zstd's
   * digested copies, an estimate), shared by all clones; 0 without a dictionary. A dictionary that
   * several open segments store is held once and its memory split among them by stored bytes.
   */
  public long dictionaryMemoryBytes() {
    return dictionaries.memoryBytes();
  }

  /** Dictionary {@code i} of the segment's meta file. */
  ZstdDictionary dictionary(int i) {
    return dictionaries.get(i);
  }

  /**
   * The dictionary chunk {@code c} names, null for none, from its header, which stays decoded for
   * reading the chunk's documents next (merges).
   */
  ZstdDictionary chunkDictionary(int c) throws IOException {
    ChunkCursor cursor = cursor();
    if (cursor.chunk != c) {
      loadChunk(cursor, c);
    }
    int i = dictionaries.decompressorIndex(cursor.header.dictionaryId());
    return i == 0 ? null : dictionaries.get(i - 1);
  }

  /**
   * Heap bytes: the chunk index, verified-header bits and a private cursor's buffers. The
   * dictionaries live off the heap ({@link #dictionaryMemoryBytes()}).
   */
  @Override
  public long ramBytesUsed() {
    return index.ramBytesUsed()
        + (own == null ? 0 : own.ramBytesUsed())
        + verifiedHeaders.ramBytesUsed();
  }

  SegmentMeta meta() {
    return meta;
  }

  /** The format version the segment was written with. */
  public int version() {
    return version;
  }

  StoredFieldsIndexReader chunkIndex() {
    return index;
  }

  IndexInput dataInput() {
    return data;
  }

  @Override
  public void document(int docID, StoredFieldVisitor visitor) throws IOException {
    ChunkCursor cursor = cursor();
    cursor.busy = true;
    try {
      seekDocument(cursor, docID);
      FieldEncoding.readDocument(cursor.input, cursor.header, fieldInfos, visitor);
    } finally {
      cursor.busy = false;
    }
  }

  /**
   * Appends document {@code docID}'s serialized values to {@code out} and its keys to {@code keys}
   * (merges with matching fields), without decoding its values.
   */
  void copySerializedDocument(int docID, DataOutput out, DocumentShapes keys) throws IOException {
    ChunkCursor cursor = cursor();
    cursor.busy = true;
    try {
      seekDocument(cursor, docID);
      FieldEncoding.copyDocument(cursor.input, cursor.header, out, keys);
    } finally {
      cursor.busy = false;
    }
  }

  /**
   * Raw bytes of chunk {@code c}, from its header, which stays decoded for reading the chunk's
   * documents next (merges).
   */
  long chunkRawLength(int c) throws IOException {
    ChunkCursor cursor = cursor();
    if (cursor.chunk != c) {
      loadChunk(cursor, c);
    }
    return cursor.header.rawLength();
  }

  private void checkDocID(int docID) {
    if (docID < 0 || docID >= meta.numDocs()) {
      throw new IllegalArgumentException(
          "docID " + docID + " is out of range [0, " + meta.numDocs() + ") for " + data);
    }
  }

  private void seekDocument(ChunkCursor cursor, int docID) throws IOException {
    checkDocID(docID);
    if (!cursor.holds(docID)) {
      loadChunk(cursor, index.chunkOf(docID));
      if (!cursor.holds(docID)) {
        throw corrupt(
            "chunk "
                + cursor.chunk
                + " ["
                + cursor.chunkDocBase
                + ", +"
                + cursor.chunkDocs
                + ") does not hold doc "
                + docID);
      }
    }
    cursor.header.seekDocument(cursor.input, docID - cursor.chunkDocBase);
  }

  /**
   * Decodes a chunk's header into {@code cursor}: document lengths, the block table and the preset.
   */
  private void loadChunk(ChunkCursor cursor, int c) throws IOException {
    cursor.chunk = -1;
    ChunkHeader header = cursor.header;
    ChunkInput input = cursor.input;
    long start = index.chunkStartPointer(c);
    long end = index.chunkEndPointer(c);
    header.read(
        data,
        c,
        start,
        end,
        index.chunkDocCount(c),
        meta.blockBytes(),
        cursor.checksums,
        verifiedHeaders);
    int decompressor = dictionaries.decompressorIndex(header.dictionaryId());
    if (decompressor < 0) {
      throw corrupt(
          "chunk "
              + c
              + " at offset "
              + start
              + " names dictionary "
              + header.dictionaryId()
              + ", which the segment does not have (it has "
              + dictionaries.size()
              + ")");
    }
    input.startChunk(c, start, header, decompressors[decompressor]);
    if (header.presetLength() > 0 && !input.supportsPreset()) {
      throw corrupt(
          "chunk "
              + c
              + " at offset "
              + start
              + " has a preset, which mode "
              + meta.mode()
              + " never writes");
    }
    input.setPreset(header.bytes(), header.presetOffset(), header.presetLength());
    cursor.chunkDocBase = index.chunkDocBase(c);
    cursor.chunkDocs = header.numDocs();
    cursor.chunk = c;
  }

  private CorruptIndexException corrupt(String message) {
    return new CorruptIndexException(message, data);
  }

  @Override
  public void prefetch(int docID) throws IOException {
    checkDocID(docID);
    ChunkCursor cursor = own != null ? own : ChunkCursor.forCurrentThread();
    if (cursor.heldBy(this) && cursor.holds(docID)) {
      return; // already decoded
    }
    int c = index.chunkOf(docID);
    long start = index.chunkStartPointer(c);
    data.prefetch(start, index.chunkEndPointer(c) - start);
  }

  @Override
  public ChunkstoreStoredFieldsReader clone() {
    return new ChunkstoreStoredFieldsReader(this, false);
  }

  /**
   * A private instance for one merge: a clone with buffers of its own, so that reading documents in
   * order decompresses each block once whatever else the merging thread reads. The cached chunk
   * header and block need nothing more.
   */
  @Override
  public ChunkstoreStoredFieldsReader getMergeInstance() {
    return new ChunkstoreStoredFieldsReader(this, true);
  }

  /**
   * Lets go of the buffers a merge filled. Called by Lucene 10.6+ after a merge; deliberately no
   * {@code @Override}, so the class also compiles against 10.5, where nothing calls it and the
   * merge instance is simply garbage-collected.
   */
  public void finishMerge() {
    if (own != null) {
      own.releaseBuffers();
    }
  }

  @Override
  public void checkIntegrity() throws IOException {
    CodecUtil.checksumEntireFile(data);
  }

  @Override
  public void close() throws IOException {
    if (original) {
      IOUtils.close(data, dictionaries);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "(mode="
        + meta.mode()
        + ", docs="
        + meta.numDocs()
        + ", chunks="
        + index.numChunks()
        + ")";
  }
}
