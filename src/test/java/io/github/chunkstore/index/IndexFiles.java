package io.github.chunkstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersIndexInput;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * Test helpers: a chunk layout (the brute-force model), writing it the way the format does (index
 * header, blocks, footer) and reading it back through a {@link ChecksumIndexInput}.
 */
final class IndexFiles {

  static final String CODEC = "ChunkstoreIndexTest";
  static final int VERSION = 0;
  static final String SUFFIX = "";

  private IndexFiles() {}

  /** The brute-force model: each chunk's doc count and start pointer, plus the max pointer. */
  record Layout(int[] docCounts, long[] startPointers, long maxPointer) {

    Layout {
      if (docCounts.length != startPointers.length) {
        throw new IllegalArgumentException("length mismatch");
      }
    }

    int numChunks() {
      return docCounts.length;
    }

    int numDocs() {
      long sum = 0;
      for (int count : docCounts) {
        sum += count;
      }
      return Math.toIntExact(sum);
    }

    int[] docBases() {
      int[] bases = new int[docCounts.length];
      for (int c = 1; c < bases.length; c++) {
        bases[c] = bases[c - 1] + docCounts[c - 1];
      }
      return bases;
    }

    /** A layout from doc counts and chunk sizes in bytes, its first chunk at {@code first}. */
    static Layout fromSizes(int[] docCounts, long[] chunkSizes, long first) {
      long[] starts = new long[docCounts.length];
      long pointer = first;
      for (int c = 0; c < starts.length; c++) {
        starts[c] = pointer;
        pointer = Math.addExact(pointer, chunkSizes[c]);
      }
      return new Layout(docCounts, starts, pointer);
    }

    @Override
    public String toString() {
      return "Layout(chunks=" + numChunks() + ", maxPointer=" + maxPointer + ")";
    }
  }

  /** Writes {@code layout} as a complete index file: header, blocks, end, max pointer, footer. */
  static void write(Directory dir, String name, byte[] id, Layout layout) throws IOException {
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      CodecUtil.writeIndexHeader(out, CODEC, VERSION, id, SUFFIX);
      StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(out);
      for (int c = 0; c < layout.numChunks(); c++) {
        writer.addChunk(layout.docCounts()[c], layout.startPointers()[c]);
      }
      assertEquals(layout.numChunks(), writer.numChunks());
      writer.finish(layout.numDocs(), layout.maxPointer());
      CodecUtil.writeFooter(out);
    }
  }

  /** Opens an index file the way the format will: header, blocks, then the checksummed footer. */
  static StoredFieldsIndexReader read(Directory dir, String name, byte[] id, int numDocs)
      throws IOException {
    try (ChecksumIndexInput in = dir.openChecksumInput(name)) {
      StoredFieldsIndexReader reader = null;
      Throwable priorE = null;
      try {
        CodecUtil.checkIndexHeader(in, CODEC, VERSION, VERSION, id, SUFFIX);
        reader = StoredFieldsIndexReader.read(in, numDocs);
      } catch (Throwable t) {
        priorE = t;
      } finally {
        CodecUtil.checkFooter(in, priorE);
      }
      return reader;
    }
  }

  /** The blocks, end marker and max pointer of {@code layout} alone, without header or footer. */
  static byte[] body(Layout layout) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    StoredFieldsIndexWriter writer = new StoredFieldsIndexWriter(out);
    for (int c = 0; c < layout.numChunks(); c++) {
      writer.addChunk(layout.docCounts()[c], layout.startPointers()[c]);
    }
    writer.finish(layout.numDocs(), layout.maxPointer());
    return out.toArrayCopy();
  }

  /** Reads raw index bytes (no header, no footer, no checksum) straight into the reader. */
  static StoredFieldsIndexReader readBody(byte[] bytes, int numDocs) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    out.writeBytes(bytes, bytes.length);
    try (IndexInput in = new ByteBuffersIndexInput(out.toDataInput(), "raw index")) {
      return StoredFieldsIndexReader.read(in, numDocs);
    }
  }

  static byte[] readAllBytes(Directory dir, String name) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      byte[] bytes = new byte[Math.toIntExact(in.length())];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }

  static void writeAllBytes(Directory dir, String name, byte[] bytes) throws IOException {
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(bytes, bytes.length);
    }
  }

  /** A reading step that may fail. */
  interface IoAction {
    void run() throws IOException;
  }

  /** Asserts that {@code action} fails, and only with a CorruptIndexException or EOFException. */
  static Throwable assertCorruptOrEof(IoAction action, String what) {
    try {
      action.run();
    } catch (CorruptIndexException | EOFException expected) {
      return expected;
    } catch (Throwable t) {
      throw new AssertionError(what + ": wrong exception type " + t, t);
    }
    return fail(what + ": no exception");
  }

  /**
   * Compares every accessor against the model for every docID, and every chunk's accessors too
   * (chunks are also reached directly, so a chunk no docID maps to would still be checked).
   */
  static void assertMatches(Layout layout, StoredFieldsIndexReader reader) {
    int[] docBases = layout.docBases();
    int numDocs = layout.numDocs();
    int numChunks = layout.numChunks();
    assertEquals(numDocs, reader.numDocs(), "numDocs");
    assertEquals(numChunks, reader.numChunks(), "numChunks");
    assertEquals(layout.maxPointer(), reader.maxPointer(), "maxPointer");
    int chunk = 0;
    for (int doc = 0; doc < numDocs; doc++) {
      while (doc >= docBases[chunk] + layout.docCounts()[chunk]) {
        chunk++;
      }
      int actual = reader.chunkOf(doc);
      if (actual != chunk) {
        fail("chunkOf(" + doc + ") = " + actual + ", expected " + chunk + " in " + layout);
      }
      assertChunk(layout, docBases, reader, actual);
    }
    for (int c = 0; c < numChunks; c++) {
      assertChunk(layout, docBases, reader, c);
    }
  }

  /** Checks only the docIDs at chunk boundaries; for layouts with too many docs to visit all. */
  static void assertMatchesAtBoundaries(Layout layout, StoredFieldsIndexReader reader) {
    int[] docBases = layout.docBases();
    assertEquals(layout.numDocs(), reader.numDocs(), "numDocs");
    assertEquals(layout.numChunks(), reader.numChunks(), "numChunks");
    assertEquals(layout.maxPointer(), reader.maxPointer(), "maxPointer");
    for (int c = 0; c < layout.numChunks(); c++) {
      int first = docBases[c];
      int last = first + layout.docCounts()[c] - 1;
      assertEquals(c, reader.chunkOf(first), "chunkOf first doc of chunk " + c);
      assertEquals(c, reader.chunkOf(last), "chunkOf last doc of chunk " + c);
      assertEquals(c, reader.chunkOf(first + (last - first) / 2), "chunkOf middle of chunk " + c);
      assertChunk(layout, docBases, reader, c);
    }
  }

  private static void assertChunk(
      Layout layout, int[] docBases, StoredFieldsIndexReader reader, int c) {
    long[] starts = layout.startPointers();
    long end = c + 1 < starts.length ? starts[c + 1] : layout.maxPointer();
    if (reader.chunkDocBase(c) != docBases[c]
        || reader.chunkDocCount(c) != layout.docCounts()[c]
        || reader.chunkStartPointer(c) != starts[c]
        || reader.chunkEndPointer(c) != end) {
      fail(
          "chunk "
              + c
              + ": got (docBase="
              + reader.chunkDocBase(c)
              + ", docCount="
              + reader.chunkDocCount(c)
              + ", start="
              + reader.chunkStartPointer(c)
              + ", end="
              + reader.chunkEndPointer(c)
              + "), expected ("
              + docBases[c]
              + ", "
              + layout.docCounts()[c]
              + ", "
              + starts[c]
              + ", "
              + end
              + ") in "
              + layout);
    }
  }

  /**
   * Checks that a reader built from arbitrary bytes is at least self-consistent: its chunks tile
   * the docID space and the pointers never decrease. Used when corrupt bytes happen to parse.
   */
  static void assertSelfConsistent(StoredFieldsIndexReader reader) {
    int numChunks = reader.numChunks();
    long expectedBase = 0;
    long previousStart = 0;
    for (int c = 0; c < numChunks; c++) {
      int base = reader.chunkDocBase(c);
      int count = reader.chunkDocCount(c);
      assertEquals(expectedBase, base, "chunk " + c + " doc base");
      if (count < 1) {
        fail("chunk " + c + " has " + count + " docs");
      }
      assertEquals(c, reader.chunkOf(base));
      assertEquals(c, reader.chunkOf(base + count - 1));
      long start = reader.chunkStartPointer(c);
      if (start < previousStart || reader.chunkEndPointer(c) < start) {
        fail("chunk " + c + " pointers decrease");
      }
      previousStart = start;
      expectedBase += count;
    }
    assertEquals(reader.numDocs(), expectedBase, "docs covered by chunks");
  }

  // ---- layout generators ----

  /** {@code n} values drawn uniformly from [min, max]. */
  static int[] uniformInts(Random random, int n, int min, int max) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = min + random.nextInt(max - min + 1);
    }
    return values;
  }

  /** {@code n} values drawn uniformly from [min, max]. */
  static long[] uniformLongs(Random random, int n, long min, long max) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = min + (long) (random.nextDouble() * (max - min + 1));
    }
    return values;
  }

  static int[] constantInts(int n, int value) {
    int[] values = new int[n];
    Arrays.fill(values, value);
    return values;
  }

  static long[] constantLongs(int n, long value) {
    long[] values = new long[n];
    Arrays.fill(values, value);
    return values;
  }
}
