package io.github.chunkstore.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * zstd through zstd-jni. Creating a zstd context allocates native memory and is far costlier than
 * decompressing a small block, so decompression contexts are pooled per codec (that is, per open
 * segment) and shared by all of its reader clones; {@link #close()} frees them.
 */
public final class ZstdBlockCodec implements BlockCodec {

  /** Rough native size of one decompression context (zstd's DCtx is ~95-160 KiB). */
  private static final long DCTX_BYTES = 160 * 1024;

  private final int level;
  /**
   * Idle contexts in fixed slots claimed with compare-and-set: borrowing and returning allocate
   * nothing. More concurrent readers than slots simply create (and on return close) extra contexts.
   */
  private final AtomicReferenceArray<ZstdDecompressCtx> idle =
      new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
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
    long count = 0;
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) != null) {
        count++;
      }
    }
    return count * DCTX_BYTES;
  }

  private ZstdDecompressCtx borrow() {
    if (closed) {
      throw new IllegalStateException("this segment's reader is closed");
    }
    ZstdDecompressCtx ctx = null;
    for (int i = 0; i < idle.length() && ctx == null; i++) {
      ZstdDecompressCtx candidate = idle.get(i);
      if (candidate != null && idle.compareAndSet(i, candidate, null)) {
        ctx = candidate;
      }
    }
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
      ctx.setMagicless(true);
    }
    return ctx;
  }

  private void giveBack(ZstdDecompressCtx ctx) {
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, ctx)) {
        if (closed) {
          drain(); // a clone finished a read while the segment was being closed
        }
        return;
      }
    }
    ctx.close(); // every slot taken: more readers than slots at this moment
  }

  private void drain() {
    for (int i = 0; i < idle.length(); i++) {
      ZstdDecompressCtx ctx = idle.getAndSet(i, null);
      if (ctx != null) {
        ctx.close();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  /**
   * Idle compression contexts per level, shared by all writers: a writer per flush is common (many
   * small segments), and a context at a high level costs megabytes of tables to set up. At most
   * {@link #IDLE_COMPRESSORS} stay idle per level; the rest are closed when their writer closes.
   */
  private static final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<ZstdCompressCtx>> IDLE_CCTX =
      new ConcurrentHashMap<>();

  private static final int IDLE_COMPRESSORS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private static final class Compressor implements BlockCompressor {
    private final int level;
    private ZstdCompressCtx ctx;

    Compressor(int level) {
      this.level = level;
      ZstdCompressCtx pooled = idleCompressors(level).poll();
      if (pooled != null) {
        ctx = pooled;
        return;
      }
      ctx = new ZstdCompressCtx();
      ctx.setLevel(level);
      // Lengths and checksums live in Chunkstore's own framing: skip zstd's per-frame extras.
      ctx.setChecksum(false);
      ctx.setContentSize(false);
      ctx.setMagicless(true);
    }

    private static ConcurrentLinkedQueue<ZstdCompressCtx> idleCompressors(int level) {
      return IDLE_CCTX.computeIfAbsent(level, l -> new ConcurrentLinkedQueue<>());
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
      if (ctx == null) {
        return;
      }
      ConcurrentLinkedQueue<ZstdCompressCtx> idle = idleCompressors(level);
      // The size check races, which at worst keeps a context or two more: harmless.
      if (idle.size() < IDLE_COMPRESSORS) {
        idle.offer(ctx);
      } else {
        ctx.close();
      }
      ctx = null;
    }
  }

  private static final class Decompressor implements BlockDecompressor {
    private final ZstdBlockCodec codec;

    Decompressor(ZstdBlockCodec codec) {
      this.codec = codec;
    }

    @Override
    public int decompress(
        byte[] src, int offset, int length, byte[] dest, int rawLength, int neededLength) {
      // zstd cannot stop inside a frame: always the whole block.
      ZstdDecompressCtx ctx = codec.borrow();
      try {
        return ctx.decompressByteArray(dest, 0, rawLength, src, offset, length);
      } finally {
        codec.giveBack(ctx);
      }
    }
  }
}
