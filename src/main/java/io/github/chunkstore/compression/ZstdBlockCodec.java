package io.github.chunkstore.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * zstd through zstd-jni. Creating a zstd context allocates native memory and is far costlier than
 * decompressing a small block, so contexts are pooled process-wide ({@link IdleSlots}, at most
 * {@link #IDLE_CONTEXTS} idle decompression contexts of each kind) and shared by every open
 * segment: with many small segments, a pool per segment would keep many contexts warm in turn, and
 * a random read would often find its segment's context cold (JSON reads 12% slower over 4
 * segments).
 *
 * <p>Each block is one magicless zstd frame holding one zstd block. zstd can also end a frame's
 * blocks early ("steps", {@code ZSTD_e_flush}) so that a read could stop after the step holding its
 * document, but streaming such frames takes a random read longer than decoding a whole smaller
 * block (benchmark worker, GeoNames fields: 41k random docs/s for 16 KiB blocks of 8 KiB steps, 59k
 * for whole 12 KiB blocks, for 0.7% more bytes), so blocks are whole and small blocks do that job
 * ({@code ModeSettings}).
 *
 * <p>With a {@link ZstdDictionary} (mode DICTIONARY), every block is compressed against the
 * segment's dictionary, and decompression contexts point at the segment's digested dictionary per
 * call.
 */
public final class ZstdBlockCodec implements BlockCodec {

  /** Idle decompression contexts kept per kind: enough for every core to read without waiting. */
  static final int IDLE_CONTEXTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private static final IdleSlots<ZstdDecompressCtx> IDLE_READ = new IdleSlots<>(IDLE_CONTEXTS);
  private static final IdleSlots<DictionaryReadContext> IDLE_DICTIONARY_READ =
      new IdleSlots<>(IDLE_CONTEXTS);

  private final int level;
  private final ZstdDictionary dictionary;
  private volatile boolean closed;

  /**
   * @param level zstd compression level
   * @throws IllegalStateException if zstd-jni cannot be loaded on this platform
   */
  public ZstdBlockCodec(int level) {
    this(level, null);
  }

  /**
   * @param level zstd compression level
   * @param dictionary the segment's dictionary, owned (and closed) by the caller; null for none
   * @throws IllegalStateException if zstd-jni cannot be loaded on this platform
   */
  public ZstdBlockCodec(int level, ZstdDictionary dictionary) {
    ZstdSupport.ensureAvailable("zstd compression");
    this.level = level;
    this.dictionary = dictionary;
  }

  @Override
  public BlockCompressor newCompressor() {
    return dictionary == null ? new Compressor(level) : new DictionaryCompressor(level, dictionary);
  }

  @Override
  public BlockDecompressor newDecompressor() {
    return dictionary == null
        ? new Decompressor(this)
        : new DictionaryDecompressor(this, dictionary);
  }

  /** zstd's ZSTD_lazy2 strategy, as zstd.h numbers it. */
  private static final int LAZY2 = 5;

  /** A compression context with Chunkstore's frame settings, not pooled; the caller closes it. */
  static ZstdCompressCtx newCompressCtx(int level) {
    ZstdCompressCtx ctx = new ZstdCompressCtx();
    ctx.setLevel(level);
    if (level == 9 || level == 10) {
      // These levels search with lazy2 for inputs over 16 KiB but with binary trees (btlazy2)
      // below. On BEST_COMPRESSION's 16 KiB blocks of GeoNames fields btlazy2 compressed ~1.6x
      // slower for 0.25% fewer bytes (isolated zstd-jni trial), so every block gets lazy2.
      ctx.setStrategy(LAZY2);
    }
    // Lengths and checksums live in Chunkstore's own framing: skip zstd's per-frame extras.
    ctx.setChecksum(false);
    ctx.setContentSize(false);
    ctx.setDictID(false);
    ctx.setMagicless(true);
    return ctx;
  }

  /** Decompression contexts idle in the process-wide pools, shared by all segments. */
  static int idleDecompressionContexts() {
    return IDLE_READ.size() + IDLE_DICTIONARY_READ.size();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this segment's reader is closed");
    }
  }

  /** Marks the codec closed: its decompressors refuse further reads. Contexts stay pooled. */
  @Override
  public void close() {
    closed = true;
  }

  /**
   * Idle compression contexts per level, shared by all writers: a writer per flush is common (many
   * small segments), and a context at a high level costs megabytes of tables to set up.
   */
  private static final ConcurrentHashMap<Integer, IdleSlots<ZstdCompressCtx>> IDLE_WRITE =
      new ConcurrentHashMap<>();

  private static final int IDLE_COMPRESSORS =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  private static final class Compressor implements BlockCompressor {
    private final IdleSlots<ZstdCompressCtx> idle;
    private ZstdCompressCtx context;

    Compressor(int level) {
      idle = IDLE_WRITE.computeIfAbsent(level, l -> new IdleSlots<>(IDLE_COMPRESSORS));
      context = idle.take(() -> newCompressCtx(level));
    }

    @Override
    public int maxCompressedLength(int length) {
      return Math.toIntExact(Zstd.compressBound(length));
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      return context.compressByteArray(dest, 0, dest.length, src, offset, length);
    }

    @Override
    public void close() {
      if (context == null) {
        return;
      }
      idle.giveBack(context, ZstdCompressCtx::close);
      context = null;
    }
  }

  private static final class Decompressor implements BlockDecompressor {
    private final ZstdBlockCodec codec;

    Decompressor(ZstdBlockCodec codec) {
      this.codec = codec;
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
      codec.ensureOpen();
      ZstdDecompressCtx context = IDLE_READ.take(() -> new ZstdDecompressCtx().setMagicless(true));
      try {
        return context.decompressByteArray(dest, destOffset, rawLength, src, offset, length);
      } finally {
        IDLE_READ.giveBack(context, ZstdDecompressCtx::close);
      }
    }
  }

  /** Compresses against a dictionary with a context of its own, closed with the compressor. */
  private static final class DictionaryCompressor implements BlockCompressor {
    private final ZstdDictCompress cdict;
    private final ZstdCompressCtx ctx;

    DictionaryCompressor(int level, ZstdDictionary dictionary) {
      cdict = dictionary.forCompression(level);
      ctx = newCompressCtx(level);
      ctx.loadDict(cdict);
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
      cdict.close();
    }
  }

  /** A pooled decompression context and the digested dictionary it currently points at. */
  private static final class DictionaryReadContext {
    final ZstdDecompressCtx ctx = new ZstdDecompressCtx().setMagicless(true);
    ZstdDictDecompress current;
  }

  private static final class DictionaryDecompressor implements BlockDecompressor {
    private final ZstdBlockCodec codec;
    private final ZstdDictionary dictionary;

    DictionaryDecompressor(ZstdBlockCodec codec, ZstdDictionary dictionary) {
      this.codec = codec;
      this.dictionary = dictionary;
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
      codec.ensureOpen();
      ZstdDictDecompress ddict = dictionary.forDecompression();
      DictionaryReadContext context = IDLE_DICTIONARY_READ.take(DictionaryReadContext::new);
      try {
        if (context.current != ddict) {
          context.ctx.loadDict(ddict);
          context.current = ddict;
        }
        return context.ctx.decompressByteArray(dest, destOffset, rawLength, src, offset, length);
      } finally {
        IDLE_DICTIONARY_READ.giveBack(context, c -> c.ctx.close());
      }
    }
  }
}
