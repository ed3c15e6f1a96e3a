package io.github.chunkstore.index;

import static io.github.chunkstore.index.IndexFiles.uniformInts;
import static io.github.chunkstore.index.IndexFiles.uniformLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.index.IndexFiles.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.ByteBuffersIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.StringHelper;
import org.junit.jupiter.api.Test;

/** Exact byte layout, argument checking, heap accounting and concurrent reads. */
class StoredFieldsIndexApiTest {

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void byteLayoutOfASmallBlock() throws IOException {
    // Chunks of 2, 3, 5 docs at 10, 20, 40; data ends at 55.
    // relDocBase = 0, 2, 5: AvgChunkDocs = round(5 / 2) = 3, deltas 0, -1, -1 -> zigzag 0, 1, 1.
    // relStart = 0, 10, 30: AvgChunkSize = 30 / 2 = 15, deltas 0, -5, 0 -> zigzag 0, 9, 0.
    Layout layout = new Layout(new int[] {2, 3, 5}, new long[] {10, 20, 40}, 55);
    byte[] expected =
        bytes(
            3, // n
            0, // DocBase
            3, // AvgChunkDocs
            1, // BitsPerDocBase
            0b0110_0000, // 0, 1, 1 at 1 bit each, big-endian, zero padded
            10, // StartPointer
            15, // AvgChunkSize
            4, // BitsPerStartPointer
            0x09,
            0x00, // 0, 9, 0 at 4 bits each
            0, // end marker
            55); // max pointer
    assertArrayEquals(expected, IndexFiles.body(layout));
  }

  @Test
  void byteLayoutOfASingleChunk() throws IOException {
    Layout layout = new Layout(new int[] {5}, new long[] {100}, 300);
    // n=1: both averages are 0 and the single delta is 0 at 1 bit; 300 is VLong 0xAC 0x02.
    byte[] expected = bytes(1, 0, 0, 1, 0, 100, 0, 1, 0, 0, 0xAC, 0x02);
    assertArrayEquals(expected, IndexFiles.body(layout));
  }

  @Test
  void byteLayoutOfAnEmptySegment() throws IOException {
    assertArrayEquals(bytes(0, 0), IndexFiles.body(new Layout(new int[0], new long[0], 0)));
    assertArrayEquals(bytes(0, 40), IndexFiles.body(new Layout(new int[0], new long[0], 40)));
  }

  @Test
  void secondBlockStartsWhereTheFirstEnds() throws IOException {
    // 1025 chunks of 4 docs, 100 bytes each, from 40: the second block has DocBase 4096.
    int n = StoredFieldsIndexWriter.BLOCK_CHUNKS + 1;
    Layout layout =
        Layout.fromSizes(IndexFiles.constantInts(n, 4), IndexFiles.constantLongs(n, 100), 40);
    byte[] body = IndexFiles.body(layout);
    // Block 1: n (2 bytes), DocBase 0, AvgChunkDocs 4, bits 1, 128 bytes of zero deltas,
    // StartPointer 40, AvgChunkSize 100, bits 1, 128 bytes of zero deltas.
    byte[] firstBlockHead = bytes(0x80, 0x08, 0, 4, 1);
    for (int i = 0; i < firstBlockHead.length; i++) {
      assertEquals(firstBlockHead[i], body[i], "byte " + i);
    }
    int secondBlock = 2 + 1 + 1 + 1 + 128 + 1 + 1 + 1 + 128;
    // 4096 is VInt 0x80 0x20; 102440 is VLong 0xA8 0xA0 0x06.
    // n=1, DocBase, AvgChunkDocs 0, bits 1, one zero delta, StartPointer, AvgChunkSize 0, bits 1,
    // one zero delta, end marker, max pointer 102540 (VLong 0x8C 0xA1 0x06).
    byte[] expected = bytes(1, 0x80, 0x20, 0, 1, 0, 0xA8, 0xA0, 0x06, 0, 1, 0, 0, 0x8C, 0xA1, 0x06);
    byte[] actual = new byte[body.length - secondBlock];
    System.arraycopy(body, secondBlock, actual, 0, actual.length);
    assertArrayEquals(expected, actual);
  }

  @Test
  void readerStopsRightAfterTheMaxPointer() throws IOException {
    Random random = new Random(11);
    Layout layout =
        Layout.fromSizes(uniformInts(random, 3000, 1, 9), uniformLongs(random, 3000, 0, 999), 0);
    byte[] body = IndexFiles.body(layout);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    out.writeBytes(body, body.length);
    out.writeLong(0xDEADBEEFL); // stands for the footer
    try (IndexInput in = new ByteBuffersIndexInput(out.toDataInput(), "index")) {
      StoredFieldsIndexReader reader = StoredFieldsIndexReader.read(in, layout.numDocs());
      assertEquals(body.length, in.getFilePointer());
      IndexFiles.assertMatches(layout, reader);
    }
  }

  @Test
  void writerRejectsBadChunks() throws IOException {
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(new ByteBuffersDataOutput());
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(0, 0));
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(Integer.MIN_VALUE, 0));
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(1, -1));
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(1, Long.MIN_VALUE));
    writer.addChunk(3, 100);
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(1, 99));
    writer.addChunk(Integer.MAX_VALUE - 4, 100); // equal pointers are fine
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(2, 200)); // > MAX_VALUE docs
    writer.addChunk(1, 200); // exactly Integer.MAX_VALUE docs
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(1, 300));
    // Rejected calls change nothing.
    assertEquals(3, writer.numChunks());
    writer.finish(Integer.MAX_VALUE, 200);
  }

  @Test
  void rejectedCallsLeaveTheWriterUsable() throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(out);
    writer.addChunk(2, 10);
    assertThrows(IllegalArgumentException.class, () -> writer.addChunk(2, 5));
    assertThrows(IllegalStateException.class, () -> writer.finish(3, 20));
    assertThrows(IllegalArgumentException.class, () -> writer.finish(2, 9));
    writer.addChunk(2, 20);
    writer.finish(4, 30);
    Layout layout = new Layout(new int[] {2, 2}, new long[] {10, 20}, 30);
    assertArrayEquals(IndexFiles.body(layout), out.toArrayCopy());
  }

  @Test
  void finishChecksTotalsAndPointers() throws IOException {
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(new ByteBuffersDataOutput());
    writer.addChunk(5, 40);
    writer.addChunk(5, 90);
    assertThrows(IllegalStateException.class, () -> writer.finish(9, 100));
    assertThrows(IllegalStateException.class, () -> writer.finish(11, 100));
    assertThrows(IllegalStateException.class, () -> writer.finish(-10, 100));
    assertThrows(IllegalArgumentException.class, () -> writer.finish(10, 89));
    writer.finish(10, 90); // the last chunk may be empty in bytes
    assertThrows(IllegalStateException.class, () -> writer.addChunk(1, 100));
    assertThrows(IllegalStateException.class, () -> writer.finish(10, 90));

    StoredFieldsIndexWriter empty = new StoredFieldsIndexWriter(new ByteBuffersDataOutput());
    assertThrows(IllegalStateException.class, () -> empty.finish(1, 0));
    assertThrows(IllegalArgumentException.class, () -> empty.finish(0, -1));
    empty.finish(0, 0);
  }

  @Test
  void nullOutputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StoredFieldsIndexWriter(null));
  }

  @Test
  void readerRejectsOutOfRangeArguments() throws IOException {
    Layout layout = new Layout(new int[] {3, 4}, new long[] {0, 50}, 80);
    StoredFieldsIndexReader reader = IndexFiles.readBody(IndexFiles.body(layout), 7);
    for (int doc : new int[] {-1, 7, 8, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> reader.chunkOf(doc), "doc " + doc);
    }
    for (int chunk : new int[] {-1, 2, 1024, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> reader.chunkDocBase(chunk));
      assertThrows(IllegalArgumentException.class, () -> reader.chunkDocCount(chunk));
      assertThrows(IllegalArgumentException.class, () -> reader.chunkStartPointer(chunk));
      assertThrows(IllegalArgumentException.class, () -> reader.chunkEndPointer(chunk));
    }
    StoredFieldsIndexReader empty =
        IndexFiles.readBody(IndexFiles.body(new Layout(new int[0], new long[0], 0)), 0);
    assertThrows(IllegalArgumentException.class, () -> empty.chunkOf(0));
    assertThrows(IllegalArgumentException.class, () -> empty.chunkStartPointer(0));
    assertThrows(
        IllegalArgumentException.class, () -> IndexFiles.readBody(IndexFiles.body(layout), -1));
  }

  @Test
  void writerHeapIsItsBuffers() {
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(new ByteBuffersDataOutput());
    long bytes = writer.ramBytesUsed();
    // Two buffers of 1024 longs plus the object.
    assertTrue(bytes >= 2 * 8 * 1024 && bytes < 2 * 8 * 1024 + 512, "writer heap " + bytes);
  }

  @Test
  void readerHeapForOneMillionDocs() throws IOException {
    // ~500 docs per chunk, chunk sizes ~43 KB +-20%: the workload the heap target is stated for.
    Random random = new Random(12);
    List<Integer> counts = new ArrayList<>();
    int docs = 0;
    while (docs < 1_000_000) {
      int count = Math.min(1_000_000 - docs, 450 + random.nextInt(101));
      counts.add(count);
      docs += count;
    }
    int n = counts.size();
    int[] docCounts = counts.stream().mapToInt(Integer::intValue).toArray();
    Layout layout = Layout.fromSizes(docCounts, uniformLongs(random, n, 35_000, 52_000), 40);
    StoredFieldsIndexReader reader = IndexFiles.readBody(IndexFiles.body(layout), layout.numDocs());
    IndexFiles.assertMatches(layout, reader);
    long heap = reader.ramBytesUsed();
    System.out.println("index heap for 1M docs in " + n + " chunks: " + heap + " bytes");
    assertTrue(heap < 16 * 1024, "heap " + heap);
    // The packed deltas alone need at least a bit per value per chunk.
    assertTrue(heap > 2L * n / 8, "heap " + heap);
  }

  @Test
  void readerHeapGrowsWithChunks() throws IOException {
    Random random = new Random(13);
    long previous =
        IndexFiles.readBody(IndexFiles.body(new Layout(new int[0], new long[0], 0)), 0)
            .ramBytesUsed();
    assertTrue(previous > 0);
    for (int n : new int[] {1, 1024, 1025, 10_000, 100_000}) {
      Layout layout =
          Layout.fromSizes(uniformInts(random, n, 1, 10), uniformLongs(random, n, 0, 10_000), 0);
      long heap = IndexFiles.readBody(IndexFiles.body(layout), layout.numDocs()).ramBytesUsed();
      assertTrue(heap > previous, n + " chunks: " + heap + " <= " + previous);
      previous = heap;
    }
  }

  @Test
  void concurrentReadsSeeTheSameIndex() throws Exception {
    Random random = new Random(14);
    Layout layout =
        Layout.fromSizes(
            uniformInts(random, 5000, 1, 60), uniformLongs(random, 5000, 0, 1L << 34), 40);
    StoredFieldsIndexReader reader;
    try (Directory dir = new ByteBuffersDirectory()) {
      byte[] id = StringHelper.randomId();
      IndexFiles.write(dir, "index", id, layout);
      reader = IndexFiles.read(dir, "index", id, layout.numDocs());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> IndexFiles.assertMatches(layout, reader)));
      }
      for (Future<?> future : futures) {
        future.get(); // rethrows any assertion failure
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
