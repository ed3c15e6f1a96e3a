package io.github.chunkstore.index;

import static io.github.chunkstore.index.IndexFiles.assertCorruptOrEof;
import static io.github.chunkstore.index.IndexFiles.uniformInts;
import static io.github.chunkstore.index.IndexFiles.uniformLongs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.index.IndexFiles.Layout;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.StringHelper;
import org.apache.lucene.util.packed.PackedInts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed index files: every failure must be a CorruptIndexException naming the problem, or an
 * EOFException for a file cut short; never another exception, and never a huge allocation.
 */
class StoredFieldsIndexCorruptionTest {

  private static final int BLOCK = StoredFieldsIndexWriter.BLOCK_CHUNKS;

  /** Writes index bytes field by field, with no validation, to build malformed files. */
  private static final class Raw {
    private final ByteBuffersDataOutput out = new ByteBuffersDataOutput();

    Raw vInt(int value) throws IOException {
      out.writeVInt(value); // writes negative values as 5 bytes, as a corrupt file could hold
      return this;
    }

    /** A VLong of any sign: DataOutput refuses negatives, a corrupt file does not. */
    Raw vLong(long value) {
      while ((value & ~0x7FL) != 0) {
        out.writeByte((byte) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.writeByte((byte) value);
      return this;
    }

    Raw packed(int bits, long... values) throws IOException {
      PackedInts.Writer writer =
          PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, values.length, bits, 1);
      for (long value : values) {
        writer.add(value);
      }
      writer.finish();
      return this;
    }

    /** A block's first half: n, DocBase, AvgChunkDocs, BitsPerDocBase and the packed deltas. */
    Raw docs(int docBase, int avgDocs, int bits, long... zigzagDeltas) throws IOException {
      return vInt(zigzagDeltas.length)
          .vInt(docBase)
          .vInt(avgDocs)
          .vInt(bits)
          .packed(bits, zigzagDeltas);
    }

    /** A block's second half: StartPointer, AvgChunkSize, BitsPerStartPointer, packed deltas. */
    Raw pointers(long startPointer, long avgSize, int bits, long... zigzagDeltas)
        throws IOException {
      return vLong(startPointer).vLong(avgSize).vInt(bits).packed(bits, zigzagDeltas);
    }

    /** Packed zigzag deltas of {@code values[i] - origin - avg * i}, wrapping on overflow. */
    Raw deltas(long origin, long avg, long[] values) throws IOException {
      long[] zigzag = new long[values.length];
      long allBits = 0;
      for (int i = 0; i < values.length; i++) {
        zigzag[i] = BitUtil.zigZagEncode(values[i] - origin - avg * i);
        allBits |= zigzag[i];
      }
      int bits = PackedInts.unsignedBitsRequired(allBits);
      return vInt(bits).packed(bits, zigzag);
    }

    /** A block holding chunks at the given absolute doc bases and start pointers. */
    Raw block(
        int docBase, int avgDocs, long[] docBases, long startPointer, long avgSize, long[] starts)
        throws IOException {
      vInt(docBases.length).vInt(docBase).vInt(avgDocs).deltas(docBase, avgDocs, docBases);
      return vLong(startPointer).vLong(avgSize).deltas(startPointer, avgSize, starts);
    }

    /** A block with averages 0 whose first chunk sits at the field values. */
    Raw block(long[] docBases, long[] starts) throws IOException {
      return block((int) docBases[0], 0, docBases, starts[0], 0, starts);
    }

    Raw end(long maxPointer) throws IOException {
      return vInt(0).vLong(maxPointer);
    }

    byte[] bytes() {
      return out.toArrayCopy();
    }
  }

  private static long[] range(long from, int count, long step) {
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = from + i * step;
    }
    return values;
  }

  /** Asserts the raw bytes fail with a CorruptIndexException whose message names {@code what}. */
  private static void assertCorrupt(byte[] bytes, int numDocs, String what) {
    CorruptIndexException e =
        assertThrows(CorruptIndexException.class, () -> IndexFiles.readBody(bytes, numDocs));
    assertTrue(
        e.getOriginalMessage().contains(what),
        "message '" + e.getOriginalMessage() + "' should mention '" + what + "'");
  }

  @Test
  void wellFormedRawBlocksAreAccepted() throws IOException {
    // The builder itself makes valid files; the tests below each break one thing.
    byte[] bytes = new Raw().block(range(0, 3, 2), range(10, 3, 7)).end(40).bytes();
    Layout layout = new Layout(new int[] {2, 2, 3}, new long[] {10, 17, 24}, 40);
    IndexFiles.assertMatches(layout, IndexFiles.readBody(bytes, 7));
  }

  @Test
  void absurdChunkCounts() throws IOException {
    for (int n : new int[] {BLOCK + 1, 5000, Integer.MAX_VALUE, -1, -1024, Integer.MIN_VALUE}) {
      byte[] bytes = new Raw().vInt(n).vInt(0).vInt(0).vInt(1).bytes();
      assertCorrupt(Arrays.copyOf(bytes, bytes.length + 64), 10, "n=" + n);
    }
  }

  @Test
  void absurdBitWidths() throws IOException {
    for (int bits : new int[] {0, 65, 1000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      byte[] docSide = new Raw().vInt(2).vInt(0).vInt(1).vInt(bits).bytes();
      assertCorrupt(Arrays.copyOf(docSide, docSide.length + 64), 10, "BitsPerDocBase=" + bits);
      byte[] pointerSide = new Raw().docs(0, 1, 1, 0, 0).vLong(0).vLong(5).vInt(bits).bytes();
      assertCorrupt(
          Arrays.copyOf(pointerSide, pointerSide.length + 64), 10, "BitsPerStartPointer=" + bits);
    }
  }

  @Test
  void firstDocBaseMustBeZero() throws IOException {
    byte[] bytes = new Raw().block(range(1, 3, 2), range(0, 3, 7)).end(40).bytes();
    assertCorrupt(bytes, 10, "DocBase is 1");
  }

  @Test
  void docBasesMustIncreaseWithinABlock() throws IOException {
    assertCorrupt(
        new Raw().block(new long[] {0, 5, 5}, range(0, 3, 7)).end(40).bytes(), 10, "doc base 5");
    assertCorrupt(
        new Raw().block(new long[] {0, 5, 3}, range(0, 3, 7)).end(40).bytes(), 10, "doc base 3");
  }

  @Test
  void docBasesMustIncreaseAcrossBlocks() throws IOException {
    long[] firstDocs = range(0, BLOCK, 1); // last chunk's doc base: 1023
    long[] firstStarts = range(0, BLOCK, 10);
    for (long secondBase : new long[] {1023, 1000, 0}) {
      byte[] bytes =
          new Raw()
              .block(firstDocs, firstStarts)
              .block(range(secondBase, 2, 1), range(20_000, 2, 1))
              .end(30_000)
              .bytes();
      assertCorrupt(bytes, 5000, "block 1, chunk 0: doc base " + secondBase);
    }
  }

  @Test
  void docBasesMustStayBelowNumDocs() throws IOException {
    byte[] bytes = IndexFiles.body(new Layout(new int[] {3, 4}, new long[] {0, 50}, 80));
    IndexFiles.readBody(bytes, 7); // fine
    IndexFiles.readBody(bytes, 4); // fine too: the last chunk's count is inferred from numDocs
    assertCorrupt(bytes, 3, ">= numDocs 3");
    assertCorrupt(bytes, 1, ">= numDocs 1");
  }

  @Test
  void chunksInAnEmptySegment() throws IOException {
    byte[] bytes = IndexFiles.body(new Layout(new int[] {3}, new long[] {0}, 80));
    assertCorrupt(bytes, 0, "0 documents");
  }

  @Test
  void noChunkInANonEmptySegment() throws IOException {
    byte[] bytes = IndexFiles.body(new Layout(new int[0], new long[0], 0));
    assertCorrupt(bytes, 5, "no chunk");
  }

  @Test
  void startPointersMustNotDecrease() throws IOException {
    // Within a block.
    assertCorrupt(
        new Raw().block(range(0, 3, 2), new long[] {10, 30, 29}).end(40).bytes(),
        10,
        "start pointer 29 <");
    // Across blocks.
    byte[] bytes =
        new Raw()
            .block(range(0, BLOCK, 1), range(0, BLOCK, 10))
            .block(range(1024, 1, 1), new long[] {10_229})
            .end(30_000)
            .bytes();
    assertCorrupt(bytes, 5000, "start pointer 10229 <");
  }

  @Test
  void startPointersMustNotBeNegative() throws IOException {
    assertCorrupt(
        new Raw().block(range(0, 2, 2), range(-5, 2, 7)).end(40).bytes(), 10, "-5 is negative");
    // A negative pointer reached through a delta rather than the StartPointer field.
    assertCorrupt(
        new Raw().block(0, 0, range(0, 2, 2), 5, 0, new long[] {5, -10}).end(40).bytes(),
        10,
        "negative");
  }

  @Test
  void maxPointerMustNotPrecedeTheLastChunk() throws IOException {
    assertCorrupt(
        new Raw().block(range(0, 3, 2), range(10, 3, 7)).end(23).bytes(), 10, "max pointer 23 <");
    assertCorrupt(new Raw().end(-1).bytes(), 0, "max pointer -1 is negative");
    assertCorrupt(
        new Raw().block(range(0, 1, 2), range(0, 1, 7)).end(Long.MIN_VALUE).bytes(),
        10,
        "negative");
  }

  @Test
  void averagesMustNotBeNegative() throws IOException {
    byte[] docs = new Raw().docs(0, -3, 1, 0, 0).bytes();
    assertCorrupt(Arrays.copyOf(docs, docs.length + 32), 10, "AvgChunkDocs");
    byte[] sizes = new Raw().docs(0, 3, 2, 0, 0).vLong(0).vLong(-7).bytes();
    assertCorrupt(Arrays.copyOf(sizes, sizes.length + 32), 10, "AvgChunkSize");
  }

  @Test
  void firstChunkMustSitAtTheBlockFields() throws IOException {
    // DocBase field 0, but the first chunk's delta says 2.
    assertCorrupt(
        new Raw().block(0, 0, new long[] {2, 4}, 10, 0, range(10, 2, 5)).end(40).bytes(),
        10,
        "first chunk");
    // StartPointer field 10, but the first chunk's delta says 12.
    assertCorrupt(
        new Raw().block(0, 0, range(0, 2, 2), 10, 0, new long[] {12, 15}).end(40).bytes(),
        10,
        "first chunk");
  }

  @Test
  void onlyTheLastBlockMayBePartial() throws IOException {
    byte[] bytes =
        new Raw()
            .block(range(0, 3, 1), range(0, 3, 10))
            .block(range(3, 1, 1), range(30, 1, 10))
            .end(40)
            .bytes();
    assertCorrupt(bytes, 10, "partial");
  }

  @Test
  void arithmeticOverflow() throws IOException {
    long[] zeros = {0, 0, 0};
    // AvgChunkSize * 2 overflows.
    byte[] multiply =
        new Raw().docs(0, 1, 1, zeros).pointers(0, Long.MAX_VALUE, 1, zeros).end(0).bytes();
    assertCorrupt(multiply, 10, "overflow");
    // StartPointer + relative start overflows.
    long five = BitUtil.zigZagEncode(5L);
    byte[] add =
        new Raw().docs(0, 1, 1, 0, 0).pointers(Long.MAX_VALUE - 1, 0, 4, 0, five).end(0).bytes();
    assertCorrupt(add, 10, "overflow");
    // A 64-bit doc delta: AvgChunkDocs * i + delta overflows.
    long huge = BitUtil.zigZagEncode(Long.MAX_VALUE);
    byte[] docs =
        new Raw().docs(0, Integer.MAX_VALUE, 64, 0, huge).pointers(0, 0, 1, 0, 0).end(0).bytes();
    assertCorrupt(docs, 10, "overflow");
    // The same delta without the overflow is still caught, as a doc base past numDocs.
    byte[] large = new Raw().docs(0, 0, 64, 0, huge).pointers(0, 0, 1, 0, 0).end(0).bytes();
    assertCorrupt(large, Integer.MAX_VALUE, ">= numDocs");
  }

  // ---- damaged copies of valid files ----

  private static List<Layout> sampleLayouts() {
    Random random = new Random(20);
    return List.of(
        new Layout(new int[0], new long[0], 40),
        new Layout(new int[] {5}, new long[] {40}, 900),
        Layout.fromSizes(
            uniformInts(random, BLOCK + 3, 1, 30),
            uniformLongs(random, BLOCK + 3, 0, 1L << 34),
            40),
        Layout.fromSizes(uniformInts(random, 50, 1, 5), uniformLongs(random, 50, 0, 100), 40));
  }

  @Test
  void truncatedFilesFail() throws IOException {
    for (Layout layout : sampleLayouts()) {
      try (Directory dir = new ByteBuffersDirectory()) {
        byte[] id = StringHelper.randomId();
        IndexFiles.write(dir, "full", id, layout);
        byte[] full = IndexFiles.readAllBytes(dir, "full");
        for (int length = 0; length < full.length; length++) {
          IndexFiles.writeAllBytes(dir, "cut" + length, Arrays.copyOf(full, length));
          String name = "cut" + length;
          assertCorruptOrEof(
              () -> IndexFiles.read(dir, name, id, layout.numDocs()), layout + " cut to " + length);
        }
      }
      // Without header, footer or checksum the reader must see the cut by itself.
      byte[] body = IndexFiles.body(layout);
      for (int length = 0; length < body.length; length++) {
        byte[] cut = Arrays.copyOf(body, length);
        Throwable e =
            assertCorruptOrEof(
                () -> IndexFiles.readBody(cut, layout.numDocs()),
                layout + " body cut to " + length);
        assertInstanceOf(
            EOFException.class, e, "a prefix of a valid body can only run out of bytes");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void flippedBytesFail(long seed) throws IOException {
    Random random = new Random(seed);
    for (Layout layout : sampleLayouts()) {
      try (Directory dir = new ByteBuffersDirectory()) {
        byte[] id = StringHelper.randomId();
        IndexFiles.write(dir, "full", id, layout);
        byte[] full = IndexFiles.readAllBytes(dir, "full");
        for (int trial = 0; trial < 300; trial++) {
          byte[] damaged = full.clone();
          int position = trial < full.length ? trial : random.nextInt(full.length);
          damaged[position] ^= (byte) (1 + random.nextInt(255));
          String name = "damaged" + trial;
          IndexFiles.writeAllBytes(dir, name, damaged);
          // The checksum catches whatever the reader's own checks miss.
          assertCorruptOrEof(
              () -> IndexFiles.read(dir, name, id, layout.numDocs()), layout + " byte " + position);
        }
      }
      // Without a checksum, damage may go unnoticed, but must never break the reader.
      byte[] body = IndexFiles.body(layout);
      for (int trial = 0; trial < 300; trial++) {
        byte[] damaged = body.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
        }
        int numDocs =
            random.nextInt(4) == 0 ? random.nextInt(layout.numDocs() + 2) : layout.numDocs();
        readGarbage(damaged, numDocs);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6, 7})
  void randomGarbageFails(long seed) {
    Random random = new Random(seed);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] garbage = new byte[random.nextInt(300)];
      random.nextBytes(garbage);
      if (trial % 2 == 0 && garbage.length > 0) {
        garbage[0] = (byte) (1 + random.nextInt(5)); // a plausible block size, to get further in
      }
      if (trial % 3 == 0 && garbage.length > 1) {
        garbage[1] = 0; // and a plausible first DocBase
      }
      int numDocs =
          switch (random.nextInt(3)) {
            case 0 -> random.nextInt(10);
            case 1 -> random.nextInt(1_000_000);
            default -> Integer.MAX_VALUE;
          };
      readGarbage(garbage, numDocs);
    }
  }

  /** Arbitrary bytes either fail properly, or form an index that is consistent with itself. */
  private static void readGarbage(byte[] bytes, int numDocs) {
    StoredFieldsIndexReader reader;
    try {
      reader = IndexFiles.readBody(bytes, numDocs);
    } catch (CorruptIndexException | EOFException expected) {
      return;
    } catch (Throwable t) {
      throw new AssertionError("wrong exception type for " + Arrays.toString(bytes), t);
    }
    assertEquals(numDocs, reader.numDocs());
    IndexFiles.assertSelfConsistent(reader);
  }
}
