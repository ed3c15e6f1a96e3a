package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The Shapes field of a chunk header (grammar in {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat}): {@link #write} encodes the shapes that
 * {@link DocumentShapes} planned, an instance decodes one reader's chunk after chunk and gives the
 * keys of the document last sought.
 */
final class ShapeTable {

  private final ChunkHeader header;

  // Shape s has keys shapeKeys[shapeStarts[s], shapeStarts[s + 1]).
  private int numShapes;
  private long[] shapeKeys = new long[0];
  private int[] shapeStarts = new int[1];
  private int shapeIdBits; // 0: every document has shape 0 (when numShapes > 0)
  private int shapeIdsOffset;
  private int docShape; // of the document last sought: a shape, or -1 for inline keys

  ShapeTable(ChunkHeader header) {
    this.header = header;
  }

  /**
   * {@code Shapes --> NumShapes VInt, (NumKeys VInt, (FieldKey VLong, Template if
   * split)^NumKeys)^NumShapes} and, if NumShapes &gt; 0, {@code BitsPerShapeId Byte} followed
   * (unless 0) by every document's shape id packed at that many bits (id NumShapes: inline keys).
   */
  static void write(DataOutput out, DocumentShapes shapes) throws IOException {
    int numShapes = shapes.numShapes();
    out.writeVInt(numShapes);
    for (int s = 0; s < numShapes; s++) {
      int doc = shapes.shapeDocument(s);
      int keys = shapes.keyCount(doc);
      int fieldKeys = 0;
      for (int k = 0; k < keys; k++, fieldKeys++) {
        if (FieldEncoding.type(shapes.key(doc, k)) == FieldEncoding.SPLIT_OBJECT) {
          k++; // the template id
        }
      }
      out.writeVInt(fieldKeys);
      for (int k = 0; k < keys; k++) {
        long key = shapes.key(doc, k);
        out.writeVLong(key);
        if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
          BytesRef template = shapes.templateBytes((int) shapes.key(doc, ++k));
          out.writeBytes(template.bytes, template.offset, template.length);
        }
      }
    }
    if (numShapes == 0) {
      return;
    }
    int docs = shapes.numDocs();
    int max = 0;
    for (int d = 0; d < docs; d++) {
      max = Math.max(max, shapes.shapeId(d));
    }
    int bits = max == 0 ? 0 : PackedInts.bitsRequired(max);
    out.writeByte((byte) bits);
    if (bits > 0) {
      PackedInts.Writer packed =
          PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, docs, bits, 1);
      for (int d = 0; d < docs; d++) {
        packed.add(shapes.shapeId(d));
      }
      packed.finish();
    }
  }

  /**
   * Reads the field of a chunk of {@code docs} documents ending at file offset {@code end}, bounded
   * by {@link DocumentShapes#MAX_SHAPES} and MAX_SHAPE_KEYS. A split FieldKey takes two entries of
   * {@link #shapeKeys}: the key, then where its Template is ({@link #templateRef}), checked here
   * against {@link JsonKeys}' bounds and the chunk's end.
   */
  void read(IndexInput in, int docs, long end) throws IOException {
    int shapes = in.readVInt();
    if (shapes < 0 || shapes > DocumentShapes.MAX_SHAPES) {
      throw header.corrupt("has invalid shape count " + shapes);
    }
    shapeStarts = ArrayUtil.grow(shapeStarts, shapes + 1);
    int total = 0;
    for (int s = 0; s < shapes; s++) {
      int keys = in.readVInt();
      if (keys < 0 || keys > DocumentShapes.MAX_SHAPE_KEYS) {
        throw header.corrupt("has invalid key count " + keys + " in shape " + s);
      }
      shapeKeys = ArrayUtil.grow(shapeKeys, total + 2 * keys);
      for (int k = 0; k < keys; k++) {
        long key = in.readVLong();
        shapeKeys[total++] = key;
        if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
          shapeKeys[total++] = skipTemplate(in, s, end);
        }
      }
      shapeStarts[s + 1] = total;
    }
    numShapes = shapes;
    shapeIdBits = 0;
    if (shapes > 0) {
      shapeIdBits = in.readByte() & 0xFF;
      if (shapeIdBits > 0) {
        shapeIdsOffset = header.skipPacked(in, docs, shapeIdBits, "bits per shape id");
      }
    }
  }

  /**
   * Skips a Template (see {@link JsonKeys}) after checking its bounds; returns its {@link
   * #templateRef}.
   */
  private long skipTemplate(IndexInput in, int shape, long end) throws IOException {
    long start = in.getFilePointer();
    int members = in.readByte() & 0xFF;
    if (members < 1 || members > JsonKeys.MAX_MEMBERS) {
      throw header.corrupt(
          "has invalid member count " + members + " in a template of shape " + shape);
    }
    long keyBytes = 0;
    for (int m = 0; m < members; m++) {
      int length = in.readVInt();
      keyBytes += length;
      if (length < 0 || keyBytes > JsonKeys.MAX_KEY_BYTES || in.getFilePointer() + length > end) {
        throw header.corrupt(
            "has invalid key length " + length + " in a template of shape " + shape);
      }
      in.skipBytes(length);
    }
    return templateRef(start - header.chunkStart(), in.getFilePointer() - start);
  }

  /**
   * A split key's second entry in {@link #shapeKeys}: its Template's offset in the header's bytes
   * ({@link ChunkHeader#bytes}) and length, packed into one long.
   */
  static long templateRef(long offset, long length) {
    return offset << 32 | length;
  }

  static int templateStart(long ref) {
    return (int) (ref >>> 32);
  }

  static int templateLength(long ref) {
    return (int) ref;
  }

  /** Notes the shape of document {@code i}, range-checked, for {@link #keysFrom}. */
  void seekDocument(int i) throws IOException {
    docShape = -1;
    if (numShapes > 0) {
      long id =
          shapeIdBits == 0 ? 0 : PackedValues.get(header.bytes(), shapeIdsOffset, shapeIdBits, i);
      if (id > numShapes) {
        throw header.corrupt("has document " + i + " with shape " + id + " of " + numShapes);
      }
      docShape = id == numShapes ? -1 : (int) id;
    }
  }

  /** Keys of the shapes: the document last sought has {@code [keysFrom(), keysTo())} of them. */
  long[] shapeKeys() {
    return shapeKeys;
  }

  /** Where the last sought document's keys start in {@link #shapeKeys}; -1 if they are inline. */
  int keysFrom() {
    return docShape < 0 ? -1 : shapeStarts[docShape];
  }

  int keysTo() {
    return docShape < 0 ? -1 : shapeStarts[docShape + 1];
  }

  long ramBytesUsed() {
    return 8L * shapeKeys.length + 4L * shapeStarts.length;
  }
}
