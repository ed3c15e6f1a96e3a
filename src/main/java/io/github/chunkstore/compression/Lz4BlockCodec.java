package io.github.chunkstore.compression;

/**
 * LZ4 blocks: compressed by {@link Lz4PresetCompressor}, decoded by {@link Lz4Decoder}; pure Java,
 * no native resources. With a preset (raw bytes shared by a chunk's blocks), each block is
 * compressed as if the preset came right before it, so a block of a few KiB still finds its matches
 * and a random read decompresses only that block.
 */
public final class Lz4BlockCodec implements BlockCodec {

  /** Shared: the codec is stateless. */
  public static final Lz4BlockCodec INSTANCE = new Lz4BlockCodec();

  private Lz4BlockCodec() {}

  @Override
  public BlockCompressor newCompressor() {
    return new Lz4PresetCompressor();
  }

  @Override
  public BlockDecompressor newDecompressor() {
    return new Decompressor();
  }

  @Override
  public void close() {}

  /**
   * Largest preset: LZ4 refers back at most 65,535 bytes, and the preset plus a block must stay
   * within that window for the whole preset to be usable.
   */
  public static final int MAX_PRESET_BYTES = 32 * 1024;

  static void checkPreset(int length) {
    if (length < 0 || length > MAX_PRESET_BYTES) {
      throw new IllegalArgumentException(
          "preset of " + length + " bytes, expected 0.." + MAX_PRESET_BYTES);
    }
  }

  private static final class Decompressor implements BlockDecompressor {
    @Override
    public boolean supportsPreset() {
      return true;
    }

    @Override
    public int decompress(
        byte[] src,
        int offset,
        int length,
        byte[] dest,
        int destOffset,
        int rawLength,
        int neededLength) {
      checkPreset(destOffset);
      // dest[0, destOffset) is the preset: LZ4 matches may reach back into it.
      return Lz4Decoder.decode(src, offset, length, dest, destOffset, rawLength, neededLength);
    }
  }
}
