package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockDecompressor;
import java.lang.ref.WeakReference;
import org.apache.lucene.store.IndexInput;

/**
 * Everything a reader needs to decode documents: the decoded header of its current chunk and the
 * input over that chunk's blocks, with their buffers (10-80 KiB once used, by mode and chunk).
 *
 * <p>Lucene clones a segment's reader for every {@code storedFields()} call, typically once per
 * query and segment, and reads only a few documents through each clone. Giving every clone its own
 * cursor allocated those buffers again for nearly every document a search fetched. So the clones
 * of all segments share one cursor per thread ({@link #forCurrentThread}); a reader owns it from
 * its first read until another reader on the thread takes it, and then simply decodes its chunk
 * again. A read never spans two owners: a reader that finds the cursor busy (a visitor reading
 * another reader's document from inside a read) uses a private cursor instead.
 *
 * <p>The thread holds its cursor only weakly, so an idle thread keeps no buffers past the next
 * garbage collection and never pins this library's classes.
 */
final class ChunkCursor {

  private static final ThreadLocal<WeakReference<ChunkCursor>> PER_THREAD = new ThreadLocal<>();

  final ChunkHeader header = new ChunkHeader();
  final ChunkInput input = new ChunkInput();
  final Checksums checksums = new Checksums();

  /** The reader whose chunk this cursor holds; only that reader may trust the fields below. */
  private Object owner;
  /** True while a document is being read, so that a nested read on the same thread goes elsewhere. */
  boolean busy;

  int chunk = -1; // decoded in `header`, or -1
  int chunkDocBase;
  int chunkDocs;

  /** This thread's shared cursor, created on first use or after the garbage collector took it. */
  static ChunkCursor forCurrentThread() {
    WeakReference<ChunkCursor> ref = PER_THREAD.get();
    ChunkCursor cursor = ref == null ? null : ref.get();
    if (cursor == null) {
      cursor = new ChunkCursor();
      PER_THREAD.set(new WeakReference<>(cursor));
    }
    return cursor;
  }

  boolean ownedBy(Object reader) {
    return owner == reader;
  }

  /** Makes {@code reader} the owner, reading blocks from {@code data}; forgets the chunk it held. */
  void claim(Object reader, IndexInput data, BlockDecompressor decompressor, boolean verify) {
    owner = reader;
    chunk = -1;
    input.bind(data, decompressor, verify);
  }

  /** True if the decoded chunk holds document {@code docID} of the owner's segment. */
  boolean holds(int docID) {
    return chunk >= 0 && docID >= chunkDocBase && docID < chunkDocBase + chunkDocs;
  }

  long ramBytesUsed() {
    return input.ramBytesUsed() + header.ramBytesUsed();
  }

  /** Drops the buffers (after a merge); they are reallocated if reading goes on. */
  void releaseBuffers() {
    chunk = -1;
    header.releaseBuffers();
    input.releaseBuffers();
  }
}
