package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * ShapeTable: the planned shapes, split keys with their templates, each document's shape, and
 * shapes whose bytes do not hold their keys.
 */
class ShapeTableTest {

  private static final long NAME = key(1, FieldEncoding.STRING);
  private static final long SIZE = key(2, FieldEncoding.INT);
  private static final long OBJECT = key(3, FieldEncoding.SPLIT_OBJECT);
  private static final long OTHER = key(4, FieldEncoding.LONG);

  @Test
  void documentsOfAShapeGetItsKeysAndOthersKeepTheirsInline() throws IOException {
    byte[] template = {1, 3, 'a', 'b', 'c'}; // one member, the key "abc"
    DocumentShapes shapes = new DocumentShapes();
    int id = shapes.template(new BytesRef(template), true);
    long[][] docKeys = {
      {NAME, SIZE, OBJECT, id}, {OTHER}, {NAME, SIZE, OBJECT, id}, {NAME, SIZE, OBJECT, id}
    };
    for (long[] keys : docKeys) {
      for (long key : keys) {
        shapes.add(key);
      }
      shapes.endDocument();
    }
    shapes.plan();
    int[] lengths = {4, 4, 4, 4};
    try (ChunkHeaders chunk = new ChunkHeaders(lengths, shapes, new int[] {16}, new byte[0])) {
      ShapeTable table = chunk.header.shapes();
      for (int i : new int[] {0, 2, 3}) {
        table.seekDocument(i);
        long[] keys = Arrays.copyOfRange(table.shapeKeys(), table.keysFrom(), table.keysTo());
        assertEquals(4, keys.length, "document " + i);
        assertArrayEquals(new long[] {NAME, SIZE, OBJECT}, Arrays.copyOf(keys, 3));
        long ref = keys[3];
        assertArrayEquals(
            template,
            Arrays.copyOfRange(
                chunk.header.bytes(),
                ShapeTable.templateStart(ref),
                ShapeTable.templateStart(ref) + ShapeTable.templateLength(ref)));
      }
      table.seekDocument(1);
      assertEquals(-1, table.keysFrom());
      assertEquals(-1, table.keysTo());
    }
  }

  @Test
  void documentsReadInAnyOrderGetTheKeysOfTheirOwnShape() throws IOException {
    long[][] shapeKeys = {{NAME, SIZE}, {OTHER, NAME, SIZE}, {SIZE}, {OTHER}};
    DocumentShapes shapes = new DocumentShapes();
    int docs = 24;
    for (int d = 0; d < docs; d++) {
      for (long key : shapeKeys[d % shapeKeys.length]) {
        shapes.add(key);
      }
      shapes.endDocument();
    }
    shapes.plan();
    int[] lengths = new int[docs];
    Arrays.fill(lengths, 3);
    try (ChunkHeaders chunk =
        new ChunkHeaders(lengths, shapes, new int[] {3 * docs}, new byte[0])) {
      ShapeTable table = chunk.header.shapes();
      for (int i : new int[] {23, 5, 0, 17, 2, 9, 23, 4, 1, 14, 3, 0}) {
        table.seekDocument(i);
        long[] keys = Arrays.copyOfRange(table.shapeKeys(), table.keysFrom(), table.keysTo());
        assertArrayEquals(shapeKeys[i % shapeKeys.length], keys, "document " + i);
      }
    }
  }

  /**
   * A shape whose keys do not fill its ShapeBytes exactly is named when a document needs it. The
   * header's checksum would catch such damage first, so the chunk is read as already verified: the
   * case of a header written wrong.
   */
  @Test
  void aShapeWhoseKeysDoNotFillItsBytesIsNamed() throws IOException {
    DocumentShapes shapes = new DocumentShapes();
    for (int d = 0; d < 2; d++) {
      shapes.add(NAME);
      shapes.add(SIZE);
      shapes.endDocument();
    }
    shapes.plan();
    try (ChunkHeaders chunk =
        new ChunkHeaders(new int[] {4, 4}, shapes, new int[] {8}, new byte[0])) {
      IndexInput in = chunk.in.clone();
      in.seek(ChunkHeaders.START);
      DocumentShapesTest.skipToShapes(in);
      int at = (int) in.getFilePointer();
      byte[] bytes = new byte[(int) chunk.in.length()];
      chunk.in.seek(0);
      chunk.in.readBytes(bytes, 0, bytes.length);
      assertArrayEquals(new byte[] {1, 4, 3, 2}, Arrays.copyOfRange(bytes, at, at + 4));

      bytes[at + 3] = 1; // NumKeys: one key, ending a byte early
      assertTrue(
          damageMessage(chunk.dir, bytes)
              .contains("has shape 0 of 3 bytes whose keys end after 2"));
      bytes[at + 3] = 3; // three keys, running past the shape
      assertTrue(damageMessage(chunk.dir, bytes).contains("has shape 0 running past its 3 bytes"));
      bytes[at + 3] = 2;
      bytes[at + 2] = 2; // ShapeBytes one short of ShapesBytes
      assertTrue(
          damageMessage(chunk.dir, bytes)
              .contains("has its last shape ending 1 bytes before its end"));
      bytes[at + 2] = 0;
      assertTrue(damageMessage(chunk.dir, bytes).contains("invalid byte count 0 for shape 0"));
      bytes[at + 2] = 3;
      bytes[at + 1] = 1; // ShapesBytes too few for one shape: refused while the header is read
      CorruptIndexException e =
          assertThrows(CorruptIndexException.class, () -> readDamaged(chunk.dir, bytes));
      assertTrue(e.getMessage().contains("invalid byte count 1 for its 1 shapes"), e.getMessage());
    }
  }

  private static String damageMessage(Directory dir, byte[] bytes) throws IOException {
    ChunkHeader header = readDamaged(dir, bytes);
    return assertThrows(CorruptIndexException.class, () -> header.shapes().seekDocument(1))
        .getMessage();
  }

  /** Reads {@code bytes} as a chunk that its segment has already verified. */
  private static ChunkHeader readDamaged(Directory dir, byte[] bytes) throws IOException {
    try (IndexOutput out = dir.createOutput("damaged", IOContext.DEFAULT)) {
      out.writeBytes(bytes, bytes.length);
    }
    try (IndexInput in = dir.openInput("damaged", IOContext.DEFAULT)) {
      VerifiedHeaders verified = new VerifiedHeaders(1);
      verified.add(0);
      ChunkHeader header = new ChunkHeader();
      header.read(in, 0, ChunkHeaders.START, in.length(), 2, 8, new Checksums(), verified);
      return header;
    } finally {
      dir.deleteFile("damaged");
    }
  }

  @Test
  void templateRefsKeepOffsetAndLength() {
    long ref = ShapeTable.templateRef(123_456, 789);
    assertEquals(123_456, ShapeTable.templateStart(ref));
    assertEquals(789, ShapeTable.templateLength(ref));
  }

  private static long key(int field, int type) {
    return ((long) field << FieldEncoding.TYPE_BITS) | type;
  }
}
