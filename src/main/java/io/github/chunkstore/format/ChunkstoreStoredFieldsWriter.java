package io.github.chunkstore.format;

import static io.github.chunkstore.format.StoredFieldsFiles.DATA_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.DATA_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.META_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.META_EXTENSION;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.BlockCompressor;
import io.github.chunkstore.compression.ZstdDictionary;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import io.github.chunkstore.index.StoredFieldsIndexWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.codecs.compressing.MatchingReaders;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.PackedInts;

/**
 * Writes Chunkstore stored fields (layout in {@code io.github.chunkstore.ChunkstoreStoredFieldsFormat}). Documents are
 * serialized into a buffer; when the buffer reaches the mode's chunk size or document count it
 * becomes a chunk, compressed block by block from a scratch array of one block, so even a huge
 * document never needs a second full-size copy.
 *
 * <p>In mode DICTIONARY the dictionary must be known before the first chunk is compressed, but it
 * is trained from the whole segment: documents are first appended, in batches, to a temporary
 * file while {@link DocumentSampler} keeps an even sample; {@link #finish} chooses the dictionary
 * ({@link DictionaryChoice}), then replays the batches through the usual chunking. Merges record
 * which sources' chunks they would copy and decide at the end, once the dictionary is known.
 */
public final class ChunkstoreStoredFieldsWriter extends StoredFieldsWriter {

  /**
   * Largest serialized document. Keeps every offset inside a chunk an int even with the chunk's
   * other documents added, and is far above anything a stored field can usefully hold.
   */
  public static final int MAX_DOCUMENT_BYTES = Integer.MAX_VALUE - (64 << 20);

  private static final long SHALLOW_SIZE =
      RamUsageEstimator.shallowSizeOfInstance(ChunkstoreStoredFieldsWriter.class);

  private final String segment;
  private final ModeSettings settings;
  private final Directory directory;
  private final IOContext context;
  private BlockCodec blockCodec;
  private BlockCompressor compressor;
  private IndexOutput dataOut;
  private IndexOutput indexOut;
  private IndexOutput metaOut;
  private final StoredFieldsIndexWriter indexWriter;

  // The chunk being buffered, its header and its compressed blocks reuse one another's pages.
  private final BlockRecycler pages;
  private ByteBuffersDataOutput buffer; // values only, with the keys apart in `shapes`
  private ByteBuffersDataOutput inlined; // the chunk rebuilt when some documents need inline keys
  private final DocumentShapes shapes = new DocumentShapes();
  private final BytesRefBuilder splitTemplate = new BytesRefBuilder(); // scratch of JsonKeys.split
  private final BytesRefBuilder splitValues = new BytesRefBuilder();
  private final BytesRefBuilder splitInput = new BytesRefBuilder();
  private final BytesRefBuilder lastTemplate = new BytesRefBuilder(); // of the last split value
  private int lastTemplateId = -1; // its id in `shapes`, -1 for none
  private final DocumentShapes batchKeys = new DocumentShapes(); // DICTIONARY: keys of a batch replayed
  private final ByteBuffersDataOutput header;
  private final Checksums checksums = new Checksums();
  private int[] docLengths = new int[16];
  private int numBufferedDocs;
  private long docStart;

  private int numDocs;
  private long numChunks;
  private long numDirtyChunks;
  private long numDirtyDocs;

  private byte[] rawBlock;
  private byte[] compressedBlock;
  private int[] blockLengths = new int[16];
  private int[] blockCompressedLengths = new int[16];
  private int[] blockDocs = new int[16];
  private int[] blockTableScratch = new int[16]; // cumulative raw starts, then offsets
  private byte[] preset = new byte[0];
  private int blockTarget; // block size for the next chunk: see ModeSettings.nextBlockBytes
  private boolean blockTargetTried; // the first chunk tried small blocks (triesSmallBlocksFirst)
  private final ByteBuffersDataOutput blocks;
  private boolean closed;

  // Mode DICTIONARY: documents wait in a temporary file until finish() has chosen the dictionary.
  private final boolean deferred;
  private final RecentDictionary recentDictionary;
  private final DocumentSampler sampler;
  private IndexOutput spillOut;
  private String spillName; // until the temporary file is deleted
  private int spilledBatches;
  private final List<CopyStep> copySteps = new ArrayList<>();
  private ZstdDictionary dictionary;

  /** A merge source whose chunks may be copied, to be replayed after {@code batchesBefore} batches. */
  private record CopyStep(ChunkstoreStoredFieldsReader source, int batchesBefore) {}

  /** Header codec name of the temporary file of mode DICTIONARY. */
  static final String SPILL_CODEC = "ChunkstoreStoredFieldsSpill";

  public ChunkstoreStoredFieldsWriter(
      Directory dir, SegmentInfo si, IOContext context, ModeSettings settings, RecentDictionary recent)
      throws IOException {
    this.segment = si.name;
    this.settings = settings;
    // Enough free pages for a full chunk and its compressed form, not for a huge document.
    this.pages = new BlockRecycler(2L * settings.chunkBytes() + 64 * 1024);
    this.buffer = pages.newOutput();
    this.inlined = pages.newOutput();
    this.header = pages.newOutput();
    this.blocks = pages.newOutput();
    this.directory = dir;
    this.context = context;
    this.deferred = settings.mode() == SegmentMode.DICTIONARY;
    this.recentDictionary = recent;
    this.sampler = deferred ? new DocumentSampler() : null;
    boolean success = false;
    BlockCodec codec = null;
    BlockCompressor comp = null;
    try {
      if (!deferred) {
        codec = settings.newBlockCodec(null);
        comp = codec.newCompressor();
      }
      dataOut = dir.createOutput(IndexFileNames.segmentFileName(segment, "", DATA_EXTENSION), context);
      indexOut = dir.createOutput(IndexFileNames.segmentFileName(segment, "", INDEX_EXTENSION), context);
      metaOut = dir.createOutput(IndexFileNames.segmentFileName(segment, "", META_EXTENSION), context);
      StoredFieldsFiles.writeHeader(dataOut, DATA_CODEC, si);
      StoredFieldsFiles.writeHeader(indexOut, INDEX_CODEC, si);
      StoredFieldsFiles.writeHeader(metaOut, META_CODEC, si);
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(dataOut, indexOut, metaOut, comp, codec);
      }
    }
    this.indexWriter = new StoredFieldsIndexWriter(indexOut);
    if (!deferred) {
      useCodec(codec, comp);
    }
  }

  private void useCodec(BlockCodec codec, BlockCompressor comp) {
    this.blockCodec = codec;
    this.compressor = comp;
    this.rawBlock = new byte[settings.blockBytes()];
    this.compressedBlock = new byte[comp.maxCompressedLength(settings.blockBytes())];
    this.blockTarget = settings.blockBytes();
  }

  @Override
  public void startDocument() {
    docStart = buffer.size();
  }

  @Override
  public void finishDocument() throws IOException {
    long length = buffer.size() - docStart;
    if (length > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException(
          "document of "
              + length
              + " serialized bytes exceeds Chunkstore's maximum of "
              + MAX_DOCUMENT_BYTES
              + " (segment "
              + segment
              + ")");
    }
    numDocs++;
    shapes.endDocument();
    if (deferred) {
      docLengths = ArrayUtil.grow(docLengths, numBufferedDocs + 1);
      docLengths[numBufferedDocs++] = (int) length;
      if (chunkFull()) {
        spill();
      }
    } else {
      addBufferedDocument((int) length);
    }
  }

  private boolean chunkFull() {
    if (numBufferedDocs >= settings.maxDocsPerChunk()) {
      return true;
    }
    long size = buffer.size();
    return size >= settings.chunkCloseBytes(blockTarget, size / Math.max(1, numBufferedDocs));
  }

  /** Counts the document just appended to the buffer, flushing a chunk when it is full. */
  private void addBufferedDocument(int length) throws IOException {
    docLengths = ArrayUtil.grow(docLengths, numBufferedDocs + 1);
    docLengths[numBufferedDocs++] = length;
    if (chunkFull()) {
      flushChunk(false);
    }
  }

  /**
   * Mode DICTIONARY: appends the buffered documents to the temporary file as one batch, {@code
   * Batch --> NumDocs VInt, (DocLength VInt, NumKeys VInt, FieldKey VLong<sup>NumKeys</sup>)<sup>NumDocs</sup>,
   * DocBytes}, with values only in DocBytes, offering each to the sampler on the way.
   */
  private void spill() throws IOException {
    if (numBufferedDocs == 0) {
      return;
    }
    if (spillOut == null) {
      spillOut = directory.createTempOutput(segment, "csspill", context);
      spillName = spillOut.getName();
      CodecUtil.writeHeader(spillOut, SPILL_CODEC, StoredFieldsFiles.VERSION_CURRENT);
    }
    spillOut.writeVInt(numBufferedDocs);
    for (int i = 0; i < numBufferedDocs; i++) {
      spillOut.writeVInt(docLengths[i]);
      spillOut.writeVInt(shapes.keyCount(i));
      for (int k = 0; k < shapes.keyCount(i); k++) {
        spillOut.writeVLong(shapes.key(i, k));
      }
    }
    buffer.copyTo(spillOut);
    ByteBuffersDataInput docs = buffer.toDataInput();
    for (int i = 0; i < numBufferedDocs; i++) {
      sampler.offer(docs, docLengths[i]);
    }
    spilledBatches++;
    buffer.reset();
    shapes.reset();
    numBufferedDocs = 0;
  }

  @Override
  public void writeField(FieldInfo info, int value) throws IOException {
    shapes.add(FieldEncoding.key(info, FieldEncoding.INT));
    buffer.writeZInt(value);
  }

  @Override
  public void writeField(FieldInfo info, long value) throws IOException {
    shapes.add(FieldEncoding.key(info, FieldEncoding.LONG));
    buffer.writeZLong(value);
  }

  @Override
  public void writeField(FieldInfo info, float value) throws IOException {
    shapes.add(FieldEncoding.key(info, FieldEncoding.FLOAT));
    buffer.writeInt(Float.floatToRawIntBits(value));
  }

  @Override
  public void writeField(FieldInfo info, double value) throws IOException {
    shapes.add(FieldEncoding.key(info, FieldEncoding.writeDouble(buffer, value)));
  }

  @Override
  public void writeField(FieldInfo info, BytesRef value) throws IOException {
    int split =
        settings.splitsJsonObjects()
            ? JsonKeys.split(value, lastTemplateId < 0 ? null : lastTemplate.get(), splitTemplate, splitValues)
            : JsonKeys.NOT_SPLIT;
    if (split != JsonKeys.NOT_SPLIT) {
      int template = lastTemplateId;
      if (split == JsonKeys.NEW_TEMPLATE) {
        template = shapes.template(splitTemplate.get(), false);
        if (template >= 0) {
          lastTemplate.copyBytes(splitTemplate);
          lastTemplateId = template;
        }
      }
      if (template >= 0) {
        shapes.add(FieldEncoding.key(info, FieldEncoding.SPLIT_OBJECT));
        shapes.add(template);
        buffer.writeVInt(splitValues.length());
        buffer.writeBytes(splitValues.bytes(), 0, splitValues.length());
        return;
      }
    }
    shapes.add(FieldEncoding.key(info, FieldEncoding.BYTES));
    FieldEncoding.writeBytes(buffer, value);
  }

  @Override
  public void writeField(FieldInfo info, StoredFieldDataInput value) throws IOException {
    if (!settings.splitsJsonObjects() || value.getLength() > JsonKeys.MAX_SPLIT_BYTES) {
      // Copy straight from the source, without the byte[] the default implementation builds.
      shapes.add(FieldEncoding.key(info, FieldEncoding.BYTES));
      FieldEncoding.writeBytes(buffer, value.getDataInput(), value.getLength());
      return;
    }
    // Read into a reused array (the default implementation allocates one per value) to split it.
    int length = value.getLength();
    splitInput.grow(length);
    value.getDataInput().readBytes(splitInput.bytes(), 0, length);
    splitInput.setLength(length);
    writeField(info, splitInput.get());
  }

  @Override
  public void writeField(FieldInfo info, String value) throws IOException {
    shapes.add(FieldEncoding.key(info, FieldEncoding.STRING));
    buffer.writeString(value);
  }

  /** Turns the buffered documents into one chunk. {@code dirty}: flushed before it was full. */
  private void flushChunk(boolean dirty) throws IOException {
    final int docs = numBufferedDocs;
    assert shapes.numDocs() == docs : shapes.numDocs() + " documents' keys for " + docs + " documents";
    indexWriter.addChunk(docs, dataOut.getFilePointer());
    if (shapes.plan()) {
      inlineKeys(docs);
    }
    int numBlocks = planBlocks(docs);
    int presetLength = choosePreset(docs);
    compressor.setPreset(preset, 0, presetLength);

    // Blocks first: the header lists their compressed lengths.
    blockCompressedLengths = ArrayUtil.grow(blockCompressedLengths, numBlocks);
    blocks.reset();
    ByteBuffersDataInput raw = buffer.toDataInput();
    long compressedTotal = 0;
    int b = 0;
    if (!blockTargetTried && settings.triesSmallBlocksFirst() && numBlocks > 0) {
      // The writer's first chunk: its first small block tells whether small blocks fit the data,
      // and is kept if they do (see ModeSettings.POOR_RATIO_BLOCK_BYTES).
      blockTargetTried = true;
      blockTarget = settings.smallBlockBytes();
      numBlocks = planBlocks(docs);
      blockCompressedLengths = ArrayUtil.grow(blockCompressedLengths, numBlocks);
      int compressed = writeBlock(raw, 0);
      if (settings.compressesPoorly(blockLengths[0], compressed)) {
        compressedTotal = compressed;
        b = 1;
      } else {
        blockTarget = settings.blockBytes();
        numBlocks = planBlocks(docs);
        blocks.reset();
        raw = buffer.toDataInput();
      }
    }
    for (; b < numBlocks; b++) {
      compressedTotal += writeBlock(raw, b);
    }
    blockTarget = settings.nextBlockBytes(buffer.size(), compressedTotal, blockTarget);

    header.reset();
    header.writeVInt(docs);
    header.writeVInt(numBlocks);
    header.writeVInt(presetLength);
    writeDocLengths(header, docs);
    shapes.writeTable(header);
    if (numBlocks > 0) {
      writeBlockTable(header, docs, numBlocks);
    }
    header.writeBytes(preset, 0, presetLength);
    byte[] headerBytes = header.toArrayCopy();
    dataOut.writeBytes(headerBytes, 0, headerBytes.length);
    dataOut.writeInt(checksums.header(headerBytes, 0, headerBytes.length));
    blocks.copyTo(dataOut);

    buffer.reset();
    shapes.reset();
    if (!deferred && shapes.forgetTemplatesIfLarge()) {
      // (a deferred writer's spilled documents refer to template ids until finish)
      lastTemplateId = -1;
    }
    numBufferedDocs = 0;
    numChunks++;
    if (dirty) {
      numDirtyChunks++;
      numDirtyDocs += docs;
    }
  }

  /** Compresses block {@code b}, next in {@code raw}, into {@code blocks}; returns its compressed length. */
  private int writeBlock(ByteBuffersDataInput raw, int b) throws IOException {
    int rawLength = blockLengths[b];
    raw.readBytes(rawBlock, 0, rawLength);
    int compressedLength = compressor.compress(rawBlock, 0, rawLength, compressedBlock);
    blocks.writeInt(checksums.block(compressedBlock, 0, compressedLength, rawLength));
    blocks.writeBytes(compressedBlock, 0, compressedLength);
    blockCompressedLengths[b] = compressedLength;
    return compressedLength;
  }

  /**
   * Rebuilds the chunk's bytes with the keys written before each value of the documents that
   * {@link DocumentShapes#plan} left without a shape, their split values joined again (a template
   * is listed only in a shape); the others are copied as they are.
   */
  private void inlineKeys(int docs) throws IOException {
    ByteBuffersDataInput in = buffer.toDataInput();
    inlined.reset();
    for (int d = 0; d < docs; d++) {
      long start = inlined.size();
      if (shapes.isInline(d)) {
        for (int k = 0; k < shapes.keyCount(d); k++) {
          long key = shapes.key(d, k);
          if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
            joinValue(in, shapes.templateBytes((int) shapes.key(d, ++k)));
            inlined.writeVLong(key - FieldEncoding.SPLIT_OBJECT + FieldEncoding.BYTES);
            FieldEncoding.writeBytes(inlined, splitInput.get());
            continue;
          }
          inlined.writeVLong(key);
          FieldEncoding.copyValue(in, FieldEncoding.type(key), inlined);
        }
        docLengths[d] = Math.toIntExact(inlined.size() - start);
      } else {
        inlined.copyBytes(in, docLengths[d]);
      }
    }
    ByteBuffersDataOutput keyless = buffer;
    buffer = inlined;
    inlined = keyless;
    inlined.reset();
  }

  /** Reads a split value from {@code in} and joins it with {@code template} into splitInput. */
  private void joinValue(DataInput in, BytesRef template) throws IOException {
    int length = in.readVInt();
    splitValues.grow(length);
    in.readBytes(splitValues.bytes(), 0, length);
    byte[] object =
        JsonKeys.join(template.bytes, template.offset, template.offset + template.length, splitValues.bytes(), 0, length);
    if (object == null) {
      throw new IllegalStateException("segment " + segment + ": a split value does not join its template");
    }
    splitInput.copyBytes(object, 0, object.length);
  }

  /**
   * Fills {@code preset} with documents sampled evenly across the chunk, so that its blocks find
   * matches wherever they are; returns its length. A chunk gets at most 1/32 of its raw size as
   * preset (the preset is stored raw), and none below 512 bytes, where it would not pay.
   */
  private int choosePreset(int docs) throws IOException {
    if (settings.presetBytes() == 0 || !compressor.supportsPreset()) {
      return 0;
    }
    long rawSize = buffer.size();
    int target = (int) Math.min(settings.presetBytes(), rawSize / 32);
    if (target < 512) {
      return 0;
    }
    preset = ArrayUtil.grow(preset, target);
    long average = Math.max(1, rawSize / docs);
    int stride = (int) Math.max(1, docs / Math.max(1, target / average));
    ByteBuffersDataInput in = buffer.toDataInput();
    int length = 0;
    long offset = 0;
    for (int i = 0; i < docs && length < target; i++) {
      if (i % stride == stride / 2 && docLengths[i] > 0) {
        int n = (int) Math.min(docLengths[i], target - length);
        in.seek(offset);
        in.readBytes(preset, length, n);
        length += n;
      }
      offset += docLengths[i];
    }
    return length;
  }

  /**
   * The block table: per block, cumulative from 0, the documents that start before it, its raw
   * start and its offset from the first block's checksum, each with the chunk's totals last, so
   * that a reader finds any block by binary search without decoding the table. A document starts
   * in the block holding its first byte; a large document's continuation slices hold no start,
   * and empty documents after the chunk's last byte start in no block.
   */
  private void writeBlockTable(DataOutput out, int docs, int numBlocks) throws IOException {
    blockDocs = ArrayUtil.grow(blockDocs, numBlocks + 1);
    int b = 0;
    long blockEnd = blockLengths[0];
    long start = 0;
    int started = 0;
    blockDocs[0] = 0;
    for (int i = 0; i < docs; i++) {
      while (b < numBlocks && start >= blockEnd) {
        blockDocs[++b] = started;
        if (b < numBlocks) {
          blockEnd += blockLengths[b];
        }
      }
      if (b == numBlocks) {
        break;
      }
      started++;
      start += docLengths[i];
    }
    while (b < numBlocks) {
      blockDocs[++b] = started;
    }
    writePacked(out, blockDocs, numBlocks + 1);
    int[] cumulative = blockTableScratch = ArrayUtil.grow(blockTableScratch, numBlocks + 1);
    for (int i = 0; i < numBlocks; i++) {
      cumulative[i + 1] = cumulative[i] + blockLengths[i];
    }
    writePacked(out, cumulative, numBlocks + 1);
    for (int i = 0; i < numBlocks; i++) {
      cumulative[i + 1] = cumulative[i] + Integer.BYTES + blockCompressedLengths[i];
    }
    writePacked(out, cumulative, numBlocks + 1);
  }

  /** {@code BitsPerValue Byte, PackedInts.Format.PACKED values}: the block table's arrays. */
  private static void writePacked(DataOutput out, int[] values, int count) throws IOException {
    int max = 0;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, values[i]);
    }
    int bits = PackedInts.bitsRequired(max);
    out.writeByte((byte) bits);
    PackedInts.Writer packed = PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, count, bits, 1);
    for (int i = 0; i < count; i++) {
      packed.add(values[i]);
    }
    packed.finish();
  }

  private void writeDocLengths(DataOutput out, int docs) throws IOException {
    if (docs == 1) {
      out.writeVInt(docLengths[0]);
      return;
    }
    int max = 0;
    boolean allEqual = true;
    for (int i = 0; i < docs; i++) {
      max = Math.max(max, docLengths[i]);
      allEqual &= docLengths[i] == docLengths[0];
    }
    if (allEqual) {
      out.writeByte((byte) 0);
      out.writeVInt(docLengths[0]);
      return;
    }
    writePacked(out, docLengths, docs);
  }

  /**
   * Cuts the buffered documents into blocks (see the format's Javadoc), leaving the block lengths
   * in {@code blockLengths}, and returns how many there are.
   */
  private int planBlocks(int docs) {
    final int max = blockTarget;
    int count = 0;
    int open = 0; // bytes of the block being filled
    for (int i = 0; i < docs; i++) {
      int length = docLengths[i];
      if (length > max) {
        if (open > 0) {
          count = addBlock(count, open);
          open = 0;
        }
        for (int left = length; left > 0; left -= max) {
          count = addBlock(count, Math.min(left, max));
        }
      } else {
        if (open + length > max) {
          count = addBlock(count, open);
          open = 0;
        }
        open += length;
      }
    }
    if (open > 0) {
      count = addBlock(count, open);
    }
    return count;
  }

  private int addBlock(int count, int length) {
    blockLengths = ArrayUtil.grow(blockLengths, count + 1);
    blockLengths[count] = length;
    return count + 1;
  }

  @Override
  public void finish(int numDocs) throws IOException {
    if (deferred) {
      writeDeferred();
    }
    if (numBufferedDocs > 0) {
      flushChunk(true);
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
    indexWriter.finish(numDocs, dataOut.getFilePointer());
    CodecUtil.writeFooter(indexOut);
    CodecUtil.writeFooter(dataOut);
    new SegmentMeta(
            settings.mode(),
            settings.chunkBytes(),
            settings.maxDocsPerChunk(),
            settings.blockBytes(),
            numDocs,
            numChunks,
            numDirtyChunks,
            numDirtyDocs,
            dictionary == null ? null : dictionary.bytes())
        .write(metaOut);
    CodecUtil.writeFooter(metaOut);
  }

  @Override
  public int merge(MergeState mergeState) throws IOException {
    if (mergeState.needsIndexSort) {
      // Documents interleave across segments: Lucene's generic path handles the doc maps.
      return super.merge(mergeState);
    }
    MatchingReaders matching = new MatchingReaders(mergeState);
    int docCount = 0;
    for (int i = 0; i < mergeState.storedFieldsReaders.length; i++) {
      StoredFieldsReader reader = mergeState.storedFieldsReaders[i];
      Bits liveDocs = mergeState.liveDocs[i];
      int maxDoc = mergeState.maxDocs[i];
      ChunkstoreStoredFieldsReader same =
          matching.matchingReaders[i] && reader instanceof ChunkstoreStoredFieldsReader c
              ? c
              : null;
      if (same != null && liveDocs == null && canCopyChunks(same)) {
        if (deferred) {
          spill(); // the batches before this source stay before it
          copySteps.add(new CopyStep(same, spilledBatches));
          sampleSource(same);
        } else {
          copyChunks(same);
        }
        numDocs += maxDoc;
        docCount += maxDoc;
      } else if (same != null && liveDocs == null && !deferred && sameLayout(same)) {
        copyLargeChunks(same);
        docCount += maxDoc;
      } else if (same != null) {
        // Field numbers match: copy each document's serialized bytes, no field decoding.
        for (int doc = 0; doc < maxDoc; doc++) {
          if (liveDocs == null || liveDocs.get(doc)) {
            startDocument();
            same.copySerializedDocument(doc, buffer, shapes);
            finishDocument();
            docCount++;
          }
        }
      } else {
        MergeVisitor visitor = new MergeVisitor(mergeState, i);
        for (int doc = 0; doc < maxDoc; doc++) {
          if (liveDocs == null || liveDocs.get(doc)) {
            startDocument();
            reader.document(doc, visitor);
            finishDocument();
            docCount++;
          }
        }
      }
    }
    finish(docCount);
    return docCount;
  }

  /**
   * Chunks are copied byte for byte only when the source was written with exactly our settings and
   * format version, and when copying does not carry poor compression forward. The source must have
   * at least one complete chunk (a segment of one incomplete chunk is cheaper to recompress than to
   * copy behind a forced flush). Its incomplete chunks must be just its tail, or hold at most
   * {@link #FEW_DIRTY_DOCS} of its documents, or be large: at most {@link #MOST_DIRTY_DOCS} of its
   * documents, in chunks holding on average at least {@link #LARGE_DIRTY_CHUNK} of a complete one.
   * Segments that fail are merged chunk by chunk ({@link #copyLargeChunks}): their small
   * incomplete chunks are recompressed, which resets them, so many small flushes and repeated
   * merges do not degrade compression.
   *
   * <p>Why large incomplete chunks are copied: every merge that copies a source must first flush
   * the chunk it is filling, so segments that grow by merging keep a few such chunks, most of them
   * a sizeable part of a full chunk, and compressed nearly as well. With tiny flushes (the
   * benchmark's 100 documents) a rule that tolerated only the tail or 2% recompressed most merged
   * segments at every merge: 2.0 M documents recompressed for GeoNames JSON's 0.4 M in BEST_SPEED.
   * This one recompresses 1.1 M, for 0.13% more bytes (BEST_COMPRESSION: merges ~40% faster).
   */
  private boolean canCopyChunks(ChunkstoreStoredFieldsReader source) {
    // DICTIONARY sources qualify here; whether their dictionary is kept is decided in finish().
    return sameLayout(source) && cleanEnough(source.meta());
  }

  private boolean sameLayout(ChunkstoreStoredFieldsReader source) {
    SegmentMeta meta = source.meta();
    return source.version() == StoredFieldsFiles.VERSION_CURRENT
        && meta.mode() == settings.mode()
        && meta.chunkBytes() == settings.chunkBytes()
        && meta.maxDocsPerChunk() == settings.maxDocsPerChunk()
        && meta.blockBytes() == settings.blockBytes();
  }

  /** Share of a segment's documents that may sit in incomplete chunks of any size. */
  private static final double FEW_DIRTY_DOCS = 0.02;

  /** Share of a segment's documents that may sit in large incomplete chunks. */
  private static final double MOST_DIRTY_DOCS = 0.25;

  /** Share of a complete chunk's documents that makes an incomplete chunk large, on average. */
  private static final double LARGE_DIRTY_CHUNK = 0.25;

  private static boolean cleanEnough(SegmentMeta meta) {
    long completeChunks = meta.numChunks() - meta.numDirtyChunks();
    if (completeChunks <= 0) {
      return false;
    }
    if (meta.numDirtyChunks() <= 1 || meta.numDirtyDocs() <= FEW_DIRTY_DOCS * meta.numDocs()) {
      return true;
    }
    double docsPerCompleteChunk = (double) (meta.numDocs() - meta.numDirtyDocs()) / completeChunks;
    double docsPerDirtyChunk = (double) meta.numDirtyDocs() / meta.numDirtyChunks();
    return meta.numDirtyDocs() <= MOST_DIRTY_DOCS * meta.numDocs()
        && docsPerDirtyChunk >= LARGE_DIRTY_CHUNK * docsPerCompleteChunk;
  }

  private void copyChunks(ChunkstoreStoredFieldsReader source) throws IOException {
    StoredFieldsIndexReader index = source.chunkIndex();
    if (index.numChunks() == 0) {
      return;
    }
    // Bytes are copied without decoding: verify the whole source first, as CheckIndex would.
    source.checkIntegrity();
    copyChunkRange(source, 0, index.numChunks());
    numDirtyChunks += source.meta().numDirtyChunks();
    numDirtyDocs += source.meta().numDirtyDocs();
  }

  /** Copies chunks [from, to) of an integrity-checked source; the caller counts the dirty ones. */
  private void copyChunkRange(ChunkstoreStoredFieldsReader source, int from, int to) throws IOException {
    if (numBufferedDocs > 0) {
      flushChunk(true); // chunks must start at a chunk boundary
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
    numChunks += to - from;
  }

  /**
   * Merges a source of our layout that is too dirty to copy whole, chunk by chunk: a large chunk
   * ({@link #isLarge}) is copied unless that would force a small incomplete chunk out of the
   * buffer first, every other chunk's documents are recompressed. So forced flushes only ever cut
   * large chunks, and small ones still merge into their neighbours.
   *
   * <p>Why: with tiny flushes, Lucene's merge policy lets a segment grow by absorbing a few small
   * ones at a time (GeoNames rows: 1,100, then 1,300, 1,600, 1,900 ... documents), and while it
   * had no complete chunk every such merge recompressed all of it. In BEST_SPEED, whose complete
   * chunk holds ~4,600 rows, that was 0.8 M of the 1.7 M documents merges recompressed for 0.4 M
   * indexed (1.2 M since; merges 17-28% faster in both modes). Copied incomplete chunks at least
   * half full count as complete, as the reuse rules treat them alike.
   */
  private void copyLargeChunks(ChunkstoreStoredFieldsReader source) throws IOException {
    StoredFieldsIndexReader index = source.chunkIndex();
    boolean checked = false;
    for (int c = 0; c < index.numChunks(); c++) {
      int docs = index.chunkDocCount(c);
      long raw = source.chunkRawLength(c);
      if (isLarge(raw, docs) && (numBufferedDocs == 0 || isLarge(buffer.size(), numBufferedDocs))) {
        if (!checked) {
          source.checkIntegrity(); // bytes are copied without decoding
          checked = true;
        }
        copyChunkRange(source, c, c + 1);
        numDocs += docs;
        if (docs < settings.maxDocsPerChunk() && raw < settings.chunkBytes() / 2) {
          numDirtyChunks++;
          numDirtyDocs += docs;
        }
      } else {
        int base = index.chunkDocBase(c);
        for (int doc = base; doc < base + docs; doc++) {
          startDocument();
          source.copySerializedDocument(doc, buffer, shapes);
          finishDocument();
        }
      }
    }
  }

  /** A chunk, or buffer, of at least {@link #LARGE_DIRTY_CHUNK} of a complete chunk's bytes or documents. */
  private boolean isLarge(long rawBytes, int docs) {
    return rawBytes >= LARGE_DIRTY_CHUNK * settings.chunkBytes()
        || docs >= LARGE_DIRTY_CHUNK * settings.maxDocsPerChunk();
  }

  /** Offers an evenly strided subset of a copy candidate's documents to the sampler. */
  private void sampleSource(ChunkstoreStoredFieldsReader source) throws IOException {
    ByteBuffersDataOutput scratch = new ByteBuffersDataOutput();
    DocumentShapes ignoredKeys = new DocumentShapes();
    for (int doc = 0; doc < source.numDocs(); doc++) {
      if (sampler.wantsNext()) {
        scratch.reset();
        ignoredKeys.reset();
        source.copySerializedDocument(doc, scratch, ignoredKeys);
        sampler.offer(scratch.toDataInput(), scratch.size());
      } else {
        sampler.skipNext();
      }
    }
  }

  /**
   * Mode DICTIONARY at finish: chooses the dictionary, then writes the spilled batches and the
   * recorded copy steps in document order. A copy step whose source has the chosen dictionary is
   * copied byte for byte; any other is recompressed.
   */
  private void writeDeferred() throws IOException {
    spill();
    if (spillOut != null) {
      CodecUtil.writeFooter(spillOut);
      spillOut.close();
      spillOut = null;
    }
    dictionary = chooseDictionary(spillName != null);
    recentDictionary.set(dictionary);
    BlockCodec codec = settings.newBlockCodec(dictionary);
    boolean success = false;
    try {
      useCodec(codec, codec.newCompressor());
      success = true;
    } finally {
      if (!success) {
        codec.close();
      }
    }
    int step = 0;
    if (spillName != null) {
      StoredFieldsFiles.checkHeaderStart(directory, spillName, SPILL_CODEC);
      try (ChecksumIndexInput in = directory.openChecksumInput(spillName)) {
        CodecUtil.checkHeader(in, SPILL_CODEC, StoredFieldsFiles.VERSION_CURRENT, StoredFieldsFiles.VERSION_CURRENT);
        for (int batch = 0; batch < spilledBatches; batch++) {
          while (step < copySteps.size() && copySteps.get(step).batchesBefore() == batch) {
            replayCopyStep(copySteps.get(step++));
          }
          replayBatch(in);
        }
        CodecUtil.checkFooter(in);
      }
      directory.deleteFile(spillName);
      spillName = null;
    }
    while (step < copySteps.size()) {
      replayCopyStep(copySteps.get(step++));
    }
    copySteps.clear();
  }

  private ZstdDictionary chooseDictionary(boolean anythingToRecompress) {
    // Candidates: the sources' dictionaries, most documents first, then the last one used here.
    Map<ZstdDictionary, Long> docsPerDictionary = new LinkedHashMap<>();
    boolean oneSourceDictionary = true;
    ZstdDictionary first = copySteps.isEmpty() ? null : copySteps.get(0).source().dictionary();
    for (CopyStep step : copySteps) {
      ZstdDictionary d = step.source().dictionary();
      oneSourceDictionary &= d == null ? first == null : d.sameContent(first);
      if (d != null) {
        ZstdDictionary key = docsPerDictionary.keySet().stream().filter(d::sameContent).findFirst().orElse(d);
        docsPerDictionary.merge(key, (long) step.source().numDocs(), Long::sum);
      }
    }
    if (!anythingToRecompress && first != null && oneSourceDictionary) {
      return first; // every chunk is copied unchanged
    }
    // Sources without a dictionary are copied only if the merged segment is too small for one.
    List<ZstdDictionary> candidates = new ArrayList<>();
    docsPerDictionary.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> candidates.add(e.getKey()));
    ZstdDictionary recent = recentDictionary.get();
    if (recent != null && candidates.stream().noneMatch(recent::sameContent)) {
      candidates.add(recent);
    }
    return DictionaryChoice.choose(
        sampler, candidates, settings.level(), settings.blockBytes(), settings.dictionaryMinSegmentBytes());
  }

  private void replayBatch(ChecksumIndexInput in) throws IOException {
    int docs = in.readVInt();
    if (docs <= 0 || docs > settings.maxDocsPerChunk()) {
      throw new CorruptIndexException("invalid batch of " + docs + " documents", in);
    }
    int[] lengths = new int[docs];
    for (int i = 0; i < docs; i++) {
      lengths[i] = in.readVInt();
      if (lengths[i] < 0 || lengths[i] > MAX_DOCUMENT_BYTES) {
        throw new CorruptIndexException("invalid document length " + lengths[i], in);
      }
      int keys = in.readVInt();
      if (keys < 0 || keys > lengths[i]) { // every value takes a byte at least
        throw new CorruptIndexException("invalid key count " + keys + " for a document of " + lengths[i] + " bytes", in);
      }
      for (int k = 0; k < keys; k++) {
        batchKeys.add(in.readVLong());
      }
      batchKeys.endDocument();
    }
    // A chunk may fill in the middle of the batch: each document's keys go with its bytes.
    for (int i = 0; i < docs; i++) {
      for (int k = 0; k < batchKeys.keyCount(i); k++) {
        shapes.add(batchKeys.key(i, k));
      }
      shapes.endDocument();
      buffer.copyBytes(in, lengths[i]);
      addBufferedDocument(lengths[i]);
    }
    batchKeys.reset();
  }

  private void replayCopyStep(CopyStep step) throws IOException {
    ChunkstoreStoredFieldsReader source = step.source();
    ZstdDictionary theirs = source.dictionary();
    boolean sameDictionary = theirs == null ? dictionary == null : theirs.sameContent(dictionary);
    if (sameDictionary) {
      copyChunks(source);
      return;
    }
    for (int doc = 0; doc < source.numDocs(); doc++) {
      long start = buffer.size();
      source.copySerializedDocument(doc, buffer, shapes);
      shapes.endDocument();
      addBufferedDocument((int) (buffer.size() - start));
    }
  }

  @Override
  public long ramBytesUsed() {
    return SHALLOW_SIZE
        + buffer.ramBytesUsed()
        + inlined.ramBytesUsed()
        + shapes.ramBytesUsed()
        + splitTemplate.bytes().length + splitValues.bytes().length + splitInput.bytes().length
        + lastTemplate.bytes().length
        + batchKeys.ramBytesUsed()
        + pages.ramBytesUsed()
        + header.ramBytesUsed()
        + RamUsageEstimator.sizeOf(docLengths)
        + RamUsageEstimator.sizeOf(blockLengths)
        + RamUsageEstimator.sizeOf(blockCompressedLengths)
        + RamUsageEstimator.sizeOf(blockDocs)
        + RamUsageEstimator.sizeOf(blockTableScratch)
        + RamUsageEstimator.sizeOf(preset)
        + blocks.ramBytesUsed()
        + (rawBlock == null ? 0 : RamUsageEstimator.sizeOf(rawBlock))
        + (compressedBlock == null ? 0 : RamUsageEstimator.sizeOf(compressedBlock))
        + (sampler == null ? 0 : sampler.ramBytesUsed())
        + indexWriter.ramBytesUsed();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (spillName != null) { // failed before the replay ended: the temporary file must go
        IOUtils.closeWhileHandlingException(spillOut);
        IOUtils.deleteFilesIgnoringExceptions(directory, spillName);
        spillOut = null;
        spillName = null;
      }
      IOUtils.close(dataOut, indexOut, metaOut, compressor, blockCodec);
    } finally {
      dataOut = indexOut = metaOut = null;
    }
  }
}
