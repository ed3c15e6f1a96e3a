package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.packed.PackedInts;
import org.junit.jupiter.api.Test;

/** PackedValues reads single values of arrays written by Lucene's PACKED writer. */
class PackedValuesTest {

  @Test
  void everyValueOfEveryWidthReadsBack() throws IOException {
    Random random = new Random(42);
    for (int bits = 1; bits <= 64; bits++) {
      for (int count : new int[] {1, 7, 8, 9, 63, 200}) {
        for (int padding : new int[] {0, 3, 8}) { // headers are padded: reads of 8 bytes at once
          long[] values = new long[count];
          for (int i = 0; i < count; i++) {
            values[i] = bits == 64 ? random.nextLong() : random.nextLong() & ((1L << bits) - 1);
          }
          if (bits < 64) {
            values[0] = (1L << bits) - 1; // all ones at the start, so a neighbour's bits would show
          }
          int offset = 3; // arrays sit after other header bytes
          byte[] bytes =
              new byte
                  [offset
                      + (int)
                          PackedInts.Format.PACKED.byteCount(
                              PackedInts.VERSION_CURRENT, count, bits)
                      + padding];
          Arrays.fill(bytes, (byte) 0xFF); // neither the bytes before nor after may show
          ByteArrayDataOutput out = new ByteArrayDataOutput(bytes, offset, bytes.length - offset);
          PackedInts.Writer writer =
              PackedInts.getWriterNoHeader(out, PackedInts.Format.PACKED, count, bits, 1);
          for (long v : values) {
            writer.add(v);
          }
          writer.finish();
          for (int i = 0; i < count; i++) {
            assertEquals(
                values[i],
                PackedValues.get(bytes, offset, bits, i),
                bits + " bits, value " + i + " of " + count + ", padding " + padding);
          }
        }
      }
    }
  }
}
