package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The packed arrays of a chunk header: {@link #write} encodes one, {@link #get} reads single values
 * of one held in a byte array.
 */
final class PackedValues {

  private PackedValues() {}

  /**
   * Value {@code index} of a {@link PackedInts.Format#PACKED} array (a big-endian bit stream)
   * starting at {@code bytes[offset]}. A random read looks up ~20 block-table values in its two
   * binary searches, so it reads only the bytes that hold the value: decoding a whole iteration of
   * up to 8 values with {@link PackedInts.Decoder} for each costs a third of a BEST_SPEED random
   * read on GeoNames JSON (JFR). Lucene's single-value PACKED reader ({@code
   * PackedInts.getDirectReaderNoHeader}) reads from an {@code IndexInput}, which would mean a
   * wrapper and a reader per array for every chunk a random read loads.
   */
  static long get(byte[] bytes, int offset, int bits, int index) {
    long bitStart = (long) index * bits;
    if (bits > 56) { // more than a 64-bit window can hold next to up to 7 bits of a neighbour
      return (bitsAt(bytes, offset, bitStart, bits - 32) << 32)
          | bitsAt(bytes, offset, bitStart + bits - 32, 32);
    }
    return bitsAt(bytes, offset, bitStart, bits);
  }

  /**
   * The {@code count} (at most 56) bits at bit {@code bitStart} of the stream at {@code offset}.
   */
  private static long bitsAt(byte[] bytes, int offset, long bitStart, int count) {
    int pos = offset + (int) (bitStart >>> 3);
    int skip = (int) (bitStart & 7); // bits of the first byte that belong to earlier values
    if (pos <= bytes.length - Long.BYTES) {
      // One 8-byte read holds the value (skip + count <= 63); a chunk header's bytes are padded,
      // so this is the usual case, and it costs less than assembling the bytes one by one.
      long window = (long) BitUtil.VH_BE_LONG.get(bytes, pos);
      return (window << skip) >>> (64 - count);
    }
    int byteCount = (skip + count + 7) >>> 3;
    long window = 0;
    for (int k = 0; k < byteCount; k++) {
      window = (window << 8) | (bytes[pos + k] & 0xFFL);
    }
    return (window >>> (byteCount * 8 - skip - count)) & (-1L >>> (64 - count));
  }

  /**
   * {@code BitsPerValue Byte, PackedInts.Format.PACKED values}, as {@link ChunkHeader#skipPacked}
   * reads them.
   */
  static void write(DataOutput out, int[] values, int count) throws IOException {
    int max = 0;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, values[i]);
    }
    int bits = PackedInts.bitsRequired(max);
    out.writeByte((byte) bits);
    PackedInts.Writer packed =
        PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, count, bits, 1);
    for (int i = 0; i < count; i++) {
      packed.add(values[i]);
    }
    packed.finish();
  }
}
