package io.github.chunkstore.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.compress.LZ4;

/** LZ4 through Lucene's {@link LZ4}: pure Java, no native resources. */
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

  private static final class Compressor implements BlockCompressor {
    // The hash table is the expensive part of LZ4 compression: reuse it for every block.
    private final LZ4.FastCompressionHashTable hashTable = new LZ4.FastCompressionHashTable();
    private final ByteArrayDataOutput out = new ByteArrayDataOutput();

    @Override
    public int maxCompressedLength(int length) {
      // LZ4's worst case: incompressible input costs one extra byte per 255 plus a small constant.
      return length + length / 255 + 16;
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      out.reset(dest);
      try {
        LZ4.compress(src, offset, length, out, hashTable);
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
    public int decompress(
        byte[] src, int offset, int length, byte[] dest, int rawLength, int neededLength)
        throws IOException {
      in.reset(src, offset, length);
      int produced = LZ4.decompress(in, neededLength, dest, 0);
      if (neededLength < rawLength) {
        return produced; // stopped early on purpose: the rest of the input is left unread
      }
      // Trailing bytes mean the block boundaries are damaged even if the output length fits.
      return in.getPosition() == offset + length ? produced : -1;
    }
  }
}
