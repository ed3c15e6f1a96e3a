package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.junit.jupiter.api.Test;

/**
 * A chunk prefix decodes VInts, VLongs and ints as Lucene's DataOutput writes them, asks for more
 * bytes when a value runs past the copy, and rejects a VInt of more than 32 bits or a VLong of more
 * than 63.
 */
class ChunkPrefixInputTest {

  @Test
  void readsBackEveryVIntLuceneWrites() throws IOException {
    Random random = new Random(3);
    int[] values = new int[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 5) {
            case 0 -> random.nextInt(128);
            case 1 -> random.nextInt(1 << 14);
            case 2 -> random.nextInt();
            case 3 -> -1 - random.nextInt(1000); // negative: five bytes
            default -> i % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
          };
    }
    byte[] bytes = new byte[values.length * 5];
    ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
    for (int v : values) {
      out.writeVInt(v);
    }
    int length = out.getPosition();
    ChunkPrefixInput in = new ChunkPrefixInput();
    in.reset(bytes, length, 1000, 1000 + length);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], in.readVInt(), "value " + i);
    }
    assertEquals(1000 + length, in.getFilePointer());
  }

  @Test
  void readsBackEveryVLongLuceneWrites() throws IOException {
    Random random = new Random(5);
    long[] values = new long[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 4) {
            case 0 -> random.nextInt(128);
            case 1 -> random.nextLong() >>> (1 + random.nextInt(63));
            case 2 -> random.nextLong() >>> 1;
            default -> Long.MAX_VALUE; // nine bytes
          };
    }
    byte[] bytes = new byte[values.length * 9];
    ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
    for (long v : values) {
      out.writeVLong(v);
    }
    ChunkPrefixInput in = new ChunkPrefixInput();
    in.reset(bytes, out.getPosition(), 0, out.getPosition());
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], in.readVLong(), "value " + i);
    }
    byte[] tooLong = new byte[12];
    Arrays.fill(tooLong, 0, 9, (byte) 0xFF);
    in.reset(tooLong, tooLong.length, 0, 100);
    IOException e = assertThrows(IOException.class, in::readVLong);
    assertTrue(e.getMessage().contains("more than 63 bits"), e.getMessage());
  }

  @Test
  void readsBackIntsLuceneWritesAndAsksForMoreAtTheCopysEnd() throws IOException {
    Random random = new Random(11);
    int[] values = new int[100];
    byte[] bytes = new byte[values.length * Integer.BYTES + 1];
    ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
    out.writeByte((byte) 9); // the ints are not aligned
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt();
      out.writeInt(values[i]);
    }
    ChunkPrefixInput in = new ChunkPrefixInput();
    in.reset(bytes, bytes.length, 0, 1000);
    assertEquals(9, in.readByte());
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], in.readInt(), "value " + i);
    }
    in.reset(bytes, bytes.length - 1, 0, 1000);
    in.seek(bytes.length - Integer.BYTES);
    assertSame(ChunkPrefixInput.MORE, assertThrows(IOException.class, in::readInt));
  }

  @Test
  void asksForMoreWhenAVIntRunsPastTheCopy() throws IOException {
    byte[] bytes = new byte[16];
    ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
    out.writeVInt(7);
    out.writeVInt(Integer.MAX_VALUE); // five bytes, of which the copy holds three
    ChunkPrefixInput in = new ChunkPrefixInput();
    in.reset(bytes, 4, 0, 100);
    assertEquals(7, in.readVInt());
    assertSame(ChunkPrefixInput.MORE, assertThrows(IOException.class, in::readVInt));
    in.reset(bytes, out.getPosition(), 0, 100);
    in.seek(1);
    assertEquals(Integer.MAX_VALUE, in.readVInt());
  }

  @Test
  void rejectsAVIntOfMoreThan32Bits() {
    byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x1F, 0, 0, 0, 0, 0};
    ChunkPrefixInput in = new ChunkPrefixInput();
    in.reset(bytes, bytes.length, 40, 100);
    IOException e = assertThrows(IOException.class, in::readVInt);
    assertTrue(e.getMessage().contains("more than 32 bits"), e.getMessage());
  }
}
