package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;

/**
 * Mode DICTIONARY's writer. The dictionary must be known before the first chunk is compressed, but
 * it is trained from the whole segment: documents are first appended, a buffer at a time, to a
 * temporary spill file while {@link DocumentSampler} keeps an even sample. Merges record the chunks
 * they copy. {@link #finish} chooses the dictionary for the spilled documents ({@link
 * DictionaryChoice}), then replays the batches and copies through the {@link ChunkWriter} in
 * document order. Copied chunks keep the dictionary they name, whatever this one is.
 *
 * <pre>
 * SpillFile --&gt; Header, Batch<sup>NumBatches</sup>, Footer
 * Batch     --&gt; NumDocs VInt, (DocLength VInt, NumKeys VInt, FieldKey VLong<sup>NumKeys</sup>)<sup>NumDocs</sup>, DocBytes
 * </pre>
 *
 * DocBytes holds values only; a split value's template id (see {@link DocumentShapes}) stays valid
 * because the buffer keeps its templates until the replay ends.
 */
final class DeferredDictionaryWriter implements ChunkSink, Closeable {

  /** Header codec name of the spill file. */
  static final String SPILL_CODEC = "ChunkstoreStoredFieldsSpill";

  /**
   * Chunks of a merge source to copy, after {@code batchesBefore} batches: all of them ({@code
   * chunk} -1) or chunk {@code chunk} of {@code docs} documents and {@code rawBytes}.
   */
  private record CopyStep(
      ChunkstoreStoredFieldsReader source, int chunk, int docs, long rawBytes, int batchesBefore) {}

  private final ModeSettings settings;
  private final String segment;
  private final Directory directory;
  private final IOContext context;
  private final DocumentBuffer buffer;
  private final ChunkWriter chunks;
  private final RecentDictionary recentDictionary;
  private final DocumentSampler sampler = new DocumentSampler();
  private final DocumentShapes batchKeys = new DocumentShapes(); // keys of a batch replayed
  private final List<CopyStep> copySteps = new ArrayList<>();
  private ZstdDictionary candidate; // the merge's dominant copied dictionary, or null
  private boolean mayTrain = true; // whether a fresh dictionary may join the candidate's segment
  private IndexOutput spillOut;
  private String spillName; // until the spill file is deleted
  private int spilledBatches;

  DeferredDictionaryWriter(
      ModeSettings settings,
      String segment,
      Directory directory,
      IOContext context,
      DocumentBuffer buffer,
      ChunkWriter chunks,
      RecentDictionary recentDictionary) {
    this.settings = settings;
    this.segment = segment;
    this.directory = directory;
    this.context = context;
    this.buffer = buffer;
    this.chunks = chunks;
    this.recentDictionary = recentDictionary;
  }

  @Override
  public void documentBuffered() throws IOException {
    if (chunks.bufferFull()) {
      spill();
    }
  }

  @Override
  public void copySegment(ChunkstoreStoredFieldsReader source) throws IOException {
    spill(); // the batches before this source stay before it
    copySteps.add(new CopyStep(source, -1, 0, 0, spilledBatches));
  }

  @Override
  public void copyChunk(ChunkstoreStoredFieldsReader source, int c, int docs, long rawBytes)
      throws IOException {
    spill();
    copySteps.add(new CopyStep(source, c, docs, rawBytes, spilledBatches));
  }

  /**
   * A merge's dominant copied dictionary ({@link MergeDictionaries}): the spilled documents use it
   * unless a fresh one would compress them clearly better and {@code roomForAnother}, or use it
   * untrained if they are too few for a dictionary of their own.
   */
  void offerCandidate(ZstdDictionary dictionary, boolean roomForAnother) {
    this.candidate = dictionary;
    this.mayTrain = roomForAnother;
  }

  /**
   * Appends the buffered documents to the spill file as one batch, offering each to the sampler.
   */
  private void spill() throws IOException {
    int docs = buffer.numDocs();
    if (docs == 0) {
      return;
    }
    if (spillOut == null) {
      spillOut = directory.createTempOutput(segment, "csspill", context);
      spillName = spillOut.getName();
      CodecUtil.writeHeader(spillOut, SPILL_CODEC, StoredFieldsFiles.VERSION_CURRENT);
    }
    DocumentShapes shapes = buffer.shapes();
    int[] lengths = buffer.lengths();
    spillOut.writeVInt(docs);
    for (int i = 0; i < docs; i++) {
      spillOut.writeVInt(lengths[i]);
      spillOut.writeVInt(shapes.keyCount(i));
      for (int k = 0; k < shapes.keyCount(i); k++) {
        spillOut.writeVLong(shapes.key(i, k));
      }
    }
    buffer.values().copyTo(spillOut);
    ByteBuffersDataInput in = buffer.values().toDataInput();
    for (int i = 0; i < docs; i++) {
      sampler.offer(in, lengths[i]);
    }
    spilledBatches++;
    buffer.clear(true);
  }

  /**
   * Chooses the dictionary and writes every spilled batch and recorded copy through the chunk
   * writer, in document order.
   */
  void finish() throws IOException {
    spill();
    if (spillOut != null) {
      CodecUtil.writeFooter(spillOut);
      spillOut.close();
      spillOut = null;
    }
    ZstdDictionary dictionary = chooseDictionary();
    recentDictionary.set(dictionary);
    BlockCodec codec = settings.newBlockCodec(dictionary);
    boolean success = false;
    try {
      chunks.useCodec(codec, dictionary);
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
        CodecUtil.checkHeader(
            in, SPILL_CODEC, StoredFieldsFiles.VERSION_CURRENT, StoredFieldsFiles.VERSION_CURRENT);
        for (int batch = 0; batch < spilledBatches; batch++) {
          while (step < copySteps.size() && copySteps.get(step).batchesBefore() == batch) {
            replayCopy(copySteps.get(step++));
          }
          replayBatch(in);
        }
        CodecUtil.checkFooter(in);
      }
      directory.deleteFile(spillName);
      spillName = null;
    }
    while (step < copySteps.size()) {
      replayCopy(copySteps.get(step++));
    }
    copySteps.clear();
  }

  /**
   * The dictionary for the spilled documents: none if there are none; the merge's candidate,
   * untrained, if they are too few to train on or the segment has no room for another; else a fresh
   * one, unless the candidate or the one this format used last compresses them about as well
   * (reusing keeps the merged segment's dictionaries few).
   */
  private ZstdDictionary chooseDictionary() {
    if (spillName == null) {
      return candidate;
    }
    if (candidate != null
        && (!mayTrain || sampler.estimatedBytes() < settings.dictionaryMinSegmentBytes())) {
      return candidate;
    }
    List<ZstdDictionary> candidates = new ArrayList<>();
    if (candidate != null) {
      candidates.add(candidate);
    }
    ZstdDictionary recent = recentDictionary.get();
    if (recent != null && !recent.sameContent(candidate) && mayTrain) {
      candidates.add(recent);
    }
    return DictionaryChoice.choose(
        sampler,
        candidates,
        settings.level(),
        settings.blockBytesFor(sampler.averageDocBytes(), settings.blockBytes()),
        settings.dictionaryMinSegmentBytes(),
        settings.dictionaryMemoryShare());
  }

  private void replayBatch(ChecksumIndexInput in) throws IOException {
    int docs = in.readVInt();
    if (docs <= 0 || docs > settings.maxDocsPerChunk()) {
      throw new CorruptIndexException("invalid batch of " + docs + " documents", in);
    }
    int[] lengths = new int[docs];
    for (int i = 0; i < docs; i++) {
      lengths[i] = in.readVInt();
      if (lengths[i] < 0 || lengths[i] > FieldEncoding.MAX_DOCUMENT_BYTES) {
        throw new CorruptIndexException("invalid document length " + lengths[i], in);
      }
      int keys = in.readVInt();
      if (keys < 0 || keys > lengths[i]) { // every value takes a byte at least
        throw new CorruptIndexException(
            "invalid key count " + keys + " for a document of " + lengths[i] + " bytes", in);
      }
      for (int k = 0; k < keys; k++) {
        batchKeys.add(in.readVLong());
      }
      batchKeys.endDocument();
    }
    // A chunk may fill in the middle of the batch: each document's keys go with its bytes.
    DocumentShapes shapes = buffer.shapes();
    for (int i = 0; i < docs; i++) {
      for (int k = 0; k < batchKeys.keyCount(i); k++) {
        shapes.add(batchKeys.key(i, k));
      }
      buffer.appendDocument(in, lengths[i]);
      chunks.documentBuffered();
    }
    batchKeys.reset();
  }

  private void replayCopy(CopyStep step) throws IOException {
    if (step.chunk() < 0) {
      chunks.copySegment(step.source());
    } else {
      chunks.copyChunk(step.source(), step.chunk(), step.docs(), step.rawBytes());
    }
  }

  long ramBytesUsed() {
    return sampler.ramBytesUsed() + batchKeys.ramBytesUsed();
  }

  /** Deletes the spill file if the replay did not end. */
  @Override
  public void close() {
    if (spillName != null) {
      IOUtils.closeWhileHandlingException(spillOut);
      IOUtils.deleteFilesIgnoringExceptions(directory, spillName);
      spillOut = null;
      spillName = null;
    }
  }
}
