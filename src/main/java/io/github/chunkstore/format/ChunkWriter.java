package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.BlockCompressor;
import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import io.github.chunkstore.index.StoredFieldsIndexWriter;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * Writes chunks to the data file and lists them in the chunk index: the documents of a {@link
 * DocumentBuffer}, compressed block by block from a scratch array of one block (so even a huge
 * document never needs a second full-size copy), or chunks copied unchanged from a merge source.
 */
final class ChunkWriter implements ChunkSink, Closeable {

  /** Chunks buffered with their keys inline in a row before one is planned with shapes again. */
  private static final int KEYS_INLINE_RUN = 8;

  /** A chunk gets no preset below this size, where it would not pay. */
  private static final int MIN_PRESET_BYTES = 512;

  /** A chunk's preset, stored raw, takes at most this share (1/n) of its raw bytes. */
  private static final int PRESET_SHARE = 32;

  private final ModeSettings settings;
  private final DocumentBuffer buffer;
  private final boolean keepTemplates;
  private boolean mayBufferKeysInline = true; // until keepKeysApart
  private int keysInlineRun; // chunks buffered with keys inline since one was planned
  private IndexOutput dataOut;
  private IndexOutput indexOut;
  private final StoredFieldsIndexWriter indexWriter;
  private final ChunkCounts counts;
  private final BlockPlan blockPlan;
  private final ChunkHeader.Writer header;
  private final Checksums checksums = new Checksums();
  private final ByteBuffersDataOutput blocks;

  private BlockCodec codec;
  private ZstdDictionary dictionary; // of the chunks `compressor` writes, null for none
  private final NamedDictionaries dictionaries = new NamedDictionaries();
  private long rawBytes;
  private BlockCompressor compressor;
  private byte[] rawBlock;
  private byte[] compressedBlock;
  private int[] compressedLengths = new int[16];
  private byte[] preset = new byte[0];

  /**
   * @param keepTemplates whether the buffer keeps its JSON templates between chunks (they are
   *     referred to by documents waiting in a spill file)
   */
  ChunkWriter(
      ModeSettings settings,
      DocumentBuffer buffer,
      boolean keepTemplates,
      IndexOutput dataOut,
      IndexOutput indexOut,
      BlockRecycler pages) {
    this.settings = settings;
    this.buffer = buffer;
    this.keepTemplates = keepTemplates;
    this.dataOut = dataOut;
    this.indexOut = indexOut;
    this.indexWriter = new StoredFieldsIndexWriter(indexOut);
    this.counts = new ChunkCounts(settings);
    this.blockPlan = new BlockPlan(settings);
    this.header = new ChunkHeader.Writer(pages.newOutput());
    this.blocks = pages.newOutput();
  }

  /**
   * Sets the block codec, which this writer closes, and the dictionary it compresses with (null for
   * none), which it does not; needed once, before the first chunk is compressed.
   */
  void useCodec(BlockCodec codec, ZstdDictionary dictionary) throws IOException {
    if (this.codec != null) {
      throw new IllegalStateException("the block codec is already set");
    }
    BlockCompressor newCompressor = codec.newCompressor();
    this.codec = codec;
    this.dictionary = dictionary;
    this.compressor = newCompressor;
    this.rawBlock = new byte[settings.blockBytes()];
    this.compressedBlock = new byte[newCompressor.maxCompressedLength(settings.blockBytes())];
  }

  /** Whether the buffer holds a full chunk. */
  boolean bufferFull() {
    int docs = buffer.numDocs();
    if (docs >= settings.maxDocsPerChunk()) {
      return true;
    }
    long size = buffer.size();
    return size >= settings.chunkCloseBytes(blockPlan.target(), size / Math.max(1, docs));
  }

  /** Writes the buffered documents as a chunk if they fill one. */
  @Override
  public void documentBuffered() throws IOException {
    if (bufferFull()) {
      flush(false);
    }
  }

  /** Writes the buffered documents as one chunk; {@code closedEarly}: before it was full. */
  private void flush(boolean closedEarly) throws IOException {
    final int docs = buffer.numDocs();
    DocumentShapes shapes = buffer.shapes();
    assert shapes.numDocs() == docs
        : shapes.numDocs() + " documents' keys for " + docs + " documents";
    indexWriter.addChunk(docs, dataOut.getFilePointer());
    if (buffer.keysInline()) {
      shapes.planAllInline();
    } else if (shapes.plan()) {
      buffer.inlineKeys();
    }
    int[] lengths = buffer.lengths();
    int numBlocks = blockPlan.plan(lengths, docs);
    int presetLength = choosePreset(docs);
    compressor.setPreset(preset, 0, presetLength);

    // Blocks first: the header lists their compressed lengths.
    blocks.reset();
    ByteBuffersDataInput raw = buffer.values().toDataInput();
    long compressedTotal = 0;
    int b = 0;
    if (blockPlan.startsProbe(numBlocks)) {
      // The writer's first chunk: its first block, a small one, tells whether small blocks fit
      // the data, and is kept if they do.
      numBlocks = blockPlan.plan(lengths, docs);
      int compressed = writeBlock(raw, 0);
      if (blockPlan.keepsProbe(blockPlan.lengths()[0], compressed)) {
        compressedTotal = compressed;
        b = 1;
      } else {
        numBlocks = blockPlan.plan(lengths, docs);
        blocks.reset();
        raw = buffer.values().toDataInput();
      }
    }
    for (; b < numBlocks; b++) {
      compressedTotal += writeBlock(raw, b);
    }
    blockPlan.chunkWritten(buffer.size(), compressedTotal);

    header.write(
        dataOut,
        checksums,
        docs,
        lengths,
        shapes,
        numBlocks,
        blockPlan.lengths(),
        compressedLengths,
        preset,
        presetLength,
        dictionary == null ? 0 : dictionary.id());
    blocks.copyTo(dataOut);
    if (dictionary != null) {
      dictionaries.add(dictionary);
    }
    for (int i = 0; i < numBlocks; i++) {
      rawBytes += blockPlan.lengths()[i]; // the chunk's raw length, as its header records it
    }

    boolean keysInlineNext = nextChunkKeysInline(docs, shapes.inlineDocs());
    buffer.clear(keepTemplates);
    buffer.bufferKeysInline(keysInlineNext);
    counts.written(docs, closedEarly);
  }

  /**
   * From now on, every chunk is planned with shapes: documents are about to be added with their
   * keys apart ({@link DocumentBuffer#copyDocument}). Writes the buffered documents first if they
   * have their keys inline.
   */
  void keepKeysApart() throws IOException {
    mayBufferKeysInline = false;
    if (buffer.keysInline()) {
      if (buffer.numDocs() > 0) {
        flush(true);
      }
      buffer.bufferKeysInline(false);
    }
  }

  /**
   * Whether the next chunk is buffered with its keys inline: when most documents of the last chunk
   * planned with shapes kept their keys inline, choosing shapes and rebuilding those documents cost
   * more than the shapes saved (MDN's fields: 65% of the documents inline, 0.26-0.36 s of 2.1 s of
   * indexing, and the chunks with keys inline took 1.6% fewer bytes). Every {@link
   * #KEYS_INLINE_RUN}th chunk is planned again, to notice data that changed.
   */
  private boolean nextChunkKeysInline(int docs, int inlineDocs) {
    if (!mayBufferKeysInline) {
      return false;
    }
    if (buffer.keysInline()) {
      return ++keysInlineRun < KEYS_INLINE_RUN;
    }
    keysInlineRun = 0;
    return inlineDocs * 2 > docs;
  }

  /**
   * Compresses block {@code b}, next in {@code raw}, into {@code blocks}; returns its compressed
   * length.
   */
  private int writeBlock(ByteBuffersDataInput raw, int b) throws IOException {
    int rawLength = blockPlan.lengths()[b];
    raw.readBytes(rawBlock, 0, rawLength);
    int compressedLength = compressor.compress(rawBlock, 0, rawLength, compressedBlock);
    blocks.writeInt(checksums.block(compressedBlock, 0, compressedLength, rawLength));
    blocks.writeBytes(compressedBlock, 0, compressedLength);
    compressedLengths = ArrayUtil.grow(compressedLengths, b + 1);
    compressedLengths[b] = compressedLength;
    return compressedLength;
  }

  /**
   * Fills {@code preset} with documents sampled evenly across the chunk, so that its blocks find
   * matches wherever they are; returns its length.
   */
  private int choosePreset(int docs) throws IOException {
    if (settings.presetBytes() == 0 || !compressor.supportsPreset()) {
      return 0;
    }
    long rawSize = buffer.size();
    int target = (int) Math.min(settings.presetBytes(), rawSize / PRESET_SHARE);
    if (target < MIN_PRESET_BYTES) {
      return 0;
    }
    preset = ArrayUtil.grow(preset, target);
    int[] lengths = buffer.lengths();
    long average = Math.max(1, rawSize / docs);
    int stride = (int) Math.max(1, docs / Math.max(1, target / average));
    ByteBuffersDataInput in = buffer.values().toDataInput();
    int length = 0;
    long offset = 0;
    for (int i = 0; i < docs && length < target; i++) {
      if (i % stride == stride / 2 && lengths[i] > 0) {
        int n = (int) Math.min(lengths[i], target - length);
        in.seek(offset);
        in.readBytes(preset, length, n);
        length += n;
      }
      offset += lengths[i];
    }
    return length;
  }

  /**
   * Copies every chunk of {@code source}, which has this writer's layout, unchanged. Bytes are
   * copied without decoding, so the whole source is verified first, as CheckIndex would.
   */
  @Override
  public void copySegment(ChunkstoreStoredFieldsReader source) throws IOException {
    int numChunks = source.chunkIndex().numChunks();
    if (numChunks == 0) {
      return;
    }
    source.checkIntegrity();
    for (int i = 0; i < source.numDictionaries(); i++) {
      dictionaries.add(source.dictionary(i));
    }
    copyChunks(source, 0, numChunks);
    counts.copied(numChunks, source.meta());
    rawBytes += source.meta().rawBytes();
  }

  @Override
  public void copyChunk(ChunkstoreStoredFieldsReader source, int c, int docs, long rawBytes)
      throws IOException {
    ZstdDictionary theirs = source.chunkDictionary(c);
    if (theirs != null) {
      dictionaries.add(theirs);
    }
    copyChunks(source, c, c + 1);
    counts.copiedChunk(docs, rawBytes, source.meta());
    this.rawBytes += rawBytes;
  }

  /** The dictionaries the segment's chunks name, in the order they were first used. */
  List<byte[]> dictionaries() {
    return dictionaries.bytes();
  }

  /** Raw bytes of every chunk written so far. */
  long rawBytes() {
    return rawBytes;
  }

  private void copyChunks(ChunkstoreStoredFieldsReader source, int from, int to)
      throws IOException {
    if (buffer.numDocs() > 0) {
      flush(true); // copied chunks must start at a chunk boundary
    }
    StoredFieldsIndexReader index = source.chunkIndex();
    long start = index.chunkStartPointer(from);
    long end = index.chunkEndPointer(to - 1);
    long shift = dataOut.getFilePointer() - start;
    for (int c = from; c < to; c++) {
      indexWriter.addChunk(index.chunkDocCount(c), index.chunkStartPointer(c) + shift);
    }
    IndexInput in = source.dataInput();
    in.seek(start);
    dataOut.copyBytes(in, end - start);
  }

  /**
   * Writes the buffered documents, if any, as the last chunk, then ends the data and index files.
   */
  void finish(int numDocs) throws IOException {
    if (buffer.numDocs() > 0) {
      flush(true);
    }
    indexWriter.finish(numDocs, dataOut.getFilePointer());
    CodecUtil.writeFooter(indexOut);
    CodecUtil.writeFooter(dataOut);
  }

  ChunkCounts counts() {
    return counts;
  }

  long ramBytesUsed() {
    return blockPlan.ramBytesUsed()
        + header.ramBytesUsed()
        + blocks.ramBytesUsed()
        + RamUsageEstimator.sizeOf(compressedLengths)
        + RamUsageEstimator.sizeOf(preset)
        + (rawBlock == null ? 0 : RamUsageEstimator.sizeOf(rawBlock))
        + (compressedBlock == null ? 0 : RamUsageEstimator.sizeOf(compressedBlock))
        + indexWriter.ramBytesUsed();
  }

  @Override
  public void close() throws IOException {
    try {
      IOUtils.close(dataOut, indexOut, compressor, codec);
    } finally {
      dataOut = indexOut = null;
    }
  }
}
