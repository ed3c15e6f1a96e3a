package io.github.chunkstore.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.compress.LZ4;

/**
 * LZ4 through Lucene's {@link LZ4}: pure Java, no native resources. With a preset (raw bytes shared
 * by a chunk's blocks), each block is compressed as if the preset came right before it, so a block
 * of a few KiB still finds its matches and a random read decompresses only that block.
 */
public final class Lz4BlockCodec implements BlockCodec {

  /** Shared: the codec is stateless. */
  public static final Lz4BlockCodec INSTANCE = new Lz4BlockCodec();

  private Lz4BlockCodec() {}

  @Override
  public BlockCompressor newCompressor() {
    return new Compressor();
  }

  @Override
  public BlockDecompressor newDecompressor() {
    return new Decompressor();
  }

  @Override
  public void close() {}

  /**
   * Largest preset: LZ4 refers back at most {@link LZ4#MAX_DISTANCE} bytes, and the preset plus a
   * block must stay within that window for the whole preset to be usable.
   */
  public static final int MAX_PRESET_BYTES = 32 * 1024;

  private static void checkPreset(int length) {
    if (length < 0 || length > MAX_PRESET_BYTES) {
      throw new IllegalArgumentException(
          "preset of " + length + " bytes, expected 0.." + MAX_PRESET_BYTES);
    }
  }

  private static final class Compressor implements BlockCompressor {
    // The hash table is the expensive part of LZ4 compression: reuse it for every block.
    private final LZ4.FastCompressionHashTable hashTable = new LZ4.FastCompressionHashTable();
    private final ByteArrayDataOutput out = new ByteArrayDataOutput();
    // [preset | block]: LZ4 takes a dictionary only as the bytes right before the input.
    private byte[] window = new byte[0];
    private int presetLength;

    @Override
    public boolean supportsPreset() {
      return true;
    }

    @Override
    public void setPreset(byte[] preset, int offset, int length) {
      checkPreset(length);
      window = ArrayUtil.grow(window, length);
      System.arraycopy(preset, offset, window, 0, length);
      presetLength = length;
    }

    @Override
    public int maxCompressedLength(int length) {
      // LZ4's worst case: incompressible input costs one extra byte per 255 plus a small constant.
      return length + length / 255 + 16;
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      out.reset(dest);
      try {
        if (presetLength == 0) {
          LZ4.compress(src, offset, length, out, hashTable);
        } else {
          window = ArrayUtil.grow(window, presetLength + length);
          System.arraycopy(src, offset, window, presetLength, length);
          LZ4.compressWithDictionary(window, 0, presetLength, length, out, hashTable);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot happen: writing to a byte array", e);
      }
      return out.getPosition();
    }

    @Override
    public void close() {}
  }

  private static final class Decompressor implements BlockDecompressor {
    private final ByteArrayDataInput in = new ByteArrayDataInput();

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
        int neededLength)
        throws IOException {
      checkPreset(destOffset);
      in.reset(src, offset, length);
      // dest[0, destOffset) is the preset: LZ4 matches may reach back into it.
      int produced = LZ4.decompress(in, neededLength, dest, destOffset) - destOffset;
      if (produced > rawLength) {
        return -1;
      }
      if (neededLength < rawLength) {
        return produced; // stopped early on purpose: the rest of the input is left unread
      }
      // Trailing bytes mean the block boundaries are damaged even if the output length fits.
      return in.getPosition() == offset + length ? produced : -1;
    }
  }
}
