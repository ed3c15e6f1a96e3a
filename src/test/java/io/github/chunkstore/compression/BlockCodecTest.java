package io.github.chunkstore.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Both block codecs round-trip any input, reuse their state, and free native memory on close. */
class BlockCodecTest {

  private static final List<Supplier<BlockCodec>> CODECS =
      List.of(
          () -> Lz4BlockCodec.INSTANCE, () -> new ZstdBlockCodec(3), () -> new ZstdBlockCodec(19));

  @Test
  void roundTripsEmptyTinyRepetitiveAndRandomBlocks() throws Exception {
    Random random = new Random(1);
    byte[] text =
        "Sant Julià de Lòria\tSan Julia,San Julià\t42.46372\t1.49129\tP\tPPLA\tAD\n"
            .repeat(800)
            .getBytes(StandardCharsets.UTF_8);
    byte[] noise = new byte[70_000];
    random.nextBytes(noise);
    for (Supplier<BlockCodec> factory : CODECS) {
      try (BlockCodec codec = factory.get();
          BlockCompressor compressor = codec.newCompressor()) {
        BlockDecompressor decompressor = codec.newDecompressor();
        for (byte[] input : List.of(new byte[1], Arrays.copyOf(text, 17), text, noise)) {
          for (int round = 0; round < 3; round++) { // state is reused across calls
            byte[] compressed = new byte[compressor.maxCompressedLength(input.length)];
            int length = compressor.compress(input, 0, input.length, compressed);
            byte[] out = new byte[input.length];
            assertEquals(
                input.length,
                decompressor.decompress(compressed, 0, length, out, input.length, input.length));
            assertArrayEquals(input, out);
            if (input == text) {
              assertTrue(
                  length < input.length / 10,
                  codec + " compressed " + input.length + " to " + length);
            }
          }
        }
      }
    }
  }

  @Test
  void lz4BlocksCompressedAgainstAPresetDecompressRightAfterIt() throws Exception {
    byte[] preset =
        "Andorra la Vella\tAD\tEurope/Andorra\t".repeat(20).getBytes(StandardCharsets.UTF_8);
    byte[] block =
        "Andorra la Vella\tAD\tEurope/Andorra\t1234\n".repeat(3).getBytes(StandardCharsets.UTF_8);
    BlockCompressor compressor = Lz4BlockCodec.INSTANCE.newCompressor();
    byte[] alone = new byte[compressor.maxCompressedLength(block.length)];
    int aloneLength = compressor.compress(block, 0, block.length, alone);
    compressor.setPreset(preset, 0, preset.length);
    byte[] compressed = new byte[compressor.maxCompressedLength(block.length)];
    int length = compressor.compress(block, 0, block.length, compressed);
    assertTrue(
        length < aloneLength, length + " bytes against " + aloneLength + " without the preset");

    BlockDecompressor decompressor = Lz4BlockCodec.INSTANCE.newDecompressor();
    assertTrue(decompressor.supportsPreset());
    byte[] dest = new byte[preset.length + block.length];
    System.arraycopy(preset, 0, dest, 0, preset.length);
    assertEquals(
        block.length,
        decompressor.decompress(
            compressed, 0, length, dest, preset.length, block.length, block.length));
    assertArrayEquals(preset, Arrays.copyOf(dest, preset.length)); // the preset is left as it was
    assertArrayEquals(block, Arrays.copyOfRange(dest, preset.length, dest.length));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            decompressor.decompress(
                compressed,
                0,
                length,
                new byte[40_000],
                Lz4BlockCodec.MAX_PRESET_BYTES + 1,
                10,
                10));
  }

  @Test
  void aPartialDecompressionProducesAtLeastTheNeededPrefix() throws Exception {
    byte[] text =
        "stored fields are fetched one document at a time; "
            .repeat(300)
            .getBytes(StandardCharsets.UTF_8);
    for (Supplier<BlockCodec> factory : CODECS) {
      try (BlockCodec codec = factory.get();
          BlockCompressor compressor = codec.newCompressor()) {
        byte[] compressed = new byte[compressor.maxCompressedLength(text.length)];
        int length = compressor.compress(text, 0, text.length, compressed);
        for (int needed : new int[] {1, 100, text.length / 2, text.length - 1, text.length}) {
          byte[] out = new byte[text.length];
          int produced =
              codec.newDecompressor().decompress(compressed, 0, length, out, text.length, needed);
          assertTrue(
              produced >= needed && produced <= text.length,
              codec + ": produced " + produced + " for " + needed);
          assertArrayEquals(Arrays.copyOf(text, produced), Arrays.copyOf(out, produced));
        }
      }
    }
  }

  @Test
  void compressesASliceOfALargerArray() throws Exception {
    byte[] input = "0123456789abcdef".repeat(100).getBytes(StandardCharsets.US_ASCII);
    for (Supplier<BlockCodec> factory : CODECS) {
      try (BlockCodec codec = factory.get();
          BlockCompressor compressor = codec.newCompressor()) {
        byte[] compressed = new byte[compressor.maxCompressedLength(500)];
        int length = compressor.compress(input, 300, 500, compressed);
        byte[] out = new byte[500];
        codec.newDecompressor().decompress(compressed, 0, length, out, 500, 500);
        assertArrayEquals(Arrays.copyOfRange(input, 300, 800), out);
      }
    }
  }

  @Test
  void damagedInputFailsWithAnExceptionNotACrash() throws Exception {
    Random random = new Random(5);
    byte[] input =
        "the quick brown fox jumps over the lazy dog "
            .repeat(200)
            .getBytes(StandardCharsets.US_ASCII);
    for (Supplier<BlockCodec> factory : CODECS) {
      try (BlockCodec codec = factory.get();
          BlockCompressor compressor = codec.newCompressor()) {
        byte[] compressed = new byte[compressor.maxCompressedLength(input.length)];
        int length = compressor.compress(input, 0, input.length, compressed);
        BlockDecompressor decompressor = codec.newDecompressor();
        for (int trial = 0; trial < 300; trial++) {
          byte[] damaged = Arrays.copyOf(compressed, length);
          damaged[random.nextInt(length)] ^= (byte) (1 + random.nextInt(255));
          int cut = random.nextBoolean() ? length : random.nextInt(length) + 1;
          byte[] out = new byte[input.length];
          try {
            decompressor.decompress(damaged, 0, cut, out, input.length, input.length);
          } catch (java.io.IOException | RuntimeException expected) {
            // The format turns these into CorruptIndexException naming the file.
          }
        }
      }
    }
  }

  @Test
  void zstdContextsArePooledBoundedAndAClosedCodecRefusesReads() throws Exception {
    for (int cycle = 0; cycle < 2000; cycle++) {
      ZstdBlockCodec codec = new ZstdBlockCodec(3);
      byte[] input = ("cycle " + cycle).getBytes(StandardCharsets.US_ASCII);
      byte[] compressed = new byte[64];
      int length;
      try (BlockCompressor compressor = codec.newCompressor()) {
        length = compressor.compress(input, 0, input.length, compressed);
      }
      BlockDecompressor decompressor = codec.newDecompressor();
      decompressor.decompress(
          compressed, 0, length, new byte[input.length], input.length, input.length);
      int idle = ZstdBlockCodec.idleDecompressionContexts();
      assertTrue(idle >= 1 && idle <= 2 * ZstdBlockCodec.IDLE_CONTEXTS, idle + " idle contexts");
      codec.close();
      int len = length;
      assertThrows(
          IllegalStateException.class,
          () ->
              decompressor.decompress(
                  compressed, 0, len, new byte[input.length], input.length, input.length));
    }
  }

  @Test
  void zstdIsReportedAvailableHere() {
    assertTrue(ZstdSupport.isAvailable(), "zstd-jni bundles a native library for this platform");
  }
}
