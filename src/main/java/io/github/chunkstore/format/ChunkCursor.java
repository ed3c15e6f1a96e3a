package io.github.chunkstore.format;

import java.lang.ref.WeakReference;
import org.apache.lucene.store.IndexInput;

/**
 * Where a reader instance decodes documents: the decoded header of its current chunk and the input
 * over that chunk's blocks, with their buffers (10-80 KiB once used, by mode and chunk).
 *
 * <p>Why search clones share one cursor per thread ({@link #forCurrentThread}): Lucene clones a
 * segment's reader for every {@code storedFields()} call, typically once per query and segment, and
 * reads a few documents through each clone, so a cursor per clone allocates its buffers again for
 * nearly every query: reading 10 random documents per fresh clone, BEST_SPEED read 15-20% fewer
 * documents per second with a cursor per clone, BEST_COMPRESSION and DICTIONARY (which spend longer
 * in zstd) 3-5% fewer, while in-order scans through one clone read the same within 3%. Sharing
 * needs two rules. The cursor records which instance's chunk it holds ({@link #holder}): an
 * instance that finds another holder takes the cursor over and decodes its own chunk again. And a
 * read in progress marks the cursor {@link #busy}: an instance that finds it busy (a visitor
 * reading another document from inside a read) decodes into a cursor of its own. Merge instances
 * always have their own, so that a merge's in-order reads keep their chunk whatever else the thread
 * reads. The thread holds its cursor only weakly, so an idle thread keeps no buffers past the next
 * garbage collection and never pins this library's classes.
 */
final class ChunkCursor {

  private static final ThreadLocal<WeakReference<ChunkCursor>> PER_THREAD = new ThreadLocal<>();

  final ChunkHeader header = new ChunkHeader();
  final ChunkInput input = new ChunkInput();
  final Checksums checksums = new Checksums();

  /** The reader instance whose chunk this cursor holds; only it may use the fields below. */
  private Object holder;

  /** True while a document is being read through this cursor. */
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

  boolean heldBy(Object reader) {
    return holder == reader;
  }

  /**
   * Makes {@code reader} the holder, reading blocks from its {@code data}; forgets the chunk the
   * previous holder had decoded.
   */
  void holdFor(Object reader, IndexInput data, boolean verifyChecksums) {
    holder = reader;
    chunk = -1;
    input.bind(data, verifyChecksums);
  }

  /** True if the decoded chunk holds document {@code docID} of the holder's segment. */
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
