package io.github.chunkstore.format;

import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.DATA_CODEC;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.DATA_EXTENSION;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.INDEX_CODEC;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.INDEX_EXTENSION;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.META_CODEC;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.META_EXTENSION;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.VERSION_CURRENT;
import static io.github.chunkstore.format.ChunkstoreStoredFieldsFormat.VERSION_START;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.IOUtils;

/**
 * Reads Chunkstore stored fields (layout in {@link ChunkstoreStoredFieldsFormat}).
 *
 * <p>Opening a segment reads and checksums the meta and chunk-index files whole and keeps the
 * index on the heap; the data file's footer is checked, its full checksum only in {@link
 * #checkIntegrity()}. A document read finds its chunk in the heap index, decodes the chunk's
 * header once, and decompresses only the block(s) holding the document. The last chunk header and
 * block stay decoded, so reading documents in order (merges, CheckIndex, scans) decompresses every
 * block once. Instances are not thread-safe: Lucene gives each thread a {@link #clone()}.
 */
public final class ChunkstoreStoredFieldsReader extends StoredFieldsReader implements Accountable {

  private final FieldInfos fieldInfos;
  private final SegmentMeta meta;
  private final int version;
  private final StoredFieldsIndexReader index;
  private final BlockCodec blockCodec;
  private final ZstdDictionary dictionary;
  private final IndexInput data;
  private final boolean original;
  private final VerifiedHeaders verifiedHeaders; // shared with clones

  // Per instance, reused across reads: the decoded header of chunk `chunk`.
  private final ChunkInput chunkIn;
  private int chunk = -1;
  private int chunkDocBase;
  private int chunkDocs;
  private final ChunkHeader header = new ChunkHeader();
  private final Checksums checksums = new Checksums();

  ChunkstoreStoredFieldsReader(Directory dir, SegmentInfo si, FieldInfos fieldInfos, IOContext context)
      throws IOException {
    this.fieldInfos = fieldInfos;
    final String segment = si.name;
    final int maxDoc = si.maxDoc();

    String metaName = IndexFileNames.segmentFileName(segment, "", META_EXTENSION);
    SegmentMeta readMeta = null;
    int metaVersion = -1;
    ChunkstoreStoredFieldsFormat.checkHeaderStart(dir, metaName, META_CODEC);
    try (ChecksumIndexInput in = dir.openChecksumInput(metaName)) {
      Throwable failure = null;
      try {
        metaVersion = CodecUtil.checkIndexHeader(in, META_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), "");
        readMeta = SegmentMeta.read(in, maxDoc);
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(in, failure);
      }
    }
    this.meta = readMeta;
    this.version = metaVersion;

    String indexName = IndexFileNames.segmentFileName(segment, "", INDEX_EXTENSION);
    StoredFieldsIndexReader readIndex = null;
    ChunkstoreStoredFieldsFormat.checkHeaderStart(dir, indexName, INDEX_CODEC);
    try (ChecksumIndexInput in = dir.openChecksumInput(indexName)) {
      Throwable failure = null;
      try {
        checkVersion(in, CodecUtil.checkIndexHeader(in, INDEX_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), ""));
        readIndex = StoredFieldsIndexReader.read(in, maxDoc);
        if (readIndex.numChunks() != meta.numChunks()) {
          throw new CorruptIndexException(
              "index has " + readIndex.numChunks() + " chunks, meta says " + meta.numChunks(), in);
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(in, failure);
      }
    }
    this.index = readIndex;

    String dataName = IndexFileNames.segmentFileName(segment, "", DATA_EXTENSION);
    IndexInput in = null;
    BlockCodec codec = null;
    ZstdDictionary dict = null;
    boolean success = false;
    try {
      ChunkstoreStoredFieldsFormat.checkHeaderStart(dir, dataName, DATA_CODEC);
      in = dir.openInput(dataName, context);
      checkVersion(in, CodecUtil.checkIndexHeader(in, DATA_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), ""));
      long dataStart = in.getFilePointer();
      // Cheap structural check of the footer; the full checksum is checkIntegrity()'s job.
      CodecUtil.retrieveChecksum(in);
      long dataEnd = in.length() - CodecUtil.footerLength();
      long firstChunk = index.numChunks() > 0 ? index.chunkStartPointer(0) : dataStart;
      if (index.maxPointer() != dataEnd || firstChunk != dataStart) {
        throw new CorruptIndexException(
            "chunk index covers [" + firstChunk + ", " + index.maxPointer()
                + ") but the data file's chunks span [" + dataStart + ", " + dataEnd + ")",
            in);
      }
      if (meta.dictionary() != null) {
        dict = ZstdDictionary.of(meta.dictionary());
      }
      codec = ModeSettings.of(meta.mode()).newBlockCodec(dict);
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(in, codec, dict);
      }
    }
    this.data = in;
    this.blockCodec = codec;
    this.dictionary = dict;
    this.original = true;
    this.verifiedHeaders = new VerifiedHeaders(index.numChunks());
    this.chunkIn = new ChunkInput(data, blockCodec.newDecompressor());
  }

  /** A clone: shares everything immutable, owns its input and buffers. */
  private ChunkstoreStoredFieldsReader(ChunkstoreStoredFieldsReader other) {
    this.fieldInfos = other.fieldInfos;
    this.meta = other.meta;
    this.version = other.version;
    this.index = other.index;
    this.blockCodec = other.blockCodec;
    this.dictionary = other.dictionary;
    this.data = other.data.clone();
    this.original = false;
    this.verifiedHeaders = other.verifiedHeaders;
    this.chunkIn = new ChunkInput(data, blockCodec.newDecompressor());
  }

  private void checkVersion(IndexInput in, int fileVersion) throws CorruptIndexException {
    if (fileVersion != version) {
      throw new CorruptIndexException("version " + fileVersion + " differs from meta's " + version, in);
    }
  }

  /** The mode this segment was written in (whatever the reading codec's mode). */
  public Mode mode() {
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

  /** Bytes of the zstd dictionary this segment stores; 0 for modes without a dictionary. */
  public long dictionaryBytes() {
    return dictionary == null ? 0 : dictionary.length();
  }

  /**
   * Memory the segment's dictionary holds while the segment is open, heap and native (zstd's
   * digested copy, an estimate), shared by all clones; 0 without a dictionary.
   */
  public long dictionaryMemoryBytes() {
    return dictionary == null ? 0 : dictionary.memoryBytes();
  }

  ZstdDictionary dictionary() {
    return dictionary;
  }

  @Override
  public long ramBytesUsed() {
    return dictionaryBytes()
        + index.ramBytesUsed()
        + chunkIn.ramBytesUsed()
        + header.ramBytesUsed()
        + verifiedHeaders.ramBytesUsed();
  }

  SegmentMeta meta() {
    return meta;
  }

  int version() {
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
    seekDocument(docID);
    FieldEncoding.readDocument(chunkIn, fieldInfos, visitor);
  }

  /** Appends document {@code docID}'s serialized bytes to {@code out} (merges with matching fields). */
  void copySerializedDocument(int docID, DataOutput out) throws IOException {
    seekDocument(docID);
    out.copyBytes(chunkIn, chunkIn.remainingInDocument());
  }

  private void checkDocID(int docID) {
    if (docID < 0 || docID >= meta.numDocs()) {
      throw new IllegalArgumentException(
          "docID " + docID + " is out of range [0, " + meta.numDocs() + ") for " + data);
    }
  }

  private void seekDocument(int docID) throws IOException {
    checkDocID(docID);
    if (chunk < 0 || docID < chunkDocBase || docID >= chunkDocBase + chunkDocs) {
      loadChunk(index.chunkOf(docID));
      if (docID < chunkDocBase || docID >= chunkDocBase + chunkDocs) {
        throw corrupt("chunk " + chunk + " [" + chunkDocBase + ", +" + chunkDocs + ") does not hold doc " + docID);
      }
    }
    header.seekDocument(chunkIn, docID - chunkDocBase);
  }

  /** Decodes a chunk's header: document lengths, the block table and the preset. */
  private void loadChunk(int c) throws IOException {
    chunk = -1;
    long start = index.chunkStartPointer(c);
    long end = index.chunkEndPointer(c);
    header.read(data, c, start, end, index.chunkDocCount(c), meta.blockBytes(), checksums, verifiedHeaders);
    chunkIn.startChunk(c, start, header);
    if (header.presetLength() > 0 && !chunkIn.supportsPreset()) {
      throw corrupt("chunk " + c + " at offset " + start + " has a preset, which mode " + meta.mode() + " never writes");
    }
    chunkIn.setPreset(header.bytes(), header.presetOffset(), header.presetLength());
    chunkDocBase = index.chunkDocBase(c);
    chunkDocs = header.numDocs();
    chunk = c;
  }

  private CorruptIndexException corrupt(String message) {
    return new CorruptIndexException(message, data);
  }

  @Override
  public void prefetch(int docID) throws IOException {
    checkDocID(docID);
    if (chunk >= 0 && docID >= chunkDocBase && docID < chunkDocBase + chunkDocs) {
      return; // already decoded
    }
    int c = index.chunkOf(docID);
    long start = index.chunkStartPointer(c);
    data.prefetch(start, index.chunkEndPointer(c) - start);
  }

  @Override
  public ChunkstoreStoredFieldsReader clone() {
    return new ChunkstoreStoredFieldsReader(this);
  }

  /**
   * A private instance for one merge. It needs nothing beyond a clone: merges read documents in
   * order, and the cached chunk header and block already make that decompress each block once.
   */
  @Override
  public ChunkstoreStoredFieldsReader getMergeInstance() {
    return new ChunkstoreStoredFieldsReader(this);
  }

  /**
   * Lets go of the buffers a merge filled. Called by Lucene 10.6+ after a merge; deliberately no
   * {@code @Override}, so the class also compiles against 10.5, where nothing calls it and the
   * merge instance is simply garbage-collected.
   */
  public void finishMerge() {
    chunk = -1;
    header.releaseBuffers();
    chunkIn.releaseBuffers();
  }

  @Override
  public void checkIntegrity() throws IOException {
    CodecUtil.checksumEntireFile(data);
  }

  @Override
  public void close() throws IOException {
    if (original) {
      IOUtils.close(data, blockCodec, dictionary);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(mode=" + meta.mode() + ", docs=" + meta.numDocs() + ", chunks=" + index.numChunks() + ")";
  }
}
