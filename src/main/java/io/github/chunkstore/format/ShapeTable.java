package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
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

  // Decodes one shape's keys from the header's bytes, on the first document that needs them.
  private final ChunkPrefixInput shapeInput = new ChunkPrefixInput();

  private int numShapes;
  // Shapes [0, located) are located: shape s's NumKeys and keys are the shapeLengths[s] bytes at
  // shapeOffsets[s] in the header's bytes; the next one's ShapeBytes is at nextShapeAt.
  private int located;
  private int nextShapeAt;
  private int shapesEnd;
  private int[] shapeOffsets = new int[0];
  private int[] shapeLengths = new int[0];
  // Decoded shape s has keys shapeKeys[decodedFrom[s], decodedTo[s]); decodedFrom[s] is -1 until
  // a document of this chunk needs it.
  private int[] decodedFrom = new int[0];
  private int[] decodedTo = new int[0];
  private long[] shapeKeys = new long[0];
  private int decodedKeys;
  private int shapeIdBits; // 0: every document has shape 0 (when numShapes > 0)
  private int shapeIdsOffset;
  private int docShape; // of the document last sought: a shape, or -1 for inline keys

  ShapeTable(ChunkHeader header) {
    this.header = header;
  }

  /**
   * {@code Shapes --> NumShapes VInt} then, if NumShapes &gt; 0, {@code ShapesBytes VInt,
   * (ShapeBytes VInt, NumKeys VInt, (FieldKey VLong, Template if split)^NumKeys)^NumShapes,
   * BitsPerShapeId Byte} followed (unless 0) by every document's shape id packed at that many bits
   * (id NumShapes: inline keys). ShapesBytes counts the bytes of all shapes, ShapeBytes those of
   * one shape's NumKeys and keys.
   */
  static void write(DataOutput out, DocumentShapes shapes) throws IOException {
    int numShapes = shapes.numShapes();
    out.writeVInt(numShapes);
    if (numShapes == 0) {
      return;
    }
    int[] shapeBytes = new int[numShapes];
    long total = 0;
    for (int s = 0; s < numShapes; s++) {
      shapeBytes[s] = shapeBytes(shapes, shapes.shapeDocument(s));
      total += vLongBytes(shapeBytes[s]) + shapeBytes[s];
    }
    out.writeVInt(Math.toIntExact(total));
    for (int s = 0; s < numShapes; s++) {
      int doc = shapes.shapeDocument(s);
      int keys = shapes.keyCount(doc);
      out.writeVInt(shapeBytes[s]);
      out.writeVInt(fieldKeyCount(shapes, doc));
      for (int k = 0; k < keys; k++) {
        long key = shapes.key(doc, k);
        out.writeVLong(key);
        if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
          BytesRef template = shapes.templateBytes((int) shapes.key(doc, ++k));
          out.writeBytes(template.bytes, template.offset, template.length);
        }
      }
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

  /** How many FieldKeys the shape of {@code doc} has: a split key's template id is not one. */
  private static int fieldKeyCount(DocumentShapes shapes, int doc) {
    int keys = shapes.keyCount(doc);
    int fieldKeys = 0;
    for (int k = 0; k < keys; k++, fieldKeys++) {
      if (FieldEncoding.type(shapes.key(doc, k)) == FieldEncoding.SPLIT_OBJECT) {
        k++; // the template id
      }
    }
    return fieldKeys;
  }

  /** The ShapeBytes of the shape of {@code doc}: how many bytes its NumKeys and keys take. */
  private static int shapeBytes(DocumentShapes shapes, int doc) {
    int bytes = 0;
    int fieldKeys = 0;
    int keys = shapes.keyCount(doc);
    for (int k = 0; k < keys; k++, fieldKeys++) {
      long key = shapes.key(doc, k);
      bytes += vLongBytes(key);
      if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
        bytes += shapes.templateBytes((int) shapes.key(doc, ++k)).length;
      }
    }
    return vLongBytes(fieldKeys) + bytes;
  }

  private static int vLongBytes(long value) {
    return Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
  }

  /**
   * Reads the field of a chunk of {@code docs} documents ending at file offset {@code end}, bounded
   * by {@link DocumentShapes#MAX_SHAPES}. The shapes are only skipped here, by ShapesBytes, then
   * located ({@link #locate}) and decoded ({@link #decode}) when a document needs one: a random
   * read wants one shape of up to {@link DocumentShapes#MAX_SHAPES} (most often one of the first,
   * which are the most used), and decoding them all took 10-27% of a BEST_SPEED random read on
   * MDN's fields and JSON in profiles of the benchmark worker.
   */
  void read(ChunkPrefixInput in, int docs, long end) throws IOException {
    int shapes = in.readVInt();
    if (shapes < 0 || shapes > DocumentShapes.MAX_SHAPES) {
      throw header.corrupt("has invalid shape count " + shapes);
    }
    if (shapeOffsets.length < shapes) {
      int size = ArrayUtil.oversize(shapes, Integer.BYTES);
      shapeOffsets = new int[size];
      shapeLengths = new int[size];
      decodedFrom = new int[size];
      decodedTo = new int[size];
    }
    numShapes = shapes;
    located = 0;
    decodedKeys = 0;
    shapeIdBits = 0;
    if (shapes == 0) {
      return;
    }
    int length = in.readVInt();
    long start = in.getFilePointer();
    // Each shape takes at least two bytes: ShapeBytes and NumKeys.
    if (length < 2 * shapes || length > end - start) {
      throw header.corrupt("has invalid byte count " + length + " for its " + shapes + " shapes");
    }
    nextShapeAt = (int) (start - header.chunkStart());
    shapesEnd = nextShapeAt + length;
    in.seek(start + length);
    shapeIdBits = in.readByte() & 0xFF;
    if (shapeIdBits > 0) {
      shapeIdsOffset = header.skipPacked(in, docs, shapeIdBits, "bits per shape id");
    }
  }

  /**
   * Finds where shapes up to {@code s} are in the header's bytes, from the last one found: each
   * ShapeBytes must leave room for the shapes after it, and the last must end the field.
   */
  private void locate(int s) throws IOException {
    shapeInput.reset(header.bytes(), shapesEnd, header.chunkStart(), Long.MAX_VALUE);
    long chunkStart = header.chunkStart();
    while (located <= s) {
      shapeInput.seek(chunkStart + nextShapeAt);
      int length;
      try {
        length = shapeInput.readVInt();
      } catch (ChunkPrefixInput.NeedsMoreBytes e) {
        throw header.corrupt("has shape " + located + " running past the end of its shapes");
      } catch (IOException e) {
        throw header.corrupt(
            "has an invalid byte count for shape " + located + ": " + e.getMessage());
      }
      int start = (int) (shapeInput.getFilePointer() - chunkStart);
      int after = numShapes - 1 - located; // shapes still to come, two bytes each at least
      if (length < 1 || length > shapesEnd - start - 2L * after) {
        throw header.corrupt("has invalid byte count " + length + " for shape " + located);
      }
      if (after == 0 && start + length != shapesEnd) {
        throw header.corrupt(
            "has its last shape ending " + (shapesEnd - start - length) + " bytes before its end");
      }
      shapeOffsets[located] = start;
      shapeLengths[located] = length;
      decodedFrom[located] = -1;
      nextShapeAt = start + length;
      located++;
    }
  }

  /**
   * Decodes shape {@code s} from the header's bytes (covered by the header's checksum), checking
   * its key count against MAX_SHAPE_KEYS, every Template against {@link JsonKeys}' bounds, and that
   * the keys fill the shape's ShapeBytes exactly. A split FieldKey takes two entries of {@link
   * #shapeKeys}: the key, then where its Template is ({@link #templateRef}).
   */
  private void decode(int s) throws IOException {
    long start = header.chunkStart() + shapeOffsets[s];
    long end = start + shapeLengths[s];
    shapeInput.reset(header.bytes(), shapeOffsets[s] + shapeLengths[s], header.chunkStart(), end);
    shapeInput.seek(start);
    int total = decodedKeys;
    try {
      int keys = shapeInput.readVInt();
      if (keys < 0 || keys > DocumentShapes.MAX_SHAPE_KEYS) {
        throw header.corrupt("has invalid key count " + keys + " in shape " + s);
      }
      shapeKeys = ArrayUtil.grow(shapeKeys, decodedKeys + 2 * keys);
      for (int k = 0; k < keys; k++) {
        long key = shapeInput.readVLong();
        shapeKeys[total++] = key;
        if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
          shapeKeys[total++] = skipTemplate(shapeInput, s, end);
        }
      }
    } catch (ChunkPrefixInput.NeedsMoreBytes e) {
      throw header.corrupt("has shape " + s + " running past its " + shapeLengths[s] + " bytes");
    } catch (CorruptIndexException e) {
      throw e;
    } catch (IOException e) {
      throw header.corrupt("has an invalid key in shape " + s + ": " + e.getMessage());
    }
    if (shapeInput.getFilePointer() != end) {
      throw header.corrupt(
          "has shape "
              + s
              + " of "
              + shapeLengths[s]
              + " bytes whose keys end after "
              + (shapeInput.getFilePointer() - start));
    }
    decodedFrom[s] = decodedKeys;
    decodedTo[s] = total;
    decodedKeys = total;
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
      if (docShape >= located) {
        locate(docShape);
      }
      if (docShape >= 0 && decodedFrom[docShape] < 0) {
        decode(docShape);
      }
    }
  }

  /** Keys of the shapes: the document last sought has {@code [keysFrom(), keysTo())} of them. */
  long[] shapeKeys() {
    return shapeKeys;
  }

  /** Where the last sought document's keys start in {@link #shapeKeys}; -1 if they are inline. */
  int keysFrom() {
    return docShape < 0 ? -1 : decodedFrom[docShape];
  }

  int keysTo() {
    return docShape < 0 ? -1 : decodedTo[docShape];
  }

  long ramBytesUsed() {
    return 8L * shapeKeys.length + 16L * shapeOffsets.length;
  }
}
