package io.github.chunkstore.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * zstd through zstd-jni. Creating a zstd context allocates native memory and is far costlier than
 * decompressing a small block, so decompression contexts are pooled per codec (that is, per open
 * segment) and shared by all of its reader clones; {@link #close()} frees them.
 */
public final class ZstdBlockCodec implements BlockCodec {

  /** Rough native size of one decompression context (zstd's DCtx is ~95-160 KiB). */
  private static final long DCTX_BYTES = 160 * 1024;

  private final int level;
  private final ConcurrentLinkedDeque<ZstdDecompressCtx> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /**
   * @param level zstd compression level
   * @throws IllegalStateException if zstd-jni cannot be loaded on this platform
   */
  public ZstdBlockCodec(int level) {
    ZstdSupport.ensureAvailable("zstd compression");
    this.level = level;
  }

  @Override
  public BlockCompressor newCompressor() {
    return new Compressor(level);
  }

  @Override
  public BlockDecompressor newDecompressor() {
    return new Decompressor(this);
  }

  @Override
  public long nativeBytesUsed() {
    return idle.size() * DCTX_BYTES;
  }

  private ZstdDecompressCtx borrow() {
    if (closed) {
      throw new IllegalStateException("this segment's reader is closed");
    }
    ZstdDecompressCtx ctx = idle.pollFirst();
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
      ctx.setMagicless(true);
    }
    return ctx;
  }

  private void giveBack(ZstdDecompressCtx ctx) {
    idle.addFirst(ctx);
    if (closed) {
      drain(); // a clone finished a read while the segment was being closed
    }
  }

  private void drain() {
    ZstdDecompressCtx ctx;
    while ((ctx = idle.pollFirst()) != null) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  private static final class Compressor implements BlockCompressor {
    private final ZstdCompressCtx ctx;

    Compressor(int level) {
      ctx = new ZstdCompressCtx();
      ctx.setLevel(level);
      // Lengths and checksums live in Chunkstore's own framing: skip zstd's per-frame extras.
      ctx.setChecksum(false);
      ctx.setContentSize(false);
      ctx.setMagicless(true);
    }

    @Override
    public int maxCompressedLength(int length) {
      return Math.toIntExact(Zstd.compressBound(length));
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      return ctx.compressByteArray(dest, 0, dest.length, src, offset, length);
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  private static final class Decompressor implements BlockDecompressor {
    private final ZstdBlockCodec codec;

    Decompressor(ZstdBlockCodec codec) {
      this.codec = codec;
    }

    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dest, int rawLength) {
      ZstdDecompressCtx ctx = codec.borrow();
      try {
        return ctx.decompressByteArray(dest, 0, rawLength, src, offset, length);
      } finally {
        codec.giveBack(ctx);
      }
    }
  }
}
