package io.github.chunkstore.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.compress.LZ4;
import org.junit.jupiter.api.Test;

/**
 * The decoder reads back exactly what both LZ4 compressors wrote (Chunkstore's and Lucene's),
 * behind presets, into buffers with and without room for its fast copies, stopping early when
 * asked; it never touches the preset or more than {@link Lz4Decoder#SLACK} bytes past the output;
 * and damaged blocks end in an {@link IllegalArgumentException}, never in another exception.
 */
class Lz4DecoderTest {

  /** Bytes of one of three kinds: a run, random bytes, or text with short periodic runs. */
  private static byte[] content(Random random, int length) {
    byte[] out = new byte[length];
    switch (random.nextInt(4)) {
      case 0 -> Arrays.fill(out, (byte) 'x'); // one run: overlapping matches of offset 1
      case 1 -> random.nextBytes(out); // incompressible: long literal runs
      default -> out = TextBytes.text(random, length, true);
    }
    return out;
  }

  private static byte[] compressOurs(byte[] preset, byte[] block) {
    Lz4PresetCompressor compressor = new Lz4PresetCompressor();
    compressor.setPreset(preset, 0, preset.length);
    byte[] dest = new byte[compressor.maxCompressedLength(block.length)];
    return Arrays.copyOf(dest, compressor.compress(block, 0, block.length, dest));
  }

  private static byte[] compressLucene(byte[] preset, byte[] block) throws IOException {
    byte[] both = new byte[preset.length + block.length];
    System.arraycopy(preset, 0, both, 0, preset.length);
    System.arraycopy(block, 0, both, preset.length, block.length);
    byte[] dest = new byte[block.length + block.length / 255 + 64];
    ByteArrayDataOutput out = new ByteArrayDataOutput(dest);
    LZ4.compressWithDictionary(
        both, 0, preset.length, block.length, out, new LZ4.HighCompressionHashTable());
    return Arrays.copyOf(dest, out.getPosition());
  }

  @Test
  void decodesBothCompressorsBehindPresetsWithAndWithoutSlack() throws IOException {
    Random random = new Random(7);
    int[] presetSizes = {0, 1, 16, 2048, 32 * 1024};
    int[] blockSizes = {0, 1, 7, 12, 13, 31, 100, 3 * 1024, 40 * 1024};
    for (int presetSize : presetSizes) {
      for (int blockSize : blockSizes) {
        for (int round = 0; round < 4; round++) {
          byte[] preset = content(random, presetSize);
          byte[] block = content(random, blockSize);
          byte[] compressed =
              round % 2 == 0 ? compressOurs(preset, block) : compressLucene(preset, block);
          String what = "preset " + presetSize + ", block " + blockSize + ", round " + round;
          for (int slack : new int[] {0, 5, Lz4Decoder.SLACK, 100}) {
            byte[] dest = new byte[1 + presetSize + blockSize + slack];
            Arrays.fill(dest, (byte) 0x5A);
            System.arraycopy(preset, 0, dest, 1, presetSize);
            int produced =
                Lz4Decoder.decode(
                    compressed, 0, compressed.length, dest, 1 + presetSize, blockSize, blockSize);
            assertEquals(blockSize, produced, what);
            int end = 1 + presetSize + blockSize;
            assertArrayEquals(block, Arrays.copyOfRange(dest, 1 + presetSize, end), what);
            assertEquals(0x5A, dest[0], what + ": the byte before the preset is untouched");
            assertArrayEquals(preset, Arrays.copyOfRange(dest, 1, 1 + presetSize), what);
            for (int i = end + Lz4Decoder.SLACK; i < dest.length; i++) {
              assertEquals(0x5A, dest[i], what + ": byte " + i + " past the slack is untouched");
            }
          }
        }
      }
    }
  }

  @Test
  void stopsOnceItHasTheBytesNeeded() {
    Random random = new Random(11);
    byte[] preset = content(random, 2048);
    for (int round = 0; round < 50; round++) {
      byte[] block = content(random, 1 + random.nextInt(8192));
      byte[] compressed = compressOurs(preset, block);
      int needed = 1 + random.nextInt(block.length);
      byte[] dest = new byte[preset.length + block.length + Lz4Decoder.SLACK];
      System.arraycopy(preset, 0, dest, 0, preset.length);
      int produced =
          Lz4Decoder.decode(
              compressed, 0, compressed.length, dest, preset.length, block.length, needed);
      assertTrue(produced >= needed && produced <= block.length, produced + " for " + needed);
      assertArrayEquals(
          Arrays.copyOf(block, produced),
          Arrays.copyOfRange(dest, preset.length, preset.length + produced));
    }
  }

  @Test
  void rejectsMalformedBlocksWithIllegalArgumentOnly() {
    Random random = new Random(13);
    byte[] preset = content(random, 512);
    int rejected = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] block = content(random, 1 + random.nextInt(2000));
      byte[] compressed = compressOurs(round % 3 == 0 ? new byte[0] : preset, block);
      byte[] damaged =
          switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(compressed, random.nextInt(compressed.length)); // truncated
            case 1 -> Arrays.copyOf(compressed, compressed.length + 1 + random.nextInt(9));
            default -> {
              byte[] d = compressed.clone();
              for (int i = 1 + random.nextInt(3); i > 0; i--) {
                d[random.nextInt(d.length)] ^= (byte) (1 + random.nextInt(255));
              }
              yield d;
            }
          };
      int presetLength = round % 3 == 0 ? 0 : preset.length;
      byte[] dest = new byte[presetLength + block.length + random.nextInt(40)];
      try {
        int produced =
            Lz4Decoder.decode(
                damaged, 0, damaged.length, dest, presetLength, block.length, block.length);
        assertTrue(produced <= block.length, "never more than the block's length");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().startsWith("malformed LZ4 block: "), e.getMessage());
        rejected++;
      } catch (RuntimeException e) {
        fail("round " + round + ": " + e, e);
      }
    }
    assertTrue(rejected > 1000, "most damaged blocks are caught: " + rejected);
  }

  @Test
  void namesWhatIsWrong() {
    byte[] dest = new byte[64];
    // Token: no literals, a match; offset 5 at output position 0 reaches before dest[0].
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lz4Decoder.decode(new byte[] {0x00, 5, 0}, 0, 3, dest, 0, 10, 10));
    assertTrue(e.getMessage().contains("match offset 5"), e.getMessage());
    // Four literals where the block is said to decode to two.
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lz4Decoder.decode(new byte[] {0x40, 1, 2, 3, 4}, 0, 5, dest, 0, 2, 2));
    assertTrue(e.getMessage().contains("literal run of 4 bytes"), e.getMessage());
    // Two literals, then a byte too many.
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lz4Decoder.decode(new byte[] {0x20, 1, 2, 9}, 0, 4, dest, 0, 2, 2));
    assertTrue(e.getMessage().contains("1 byte(s) of input past"), e.getMessage());
    // A literal length of 15 + 255 * 8.5 million: without a bound its sum wraps to a negative int.
    byte[] runaway = new byte[8_500_000];
    Arrays.fill(runaway, (byte) 0xFF);
    runaway[0] = (byte) 0xF0;
    runaway[runaway.length - 1] = 0;
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lz4Decoder.decode(runaway, 0, runaway.length, dest, 0, 10, 10));
    assertTrue(e.getMessage().contains("literal length over"), e.getMessage());
    // A call whose output does not fit its array is refused before anything is decoded.
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lz4Decoder.decode(new byte[] {0x20, 1, 2}, 0, 3, dest, 60, 10, 10));
    assertTrue(e.getMessage().contains("outside an array of 64"), e.getMessage());
  }
}
