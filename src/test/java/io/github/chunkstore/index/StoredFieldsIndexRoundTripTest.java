package io.github.chunkstore.index;

import static io.github.chunkstore.index.IndexFiles.constantInts;
import static io.github.chunkstore.index.IndexFiles.constantLongs;
import static io.github.chunkstore.index.IndexFiles.uniformInts;
import static io.github.chunkstore.index.IndexFiles.uniformLongs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.index.IndexFiles.Layout;
import java.io.IOException;
import java.util.Random;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.StringHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writes chunk layouts through a real index file and compares the reader with the model. */
class StoredFieldsIndexRoundTripTest {

  private static final int BLOCK = StoredFieldsIndexWriter.BLOCK_CHUNKS;

  /** Writes, reads back through the checksummed path, and checks every docID. */
  private static StoredFieldsIndexReader roundTrip(Layout layout) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      byte[] id = StringHelper.randomId();
      IndexFiles.write(dir, "index", id, layout);
      StoredFieldsIndexReader reader = IndexFiles.read(dir, "index", id, layout.numDocs());
      IndexFiles.assertMatches(layout, reader);
      return reader;
    }
  }

  @Test
  void emptySegment() throws IOException {
    StoredFieldsIndexReader reader = roundTrip(new Layout(new int[0], new long[0], 0));
    assertEquals(0, reader.numChunks());
    assertEquals(0, reader.numDocs());
    // A data file with only a header: the max pointer is its length.
    roundTrip(new Layout(new int[0], new long[0], 37));
  }

  @Test
  void oneChunk() throws IOException {
    roundTrip(new Layout(new int[] {1}, new long[] {0}, 0));
    roundTrip(new Layout(new int[] {1}, new long[] {0}, 1));
    roundTrip(new Layout(new int[] {7}, new long[] {25}, 4_000));
    roundTrip(new Layout(new int[] {100_000}, new long[] {1L << 40}, (1L << 40) + 123_456));
  }

  @Test
  void exactlyOneBlock() throws IOException {
    Random random = new Random(1);
    roundTrip(
        Layout.fromSizes(
            uniformInts(random, BLOCK, 1, 300), uniformLongs(random, BLOCK, 1, 90_000), 40));
  }

  @Test
  void oneBlockPlusOneChunk() throws IOException {
    Random random = new Random(2);
    int n = BLOCK + 1;
    StoredFieldsIndexReader reader =
        roundTrip(
            Layout.fromSizes(
                uniformInts(random, n, 1, 300), uniformLongs(random, n, 1, 90_000), 40));
    assertEquals(n, reader.numChunks());
  }

  @Test
  void exactlyTwoBlocks() throws IOException {
    Random random = new Random(3);
    int n = 2 * BLOCK;
    roundTrip(
        Layout.fromSizes(uniformInts(random, n, 1, 50), uniformLongs(random, n, 1, 9_000), 0));
  }

  @Test
  void fiveThousandChunks() throws IOException {
    Random random = new Random(4);
    int n = 5000;
    roundTrip(
        Layout.fromSizes(uniformInts(random, n, 1, 200), uniformLongs(random, n, 100, 80_000), 40));
  }

  @Test
  void regularChunksHaveZeroDeltas() throws IOException {
    // Perfectly predictable blocks: every delta is 0 and packs at 1 bit.
    int n = 3 * BLOCK + 17;
    roundTrip(Layout.fromSizes(constantInts(n, 128), constantLongs(n, 16_384), 40));
  }

  @Test
  void oneDocPerChunk() throws IOException {
    Random random = new Random(5);
    int n = 2 * BLOCK + 300;
    roundTrip(Layout.fromSizes(constantInts(n, 1), uniformLongs(random, n, 1, 1_000_000), 40));
  }

  @Test
  void irregularSizesAndCounts() throws IOException {
    // A few huge chunks among small ones push the averages up, so most deltas are negative.
    Random random = new Random(6);
    int n = 3000;
    int[] docCounts = uniformInts(random, n, 1, 10);
    long[] sizes = uniformLongs(random, n, 0, 100);
    for (int i = 0; i < n; i += 1 + random.nextInt(400)) {
      docCounts[i] = 5_000 + random.nextInt(5_000);
      sizes[i] = 10_000_000 + random.nextInt(10_000_000);
    }
    roundTrip(Layout.fromSizes(docCounts, sizes, 40));
    // And the reverse: a single spike at the very end of every block.
    docCounts = constantInts(n, 2);
    sizes = constantLongs(n, 10);
    for (int i = BLOCK - 2; i < n; i += BLOCK) {
      docCounts[i] = 100_000;
      sizes[i] = 1L << 33;
    }
    roundTrip(Layout.fromSizes(docCounts, sizes, 0));
  }

  @Test
  void equalPointers() throws IOException {
    // Chunks of zero bytes: consecutive equal start pointers, and an end equal to the last start.
    int n = BLOCK + 10;
    roundTrip(Layout.fromSizes(constantInts(n, 3), new long[n], 40));
    Random random = new Random(7);
    long[] sizes = uniformLongs(random, n, 0, 1000);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        sizes[i] = 0;
      }
    }
    roundTrip(Layout.fromSizes(uniformInts(random, n, 1, 20), sizes, 40));
  }

  @Test
  void pointersPastFourGiB() throws IOException {
    Random random = new Random(8);
    int n = 2 * BLOCK + 77;
    // Chunks up to 2 GiB each: start pointers run far past 2^32 within the first blocks.
    roundTrip(
        Layout.fromSizes(
            uniformInts(random, n, 1, 100), uniformLongs(random, n, 0, Integer.MAX_VALUE), 40));
    roundTrip(
        Layout.fromSizes(
            uniformInts(random, n, 1, 100), uniformLongs(random, n, 0, 5_000), 5L << 32));
  }

  @Test
  void pointersNearHalfOfLongMax() throws IOException {
    Random random = new Random(9);
    int n = 3000;
    long first = Long.MAX_VALUE / 2 - (1L << 20);
    roundTrip(
        Layout.fromSizes(
            uniformInts(random, n, 1, 100), uniformLongs(random, n, 0, 1L << 40), first));
  }

  @Test
  void sixtyFourBitDeltas() throws IOException {
    // Many equal pointers followed by one huge jump: the deltas span almost the whole long range.
    int n = BLOCK + 5;
    long[] starts = new long[n];
    starts[BLOCK - 1] = Long.MAX_VALUE - 2;
    for (int i = BLOCK; i < n; i++) {
      starts[i] = Long.MAX_VALUE - 1;
    }
    roundTrip(new Layout(constantInts(n, 1), starts, Long.MAX_VALUE));
    long[] twoChunks = {0, Long.MAX_VALUE};
    roundTrip(new Layout(new int[] {1, 1}, twoChunks, Long.MAX_VALUE));
  }

  @Test
  void hugeDocCounts() throws IOException {
    // Too many docs to visit each; check every chunk's boundaries instead.
    int[] docCounts = {1, Integer.MAX_VALUE - 12, 10, 1};
    Layout layout = Layout.fromSizes(docCounts, new long[] {10, 1L << 35, 0, 7}, 0);
    try (Directory dir = new ByteBuffersDirectory()) {
      byte[] id = StringHelper.randomId();
      IndexFiles.write(dir, "index", id, layout);
      StoredFieldsIndexReader reader = IndexFiles.read(dir, "index", id, layout.numDocs());
      assertEquals(Integer.MAX_VALUE, reader.numDocs());
      IndexFiles.assertMatchesAtBoundaries(layout, reader);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 17, 42, 1234, 98765, 0xC0FFEE, 0x5EED5EEDL, -7, Long.MAX_VALUE})
  void randomLayouts(long seed) throws IOException {
    Random random = new Random(seed);
    for (int round = 0; round < 4; round++) {
      roundTrip(randomLayout(random));
    }
  }

  /** Random chunk count, doc-count and size distributions, and first offset. */
  static Layout randomLayout(Random random) {
    int n =
        switch (random.nextInt(4)) {
          case 0 -> random.nextInt(5);
          case 1 -> BLOCK - 2 + random.nextInt(5);
          default -> random.nextInt(6 * BLOCK);
        };
    int[] docCounts =
        switch (random.nextInt(4)) {
          case 0 -> constantInts(n, 1 + random.nextInt(200));
          case 1 -> uniformInts(random, n, 1, 3);
          case 2 -> uniformInts(random, n, 1, 1 + random.nextInt(500));
          default -> heavyTailedInts(random, n);
        };
    long maxSize = 1L << random.nextInt(44);
    long[] sizes =
        switch (random.nextInt(4)) {
          case 0 -> constantLongs(n, random.nextLong(maxSize));
          case 1 -> uniformLongs(random, n, 0, maxSize);
          case 2 -> uniformLongs(random, n, maxSize / 2, maxSize);
          default -> heavyTailedLongs(random, n, maxSize);
        };
    long first =
        switch (random.nextInt(3)) {
          case 0 -> 0;
          case 1 -> random.nextInt(100);
          default -> random.nextLong(Long.MAX_VALUE / 2);
        };
    return Layout.fromSizes(docCounts, sizes, first);
  }

  private static int[] heavyTailedInts(Random random, int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          1 + (int) Math.min(20_000, Math.abs(random.nextGaussian()) * Math.exp(random.nextInt(8)));
    }
    return values;
  }

  private static long[] heavyTailedLongs(Random random, int n, long maxSize) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(10) == 0 ? maxSize : random.nextLong(1 + maxSize / 1000);
    }
    return values;
  }

  @Test
  void countingOutputSeesTheSameBytesAsAFile() throws IOException {
    // The index never touches the data file: huge pointers can be fed directly, and only the
    // index bytes are produced. A discarding, counting output gets exactly the file's byte count.
    Random random = new Random(10);
    Layout layout =
        Layout.fromSizes(
            uniformInts(random, 200_000, 400, 600),
            uniformLongs(random, 200_000, 1L << 30, 1L << 32),
            40);
    CountingDataOutput counter = new CountingDataOutput();
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(counter);
    for (int c = 0; c < layout.numChunks(); c++) {
      writer.addChunk(layout.docCounts()[c], layout.startPointers()[c]);
    }
    writer.finish(layout.numDocs(), layout.maxPointer());
    assertTrue(layout.maxPointer() > 1L << 46, "data well past 4 GiB");
    assertEquals(IndexFiles.body(layout).length, counter.bytes);
    // Random walks within a block: ~13 bits of doc deltas and ~37 of pointer deltas per chunk.
    assertTrue(counter.bytes < 8L * layout.numChunks(), "bytes " + counter.bytes);
  }

  /** Counts bytes and throws them away. */
  private static final class CountingDataOutput extends org.apache.lucene.store.DataOutput {
    long bytes;

    @Override
    public void writeByte(byte b) {
      bytes++;
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) {
      bytes += length;
    }
  }
}
