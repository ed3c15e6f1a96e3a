package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** ShapeTable: the planned shapes, split keys with their templates, and each document's shape. */
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
  void templateRefsKeepOffsetAndLength() {
    long ref = ShapeTable.templateRef(123_456, 789);
    assertEquals(123_456, ShapeTable.templateStart(ref));
    assertEquals(789, ShapeTable.templateLength(ref));
  }

  private static long key(int field, int type) {
    return ((long) field << FieldEncoding.TYPE_BITS) | type;
  }
}
