package io.github.chunkstore.format;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.apache.lucene.store.ByteBuffersDataOutput;

/**
 * Fixed-size pages for a writer's {@link ByteBuffersDataOutput}s, handed back on {@code reset()}
 * and reused for the next chunk, so that buffering a chunk does not allocate and zero its pages
 * again (12% of a tiny-segment merge's time in a JFR profile of BEST_SPEED). At most {@code
 * maxRetainedBytes} of free pages are kept: a huge document's pages go back to the garbage
 * collector. Not thread-safe, like the writer.
 */
final class BlockRecycler {

  private static final int PAGE_BITS = 15; // 32 KiB pages

  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final int maxFreePages;

  BlockRecycler(long maxRetainedBytes) {
    this.maxFreePages = (int) Math.max(1, maxRetainedBytes >>> PAGE_BITS);
  }

  /** An output whose pages come from, and on {@code reset()} go back to, this recycler. */
  ByteBuffersDataOutput newOutput() {
    return new ByteBuffersDataOutput(PAGE_BITS, PAGE_BITS, this::allocate, this::giveBack);
  }

  private ByteBuffer allocate(int size) {
    ByteBuffer page = free.pollFirst();
    if (page == null || page.capacity() != size) {
      return ByteBuffer.allocate(size);
    }
    return page.clear();
  }

  private void giveBack(ByteBuffer page) {
    if (free.size() < maxFreePages) {
      free.addFirst(page);
    }
  }

  /** Heap held by free pages (pages in use are counted by their outputs). */
  long ramBytesUsed() {
    return (long) free.size() << PAGE_BITS;
  }
}
