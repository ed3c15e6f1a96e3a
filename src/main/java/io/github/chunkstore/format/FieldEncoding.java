package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.BytesRef;

/**
 * How one document's fields are serialized before compression.
 *
 * <pre>
 * Document   --&gt; Field<sup>NumFields</sup>   (the document's length is kept in its chunk header)
 * Field      --&gt; FieldKey, Value
 * FieldKey   --&gt; VLong: FieldNumber &lt;&lt; 3 | Type
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
 * </pre>
 *
 * The narrow double encodings matter for real data: a coordinate such as 52.51667 (a short
 * decimal) takes 4-5 bytes instead of 8, an integral value such as a population 1-5 bytes, and
 * both compress far better than raw bits. A decimal is used only when dividing its digits by the
 * power of ten gives back exactly the same bits, so every value reads back bit-for-bit identical.
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

  static final int TYPE_BITS = 3;
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

  static void writeKey(DataOutput out, FieldInfo info, int type) throws IOException {
    out.writeVLong(((long) info.number << TYPE_BITS) | type);
  }

  static void writeString(DataOutput out, FieldInfo info, String value) throws IOException {
    writeKey(out, info, STRING);
    out.writeString(value);
  }

  static void writeBytes(DataOutput out, FieldInfo info, BytesRef value) throws IOException {
    writeKey(out, info, BYTES);
    out.writeVInt(value.length);
    out.writeBytes(value.bytes, value.offset, value.length);
  }

  static void writeBytes(DataOutput out, FieldInfo info, DataInput value, int length)
      throws IOException {
    writeKey(out, info, BYTES);
    out.writeVInt(length);
    out.copyBytes(value, length);
  }

  static void writeInt(DataOutput out, FieldInfo info, int value) throws IOException {
    writeKey(out, info, INT);
    out.writeZInt(value);
  }

  static void writeLong(DataOutput out, FieldInfo info, long value) throws IOException {
    writeKey(out, info, LONG);
    out.writeZLong(value);
  }

  static void writeFloat(DataOutput out, FieldInfo info, float value) throws IOException {
    writeKey(out, info, FLOAT);
    out.writeInt(Float.floatToRawIntBits(value));
  }

  static void writeDouble(DataOutput out, FieldInfo info, double value) throws IOException {
    long bits = Double.doubleToRawLongBits(value);
    if (Math.abs(value) <= MAX_EXACT_LONG
        && Double.doubleToRawLongBits((double) (long) value) == bits) {
      writeKey(out, info, DOUBLE_AS_LONG);
      out.writeZLong((long) value);
    } else {
      for (int scale = 1; scale < POW10.length; scale++) {
        double scaled = value * POW10[scale];
        if (!(Math.abs(scaled) < MAX_EXACT_LONG)) { // also false for NaN and infinities
          break;
        }
        long digits = Math.round(scaled);
        long narrow = (BitUtil.zigZagEncode(digits) << 4) | scale;
        // Only when shorter than the 8 raw bytes: a VLong below 2^49 takes at most 7.
        if (narrow >>> 49 == 0 && Double.doubleToRawLongBits(digits / POW10[scale]) == bits) {
          writeKey(out, info, NARROW_DOUBLE);
          out.writeVLong(narrow);
          return;
        }
      }
      float narrow = (float) value;
      if (Double.doubleToRawLongBits(narrow) == bits) {
        writeKey(out, info, NARROW_DOUBLE);
        out.writeVLong(0);
        out.writeInt(Float.floatToRawIntBits(narrow));
      } else {
        writeKey(out, info, DOUBLE);
        out.writeLong(bits);
      }
    }
  }

  /**
   * Reads the document {@code in} is positioned on (see {@link ChunkInput#seekDocument}), feeding
   * {@code visitor}. Values the visitor does not want are skipped without being decoded, and STOP
   * returns at once.
   */
  static void readDocument(
      ChunkInput in, FieldInfos fieldInfos, StoredFieldVisitor visitor)
      throws IOException {
    final long docEnd = in.documentEnd();
    while (in.rawPosition() < docEnd) {
      long key = in.readVLong();
      int type = (int) (key & TYPE_MASK);
      long number = key >>> TYPE_BITS;
      FieldInfo info = number > Integer.MAX_VALUE ? null : fieldInfos.fieldInfo((int) number);
      if (info == null) {
        throw in.corrupt("unknown field number " + number);
      }
      switch (visitor.needsField(info)) {
        case YES -> readValue(in, info, type, visitor);
        case NO -> skipValue(in, type);
        case STOP -> {
          return;
        }
      }
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
      case STRING, BYTES -> in.skipBytes(readLength(in));
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
