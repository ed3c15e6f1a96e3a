package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.BytesRef;

/**
 * How one document's fields are serialized before compression.
 *
 * <pre>
 * Document   --&gt; Value<sup>NumFields</sup>            if its chunk gives it a Shape (the Shape's FieldKeys in order)
 *                (FieldKey, Value)<sup>NumFields</sup>  otherwise ("inline keys")
 *                (the document's length and Shape are kept in its chunk header)
 * FieldKey   --&gt; VLong: FieldNumber &lt;&lt; 4 | Type
 * Value      --&gt; depends on Type:
 *   STRING         (0): VInt UTF-8 length, UTF-8 bytes
 *   BYTES          (1): VInt length, bytes
 *   INT            (2): ZInt (zigzag VInt)
 *   LONG           (3): ZLong (zigzag VLong)
 *   FLOAT          (4): Int raw float bits
 *   DOUBLE         (5): Long raw double bits
 *   NARROW_DOUBLE  (6): VLong Narrow: Scale = Narrow &amp; 15 ...
 *                       Scale 1..15: the double is ZigZag(Narrow &gt;&gt;&gt; 4) / 10<sup>Scale</sup>
 *                       Scale 0:     Int, raw float bits of a double that a float represents exactly
 *   DOUBLE_AS_LONG (7): ZLong of an integral double in [-2^53, 2^53] (not -0.0)
 *   SPLIT_OBJECT   (8): VInt length, Values of a binary value that is a JSON object, whose keys
 *                       are the Template after this FieldKey in the document's Shape (see JsonKeys);
 *                       only in documents that have a Shape
 * </pre>
 *
 * The narrow double encodings matter for real data: a coordinate such as 52.51667 (a short decimal)
 * takes 4-5 bytes instead of 8, an integral value such as a population 1-5 bytes, and both compress
 * far better than raw bits. A decimal is used only when dividing its digits by the power of ten
 * gives back exactly the same bits, so every value reads back bit-for-bit identical.
 *
 * <p>Keys apart from values: documents of one index mostly repeat the same fields in the same
 * order, so a chunk lists each such sequence of keys once (see {@link DocumentShapes}) and its
 * documents hold values only. A key between two values breaks the compressor's matches: on
 * GeoNames' 19 fields, leaving the keys out took 7.7% off zstd level 9's output in 32 KiB blocks
 * (isolated trial) and 9.7% off BEST_SPEED's files (benchmark worker). The same holds one level
 * down for a binary field holding a JSON object such as {@code _source}: its top-level keys go to
 * the shape too ({@link JsonKeys}), and the value keeps only the values between them.
 */
final class FieldEncoding {

  static final int STRING = 0;
  static final int BYTES = 1;
  static final int INT = 2;
  static final int LONG = 3;
  static final int FLOAT = 4;
  static final int DOUBLE = 5;
  static final int NARROW_DOUBLE = 6;
  static final int DOUBLE_AS_LONG = 7;
  static final int SPLIT_OBJECT = 8;

  /**
   * Largest serialized document. Keeps every offset inside a chunk an int even with the chunk's
   * other documents added, and is far above anything a stored field can usefully hold.
   */
  static final int MAX_DOCUMENT_BYTES = Integer.MAX_VALUE - (64 << 20);

  static final int TYPE_BITS = 4;
  static final int TYPE_MASK = (1 << TYPE_BITS) - 1;

  /** Largest integral double whose neighbours are all representable: beyond it, keep 8 bytes. */
  private static final double MAX_EXACT_LONG = 1L << 53;

  /** Powers of ten up to 10^15, all exact doubles. */
  private static final double[] POW10 = new double[16];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private FieldEncoding() {}

  /** The FieldKey of a value of {@code type} in field {@code info}. */
  static long key(FieldInfo info, int type) {
    return ((long) info.number << TYPE_BITS) | type;
  }

  static int type(long key) {
    return (int) (key & TYPE_MASK);
  }

  // The writers below write a Value only: the caller records its key (see DocumentShapes).

  static void writeBytes(DataOutput out, BytesRef value) throws IOException {
    out.writeVInt(value.length);
    out.writeBytes(value.bytes, value.offset, value.length);
  }

  static void writeBytes(DataOutput out, DataInput value, int length) throws IOException {
    out.writeVInt(length);
    out.copyBytes(value, length);
  }

  /** Writes {@code value} in the shortest exact encoding and returns its type. */
  static int writeDouble(DataOutput out, double value) throws IOException {
    long bits = Double.doubleToRawLongBits(value);
    if (Math.abs(value) <= MAX_EXACT_LONG
        && Double.doubleToRawLongBits((double) (long) value) == bits) {
      out.writeZLong((long) value);
      return DOUBLE_AS_LONG;
    }
    for (int scale = 1; scale < POW10.length; scale++) {
      double scaled = value * POW10[scale];
      if (!(Math.abs(scaled) < MAX_EXACT_LONG)) { // also false for NaN and infinities
        break;
      }
      long digits = Math.round(scaled);
      long narrow = (BitUtil.zigZagEncode(digits) << 4) | scale;
      // Only when shorter than the 8 raw bytes: a VLong below 2^49 takes at most 7.
      if (narrow >>> 49 == 0 && Double.doubleToRawLongBits(digits / POW10[scale]) == bits) {
        out.writeVLong(narrow);
        return NARROW_DOUBLE;
      }
    }
    float narrow = (float) value;
    if (Double.doubleToRawLongBits(narrow) == bits) {
      out.writeVLong(0);
      out.writeInt(Float.floatToRawIntBits(narrow));
      return NARROW_DOUBLE;
    }
    out.writeLong(bits);
    return DOUBLE;
  }

  /**
   * Copies one Value of {@code type} from {@code in} to {@code out} unchanged (both stay
   * serialized). Lengths read through a {@link ChunkInput} are checked against its document.
   */
  static void copyValue(DataInput in, int type, DataOutput out) throws IOException {
    switch (type) {
      case STRING, BYTES, SPLIT_OBJECT -> {
        int length = in instanceof ChunkInput chunk ? readLength(chunk) : in.readVInt();
        out.writeVInt(length);
        out.copyBytes(in, length);
      }
      case INT -> out.writeZInt(in.readZInt());
      case LONG, DOUBLE_AS_LONG -> out.writeZLong(in.readZLong());
      case FLOAT -> out.writeInt(in.readInt());
      case DOUBLE -> out.writeLong(in.readLong());
      case NARROW_DOUBLE -> {
        long narrow = in.readVLong();
        out.writeVLong(narrow);
        if ((narrow & 15) == 0) {
          out.writeInt(in.readInt());
        }
      }
      default -> {
        if (in instanceof ChunkInput chunk) {
          throw chunk.corrupt("unknown field type " + type);
        }
        throw new IllegalArgumentException("unknown field type " + type);
      }
    }
  }

  /**
   * Reads the document {@code in} is positioned on (see {@link ChunkInput#seekDocument}), feeding
   * {@code visitor}. Its keys are those of its shape in {@code header}, or inline in its bytes when
   * it has none. Values the visitor does not want are skipped without being decoded, and STOP
   * returns at once.
   */
  static void readDocument(
      ChunkInput in, ChunkHeader header, FieldInfos fieldInfos, StoredFieldVisitor visitor)
      throws IOException {
    final long docEnd = in.documentEnd();
    final ShapeTable shapes = header.shapes();
    final int from = shapes.keysFrom();
    if (from < 0) {
      while (in.rawPosition() < docEnd) {
        long key = in.readVLong();
        if (type(key) == SPLIT_OBJECT) {
          throw in.corrupt("has a split object value in a document without a shape");
        }
        if (!readField(in, key, -1, header, fieldInfos, visitor)) {
          return;
        }
      }
    } else {
      final long[] shapeKeys = shapes.shapeKeys();
      final int to = shapes.keysTo();
      for (int k = from; k < to; k++) {
        if (in.rawPosition() >= docEnd) { // every Value takes at least one byte
          throw in.corrupt("document ends before its field " + (k - from) + " of " + (to - from));
        }
        long key = shapeKeys[k];
        long template = type(key) == SPLIT_OBJECT ? shapeKeys[++k] : -1;
        if (!readField(in, key, template, header, fieldInfos, visitor)) {
          return;
        }
      }
    }
    if (in.rawPosition() != docEnd) {
      throw in.corrupt("document overruns its length by " + (in.rawPosition() - docEnd) + " bytes");
    }
  }

  /**
   * Reads or skips the value of {@code key}, as the visitor wants; false once it says STOP. {@code
   * template}: where a split value's Template is in the header (see {@link
   * ShapeTable#templateRef}).
   */
  private static boolean readField(
      ChunkInput in,
      long key,
      long template,
      ChunkHeader header,
      FieldInfos fieldInfos,
      StoredFieldVisitor visitor)
      throws IOException {
    int type = type(key);
    long number = key >>> TYPE_BITS;
    FieldInfo info = number > Integer.MAX_VALUE ? null : fieldInfos.fieldInfo((int) number);
    if (info == null) {
      throw in.corrupt("unknown field number " + number);
    }
    switch (visitor.needsField(info)) {
      case YES -> {
        if (type == SPLIT_OBJECT) {
          readSplitObject(in, info, template, header, visitor);
        } else {
          readValue(in, info, type, visitor);
        }
      }
      case NO -> skipValue(in, type);
      case STOP -> {
        return false;
      }
    }
    return true;
  }

  /** Joins a split value with its template and hands the object to the visitor. */
  private static void readSplitObject(
      ChunkInput in, FieldInfo info, long template, ChunkHeader header, StoredFieldVisitor visitor)
      throws IOException {
    int length = readLength(in);
    byte[] values = new byte[length];
    in.readBytes(values, 0, length);
    int start = ShapeTable.templateStart(template);
    byte[] object =
        JsonKeys.join(
            header.bytes(), start, start + ShapeTable.templateLength(template), values, 0, length);
    if (object == null) {
      throw in.corrupt(
          "has a split object value of field " + info.name + " that does not fit its template");
    }
    visitor.binaryField(info, new StoredFieldDataInput(new ByteArrayDataInput(object)));
  }

  /**
   * Copies the document {@code in} is positioned on to {@code out} as values only, adding its keys
   * to {@code keys} (keys as in {@link #readDocument}; split values stay split, their templates
   * added to {@code keys}' table).
   */
  static void copyDocument(ChunkInput in, ChunkHeader header, DataOutput out, DocumentShapes keys)
      throws IOException {
    final ShapeTable shapes = header.shapes();
    final int from = shapes.keysFrom();
    if (from >= 0) {
      final long[] shapeKeys = shapes.shapeKeys();
      final int to = shapes.keysTo();
      for (int k = from; k < to; k++) {
        long key = shapeKeys[k];
        keys.add(key);
        if (type(key) == SPLIT_OBJECT) {
          long template = shapeKeys[++k];
          int start = ShapeTable.templateStart(template);
          keys.add(
              keys.template(
                  new BytesRef(header.bytes(), start, ShapeTable.templateLength(template)), true));
        }
      }
      out.copyBytes(in, in.remainingInDocument());
      return;
    }
    final long docEnd = in.documentEnd();
    while (in.rawPosition() < docEnd) {
      long key = in.readVLong();
      if (type(key) == SPLIT_OBJECT) {
        throw in.corrupt("has a split object value in a document without a shape");
      }
      keys.add(key);
      copyValue(in, type(key), out);
    }
    if (in.rawPosition() != docEnd) {
      throw in.corrupt("document overruns its length by " + (in.rawPosition() - docEnd) + " bytes");
    }
  }

  private static void readValue(ChunkInput in, FieldInfo info, int type, StoredFieldVisitor visitor)
      throws IOException {
    switch (type) {
      case STRING -> {
        visitor.stringField(info, in.readUtf8(readLength(in)));
      }
      case BYTES -> {
        int length = readLength(in);
        long valueEnd = in.rawPosition() + length;
        visitor.binaryField(info, new StoredFieldDataInput(in, length));
        // A visitor may read less than the value (or nothing): continue after it regardless.
        if (in.rawPosition() > valueEnd) {
          throw new IllegalStateException("visitor read past the end of field " + info.name);
        }
        in.seekRaw(valueEnd);
      }
      case INT -> visitor.intField(info, in.readZInt());
      case LONG -> visitor.longField(info, in.readZLong());
      case FLOAT -> visitor.floatField(info, Float.intBitsToFloat(in.readInt()));
      case DOUBLE -> visitor.doubleField(info, Double.longBitsToDouble(in.readLong()));
      case NARROW_DOUBLE -> visitor.doubleField(info, readNarrowDouble(in));
      case DOUBLE_AS_LONG -> visitor.doubleField(info, (double) in.readZLong());
      default -> throw in.corrupt("unknown field type " + type);
    }
  }

  private static void skipValue(ChunkInput in, int type) throws IOException {
    switch (type) {
      case STRING, BYTES, SPLIT_OBJECT -> in.skipBytes(readLength(in));
      case INT -> in.readZInt();
      case LONG, DOUBLE_AS_LONG -> in.readZLong();
      case FLOAT -> in.skipBytes(Integer.BYTES);
      case NARROW_DOUBLE -> readNarrowDouble(in);
      case DOUBLE -> in.skipBytes(Long.BYTES);
      default -> throw in.corrupt("unknown field type " + type);
    }
  }

  private static double readNarrowDouble(ChunkInput in) throws IOException {
    long narrow = in.readVLong();
    int scale = (int) (narrow & 15);
    if (scale == 0) {
      return Float.intBitsToFloat(in.readInt());
    }
    return BitUtil.zigZagDecode(narrow >>> 4) / POW10[scale];
  }

  private static int readLength(ChunkInput in) throws IOException {
    int length = in.readVInt();
    if (length < 0 || length > in.remainingInDocument()) {
      throw in.corrupt("field length " + length + " exceeds the document");
    }
    return length;
  }
}
