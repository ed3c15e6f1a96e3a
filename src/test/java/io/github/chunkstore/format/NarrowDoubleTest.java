package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/** Doubles stored as short decimals, floats or integers read back with exactly the same bits. */
class NarrowDoubleTest {

  private static List<Double> tricky() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.1,
                0.2,
                0.3,
                52.51667,
                -122.41942,
                1e-7,
                123456.789012345,
                9007199254740993.0,
                1e300,
                -1e-300,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.MIN_NORMAL,
                Double.NaN,
                Double.longBitsToDouble(0x7ff8000000000123L),
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                (double) 0.1f,
                (double) 3.3f,
                0.30000000000000004,
                4.35,
                1.005,
                999999999999999.9,
                0.000123456789012345));
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      switch (i % 4) {
        case 0 -> values.add(Math.round(random.nextDouble() * 36_000_000 - 18_000_000) / 100_000.0);
        case 1 -> values.add(Double.longBitsToDouble(random.nextLong()));
        case 2 -> values.add((double) Float.intBitsToFloat(random.nextInt()));
        default ->
            values.add(
                Double.parseDouble(
                    String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 1000)));
      }
    }
    return values;
  }

  @Test
  void everyDoubleReadsBackBitForBit() throws IOException {
    List<Double> values = tricky();
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(
              dir, new IndexWriterConfig().setCodec(new ChunkstoreCodec(Mode.BEST_SPEED)))) {
        for (double value : values) {
          Document doc = new Document();
          doc.add(new StoredField("d", value));
          w.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        StoredFields fields = reader.storedFields();
        for (int i = 0; i < values.size(); i++) {
          double read = fields.document(i).getField("d").numericValue().doubleValue();
          assertEquals(
              Double.doubleToRawLongBits(values.get(i)),
              Double.doubleToRawLongBits(read),
              "value " + values.get(i) + " (doc " + i + ")");
        }
      }
    }
  }

  private static long serializedBytes(double value) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    FieldEncoding.writeDouble(out, value);
    return out.size();
  }

  @Test
  void shortDecimalsTakeFewerBytesAndOthersNeverMore() throws IOException {
    assertTrue(serializedBytes(52.51667) <= 4, "a 7-digit coordinate: 4 bytes");
    assertTrue(serializedBytes(-122.41942) <= 5, "an 8-digit coordinate: 5 bytes");
    assertTrue(serializedBytes(0.25) <= 2);
    assertEquals(8, serializedBytes(Math.PI), "not a short decimal: 8 raw bytes");
    assertEquals(
        8, serializedBytes(5.123456789012345), "16 digits would take 9 bytes: raw instead");
  }
}
