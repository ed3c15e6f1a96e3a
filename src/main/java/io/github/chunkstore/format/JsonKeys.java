package io.github.chunkstore.format;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * Splits a binary value that is a JSON object into its top-level keys (a <em>template</em>) and its
 * values, and joins them back, byte for byte.
 *
 * <p>Why: an index's {@code _source} documents repeat the same keys in the same order, and in
 * GeoNames' rows as JSON the keys are more than half the bytes. A key between two values breaks the
 * compressor's matches and costs it a match of its own: in an isolated zstd level-9 trial on blocks
 * holding the same number of rows, leaving the keys out took 13-15% off the output and halved the
 * bytes to decode. A chunk lists each template once, in its shape ({@link DocumentShapes}), as it
 * lists field keys.
 *
 * <p>Nothing is parsed beyond what the split needs, and nothing is normalized. A member's <em>key
 * part</em> is every byte from the one after the preceding {@code {} or {@code ,} up to the first
 * byte of its value (whitespace, the quoted key, the colon and whitespace); member 0's key part
 * starts with the {@code {}. Its <em>value part</em> is every byte from there up to the {@code ,}
 * or {@code }} that ends the member, outside strings and brackets ({@link #valueEnd}). The Values
 * hold each value part followed by a zero byte in place of its separator, which the member's
 * position tells: {@code }} after the last, {@code ,} after the others. A zero byte is never part
 * of JSON (control characters are escaped inside strings), and a value holding one is not split, so
 * joining finds each value part by looking for the next zero byte, eight bytes at a time, without
 * parsing; {@code join(split(x))} is {@code x} byte for byte, JSON or not.
 *
 * <pre>
 * Template  --&gt; NumMembers Byte (1..{@value #MAX_MEMBERS}), (KeyLength VInt, KeyPart)<sup>NumMembers</sup>
 * Values    --&gt; (ValuePart, 0x00)<sup>NumMembers</sup>
 * </pre>
 *
 * A value splits only when it is exactly one object ({@code {} first, its closing {@code }} last)
 * of at most {@link #MAX_SPLIT_BYTES} bytes and 1 to {@link #MAX_MEMBERS} members whose key parts
 * take at most {@link #MAX_KEY_BYTES} bytes in all, with no zero byte; any other value is stored as
 * it is.
 */
final class JsonKeys {

  /** Most members of a split object: NumMembers takes one byte. */
  static final int MAX_MEMBERS = 127;

  /** Most bytes of an object's key parts: a chunk header lists each template raw. */
  static final int MAX_KEY_BYTES = 4096;

  /**
   * Longest value split: splitting copies the value, and a merge from another format reads it into
   * an array first, for a gain that does not grow with the value.
   */
  static final int MAX_SPLIT_BYTES = 1 << 20;

  private JsonKeys() {}

  /** {@link #split(BytesRef, BytesRef, BytesRefBuilder, BytesRefBuilder)} returns: no split. */
  static final int NOT_SPLIT = 0;

  /** ... split, and {@code template} holds its Template. */
  static final int NEW_TEMPLATE = 1;

  /** ... split, with exactly the keys of {@code previous}; {@code template} is left as it was. */
  static final int SAME_TEMPLATE = 2;

  /**
   * Splits {@code value} if it is a JSON object as described above.
   *
   * @param template receives the Template (cleared first)
   * @param values receives the Values (cleared first)
   * @return false, leaving both undefined, if {@code value} does not split
   */
  static boolean split(BytesRef value, BytesRefBuilder template, BytesRefBuilder values) {
    return split(value, null, template, values) != NOT_SPLIT;
  }

  /**
   * Splits {@code value} if it is a JSON object as described above. Documents of one index mostly
   * repeat their keys, so the key parts are compared in place with {@code previous} (a Template, or
   * null) and copied only when they differ, which spares the writer building and hashing the
   * template of every document.
   *
   * @param template receives the Template unless the result is SAME_TEMPLATE
   * @param values receives the Values (cleared first)
   * @return NOT_SPLIT (leaving both undefined), NEW_TEMPLATE or SAME_TEMPLATE
   */
  static int split(
      BytesRef value, BytesRef previous, BytesRefBuilder template, BytesRefBuilder values) {
    final byte[] b = value.bytes;
    final int end = value.offset + value.length;
    int pos = value.offset;
    if (value.length < 2 || value.length > MAX_SPLIT_BYTES || b[pos] != '{' || b[end - 1] != '}') {
      return NOT_SPLIT;
    }
    if (nextEnd(b, pos, end) >= 0) {
      return NOT_SPLIT; // a zero byte is not JSON, and would end a value part early
    }
    values.clear();
    values.grow(value.length);
    // While `same`, the key parts so far equal previous's, which are not copied; `p` is where
    // previous's next member starts.
    boolean same = previous != null && previous.length > 0;
    final int previousEnd = same ? previous.offset + previous.length : 0;
    int p = same ? previous.offset + 1 : 0;
    int[] at = {0};
    if (!same) {
      template.clear();
      template.append((byte) 0); // NumMembers, set at the end
    }
    int members = 0;
    int keyBytes = 0;
    int keyStart = pos;
    pos++; // the '{'
    while (true) {
      pos = skipWhitespace(b, pos, end);
      if (pos >= end || b[pos] != '"') {
        return NOT_SPLIT;
      }
      pos = stringEnd(b, pos, end);
      if (pos < 0) {
        return NOT_SPLIT;
      }
      pos = skipWhitespace(b, pos + 1, end);
      if (pos >= end || b[pos] != ':') {
        return NOT_SPLIT;
      }
      int valueStart = skipWhitespace(b, pos + 1, end);
      int keyLength = valueStart - keyStart;
      keyBytes += keyLength;
      if (++members > MAX_MEMBERS || keyBytes > MAX_KEY_BYTES) {
        return NOT_SPLIT;
      }
      if (same) {
        at[0] = p;
        int length = p < previousEnd ? readVInt(previous.bytes, at, previousEnd) : -1;
        if (length == keyLength
            && keyLength <= previousEnd - at[0]
            && Arrays.equals(b, keyStart, valueStart, previous.bytes, at[0], at[0] + length)) {
          p = at[0] + length;
        } else { // the keys part here: copy previous's members so far, then go on copying
          same = false;
          template.clear();
          template.append((byte) 0);
          template.append(previous.bytes, previous.offset + 1, p - previous.offset - 1);
        }
      }
      if (!same) {
        appendVInt(template, keyLength);
        template.append(b, keyStart, keyLength);
      }
      int separator = valueEnd(b, valueStart, end);
      if (separator < 0) {
        return NOT_SPLIT;
      }
      values.append(b, valueStart, separator - valueStart);
      values.append(END);
      if (b[separator] == '}') {
        if (separator != end - 1) {
          return NOT_SPLIT; // bytes after the object
        }
        break;
      }
      keyStart = separator + 1;
      pos = keyStart;
    }
    if (same) {
      if (p == previousEnd && members == (previous.bytes[previous.offset] & 0xFF)) {
        return SAME_TEMPLATE;
      }
      // previous has more members: this object's keys are a prefix of its
      template.clear();
      template.append((byte) 0);
      template.append(previous.bytes, previous.offset + 1, p - previous.offset - 1);
    }
    template.setByteAt(0, (byte) members);
    return NEW_TEMPLATE;
  }

  /**
   * Joins a Template and Values written by {@link #split}.
   *
   * @return the object's bytes, or null if they do not fit together (a damaged file)
   */
  static byte[] join(
      byte[] template,
      int templateOffset,
      int templateEnd,
      byte[] values,
      int valuesOffset,
      int valuesLength) {
    if (templateOffset >= templateEnd) {
      return null;
    }
    int[] pos = {templateOffset + 1};
    int members = template[templateOffset] & 0xFF;
    if (members < 1 || members > MAX_MEMBERS) {
      return null;
    }
    long keyBytes = 0; // first pass: check the template and size the object
    for (int m = 0; m < members; m++) {
      int length = readVInt(template, pos, templateEnd);
      if (length < 0 || length > templateEnd - pos[0]) {
        return null;
      }
      keyBytes += length;
      pos[0] += length;
    }
    pos[0] = templateOffset + 1;
    long total = keyBytes + valuesLength;
    if (total > ArrayUtil.MAX_ARRAY_LENGTH) {
      return null;
    }
    byte[] out = new byte[(int) total];
    int o = 0;
    int v = valuesOffset;
    final int valuesEnd = valuesOffset + valuesLength;
    for (int m = 0; m < members; m++) {
      int length = readVInt(template, pos, templateEnd);
      System.arraycopy(template, pos[0], out, o, length);
      pos[0] += length;
      o += length;
      int partEnd = nextEnd(values, v, valuesEnd);
      if (partEnd < 0) {
        return null;
      }
      System.arraycopy(values, v, out, o, partEnd - v);
      o += partEnd - v;
      out[o++] = m == members - 1 ? (byte) '}' : (byte) ',';
      v = partEnd + 1;
    }
    return v == valuesEnd ? out : null;
  }

  /** Ends every value part in Values, in place of its separator. */
  private static final byte END = 0;

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first {@link #END} byte in {@code b[from, end)}, or -1: eight bytes at a time,
   * since joining is a scan for them and nothing else.
   */
  static int nextEnd(byte[] b, int from, int end) {
    int i = from;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long x = (long) BitUtil.VH_LE_LONG.get(b, i);
      // Sets the high bit of the lowest zero byte (higher ones may be false positives).
      long zeros = (x - ONES) & ~x & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == END) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the separator ending the value part that starts at {@code from}: the first {@code
   * ,} or {@code }} outside strings and brackets, or -1 if there is none before {@code end} (or a
   * {@code ]} closes what was not opened).
   */
  static int valueEnd(byte[] b, int from, int end) {
    int depth = 0;
    for (int i = from; i < end; i++) {
      switch (b[i]) {
        case '"' -> {
          i = stringEnd(b, i, end);
          if (i < 0) {
            return -1;
          }
        }
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            return b[i] == '}' ? i : -1;
          }
          depth--;
        }
        case ',' -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  /** The index of the quote closing the string opened at {@code quote}, or -1. */
  private static int stringEnd(byte[] b, int quote, int end) {
    for (int i = quote + 1; i < end; i++) {
      if (b[i] == '\\') {
        i++;
      } else if (b[i] == '"') {
        return i;
      }
    }
    return -1;
  }

  private static int skipWhitespace(byte[] b, int pos, int end) {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == '\t')) {
      pos++;
    }
    return pos;
  }

  private static void appendVInt(BytesRefBuilder out, int value) {
    while ((value & ~0x7F) != 0) {
      out.append((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.append((byte) value);
  }

  /** Reads a VInt of at most 5 bytes at {@code pos[0]}, advancing it; -1 if it is malformed. */
  static int readVInt(byte[] b, int[] pos, int end) {
    int value = 0;
    for (int shift = 0, i = pos[0]; shift < 35 && i < end; shift += 7, i++) {
      byte x = b[i];
      value |= (x & 0x7F) << shift;
      if (x >= 0) {
        pos[0] = i + 1;
        return value < 0 ? -1 : value;
      }
    }
    return -1;
  }
}
