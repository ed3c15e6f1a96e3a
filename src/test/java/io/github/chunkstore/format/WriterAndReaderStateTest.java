package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.junit.jupiter.api.Test;

/**
 * The small shared state behind the reader (verified chunk headers) and the writer (recycled
 * pages).
 */
class WriterAndReaderStateTest {

  @Test
  void verifiedHeadersRememberEachChunkAcrossWordsAndThreads() {
    VerifiedHeaders verified = new VerifiedHeaders(1000);
    IntStream.range(0, 1000).parallel().filter(c -> c % 3 == 0).forEach(verified::add);
    for (int c = 0; c < 1000; c++) {
      assertEquals(c % 3 == 0, verified.contains(c), "chunk " + c);
    }
    assertEquals(16 + 16 + 8 * 16, verified.ramBytesUsed()); // 1000 bits in 16 words
  }

  @Test
  void recycledPagesServeTheNextChunkUpToTheCap() throws Exception {
    BlockRecycler pages = new BlockRecycler(4 * 32 * 1024);
    ByteBuffersDataOutput out = pages.newOutput();
    out.writeBytes(new byte[3 * 32 * 1024]);
    out.reset();
    assertEquals(3L * 32 * 1024, pages.ramBytesUsed());
    out.writeBytes(new byte[3 * 32 * 1024]);
    assertEquals(0, pages.ramBytesUsed()); // all three pages taken again
    out.reset();
    out.writeBytes(new byte[10 * 32 * 1024]); // a huge document
    out.reset();
    assertEquals(4L * 32 * 1024, pages.ramBytesUsed()); // the rest went to the garbage collector
  }
}
