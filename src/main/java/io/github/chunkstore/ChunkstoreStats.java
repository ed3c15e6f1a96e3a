package io.github.chunkstore;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.format.ChunkstoreStoredFieldsReader;
import java.util.Optional;
import org.apache.lucene.codecs.StoredFieldsReader;

/**
 * What one open segment's Chunkstore stored fields hold and cost, read-only: for tools and
 * monitoring, so that they need no access to the reader's internals. Get it from the reader of a
 * segment, e.g. {@code ChunkstoreStats.of(((CodecReader) leaf.reader()).getFieldsReader())}.
 *
 * @param mode the mode the segment was written in (whatever the reading codec's mode)
 * @param formatVersion the format version of its files
 * @param numDocs documents in the segment
 * @param numChunks chunks in the segment
 * @param numDirtyChunks chunks flushed before they were full (segment ends, merges)
 * @param numDirtyDocs documents in those chunks
 * @param indexHeapBytes heap bytes of the chunk index, the per-segment structure kept in memory
 * @param dictionaryBytes bytes of the zstd dictionary the segment stores; 0 without one
 * @param dictionaryMemoryBytes the segment's part of the memory its dictionaries hold while open,
 *     heap and native (an estimate), shared by all clones; a dictionary that several open segments
 *     store is held once and its memory split among them by stored bytes, so the parts add up to
 *     what is held; 0 without one or before the first read
 */
public record ChunkstoreStats(
    Mode mode,
    int formatVersion,
    int numDocs,
    int numChunks,
    long numDirtyChunks,
    long numDirtyDocs,
    long indexHeapBytes,
    long dictionaryBytes,
    long dictionaryMemoryBytes) {

  /**
   * The statistics of {@code reader} if it reads Chunkstore stored fields, else empty (another
   * codec's segment).
   */
  public static Optional<ChunkstoreStats> of(StoredFieldsReader reader) {
    if (!(reader instanceof ChunkstoreStoredFieldsReader chunkstore)) {
      return Optional.empty();
    }
    return Optional.of(
        new ChunkstoreStats(
            ChunkstoreStoredFieldsFormat.publicMode(chunkstore.mode()),
            chunkstore.version(),
            chunkstore.numDocs(),
            chunkstore.numChunks(),
            chunkstore.numDirtyChunks(),
            chunkstore.numDirtyDocs(),
            chunkstore.indexRamBytesUsed(),
            chunkstore.dictionaryBytes(),
            chunkstore.dictionaryMemoryBytes()));
  }
}
