package io.github.chunkstore.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.compress.LZ4;
import org.junit.jupiter.api.Test;

/**
 * The preset-hashing compressor writes blocks that Lucene's LZ4 decompressor reads back exactly,
 * whatever the block and preset sizes and however many blocks one compressor writes, and compresses
 * about as well as Lucene's own compressor.
 */
class Lz4PresetCompressorTest {

  private static byte[] text(Random random, int length) {
    return TextBytes.text(random, length, false);
  }

  private static byte[] decompress(byte[] compressed, int compressedLength, byte[] preset, int n)
      throws IOException {
    byte[] out = new byte[preset.length + n + 8];
    System.arraycopy(preset, 0, out, 0, preset.length);
    ByteArrayDataInput in = new ByteArrayDataInput(compressed, 0, compressedLength);
    int end = LZ4.decompress(in, n, out, preset.length);
    assertEquals(preset.length + n, end);
    assertEquals(compressedLength, in.getPosition(), "the whole block is consumed");
    return Arrays.copyOfRange(out, preset.length, end);
  }

  @Test
  void blocksOfEverySizeRoundTripThroughLuceneDecompressor() throws IOException {
    Random random = new Random(42);
    Lz4PresetCompressor compressor = new Lz4PresetCompressor();
    int[] presetSizes = {0, 1, 4, 13, 2048, 16 * 1024, 32 * 1024};
    int[] blockSizes = {0, 1, 5, 12, 13, 14, 17, 100, 270, 3 * 1024, 40 * 1024, 100 * 1024};
    for (int presetSize : presetSizes) {
      byte[] preset = text(random, presetSize);
      compressor.setPreset(preset, 0, presetSize);
      for (int round = 0; round < 3; round++) { // one compressor, many blocks: stale entries
        for (int blockSize : blockSizes) {
          byte[] block =
              switch (random.nextInt(4)) {
                case 0 -> new byte[blockSize]; // one long run: long match lengths
                case 1 -> {
                  byte[] b = new byte[blockSize];
                  random.nextBytes(b); // incompressible: long literal runs
                  yield b;
                }
                default -> text(random, blockSize);
              };
          byte[] src = new byte[blockSize + 7];
          System.arraycopy(block, 0, src, 3, blockSize);
          byte[] dest = new byte[compressor.maxCompressedLength(blockSize)];
          int length = compressor.compress(src, 3, blockSize, dest);
          String what = "preset " + presetSize + ", block " + blockSize;
          assertArrayEquals(block, decompress(dest, length, preset, blockSize), what);
        }
      }
    }
  }

  @Test
  void blocksAfterTheGenerationWrapsAroundRoundTrip() throws IOException {
    Random random = new Random(11);
    byte[] preset = text(random, 2048);
    // A few blocks before the block table is cleared and the generation starts over, and after.
    Lz4PresetCompressor compressor = new Lz4PresetCompressor(Integer.MAX_VALUE - 20_000);
    compressor.setPreset(preset, 0, preset.length);
    for (int i = 0; i < 8; i++) {
      byte[] block = text(random, 3 * 1024);
      byte[] dest = new byte[compressor.maxCompressedLength(block.length)];
      int length = compressor.compress(block, 0, block.length, dest);
      assertArrayEquals(block, decompress(dest, length, preset, block.length), "block " + i);
    }
  }

  @Test
  void blocksReferToThePresetAndCompressLikeLucenesCompressor() throws IOException {
    Random random = new Random(7);
    byte[] preset = text(random, 16 * 1024);
    Lz4PresetCompressor ours = new Lz4PresetCompressor();
    ours.setPreset(preset, 0, preset.length);
    LZ4.FastCompressionHashTable table = new LZ4.FastCompressionHashTable();
    long oursTotal = 0;
    long lucenesTotal = 0;
    long alone = 0;
    Lz4PresetCompressor withoutPreset = new Lz4PresetCompressor();
    for (int i = 0; i < 50; i++) {
      byte[] block = text(random, 3 * 1024);
      byte[] dest = new byte[ours.maxCompressedLength(block.length)];
      int length = ours.compress(block, 0, block.length, dest);
      assertArrayEquals(block, decompress(dest, length, preset, block.length));
      oursTotal += length;
      alone += withoutPreset.compress(block, 0, block.length, dest);

      byte[] window = new byte[preset.length + block.length];
      System.arraycopy(preset, 0, window, 0, preset.length);
      System.arraycopy(block, 0, window, preset.length, block.length);
      ByteArrayDataOutput out = new ByteArrayDataOutput(new byte[dest.length * 2]);
      LZ4.compressWithDictionary(window, 0, preset.length, block.length, out, table);
      lucenesTotal += out.getPosition();
    }
    assertTrue(oursTotal < alone, "the preset helps: " + oursTotal + " vs " + alone);
    assertTrue(
        oursTotal < lucenesTotal * 1.05 && oursTotal > 0,
        "ours " + oursTotal + " bytes, Lucene's " + lucenesTotal + " bytes, alone " + alone);
  }
}
