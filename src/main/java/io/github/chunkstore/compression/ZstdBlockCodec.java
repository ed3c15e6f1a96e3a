package io.github.chunkstore.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * zstd through zstd-jni. Creating a zstd context allocates native memory and is far costlier than
 * decompressing a small block, so decompression contexts are pooled per codec (that is, per open
 * segment) and shared by all of its reader clones; {@link #close()} frees them.
 *
 * <p>With a {@link ZstdDictionary} (mode DICTIONARY), every block is compressed against the
 * segment's dictionary. Decompression contexts then come from one pool shared by all segments and
 * point at the segment's digested dictionary per call, so an open segment costs its dictionary and
 * not a context of its own.
 */
public final class ZstdBlockCodec implements BlockCodec {

  /** Rough native size of one decompression context (zstd's DCtx is ~95-160 KiB). */
  private static final long DCTX_BYTES = 160 * 1024;

  private final int level;
  private final ZstdDictionary dictionary;
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
    return dictionary == null ? new Decompressor(this) : new DictionaryDecompressor(this, dictionary);
  }

  /** A compression context with Chunkstore's frame settings, not pooled; the caller closes it. */
  static ZstdCompressCtx newCompressCtx(int level) {
    ZstdCompressCtx ctx = new ZstdCompressCtx();
    ctx.setLevel(level);
    // Lengths and checksums live in Chunkstore's own framing: skip zstd's per-frame extras.
    ctx.setChecksum(false);
    ctx.setContentSize(false);
    ctx.setDictID(false);
    ctx.setMagicless(true);
    return ctx;
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

  /** Compresses each block as one magicless frame with {@link #ctx}; subclasses own the context. */
  private abstract static class ContextCompressor implements BlockCompressor {
    ZstdCompressCtx ctx;

    @Override
    public int maxCompressedLength(int length) {
      return Math.toIntExact(Zstd.compressBound(length));
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      return ctx.compressByteArray(dest, 0, dest.length, src, offset, length);
    }
  }

  private static final class Compressor extends ContextCompressor {
    private final int level;

    Compressor(int level) {
      this.level = level;
      ZstdCompressCtx pooled = idleCompressors(level).poll();
      if (pooled != null) {
        ctx = pooled;
        return;
      }
      ctx = newCompressCtx(level);
    }

    private static ConcurrentLinkedQueue<ZstdCompressCtx> idleCompressors(int level) {
      return IDLE_CCTX.computeIfAbsent(level, l -> new ConcurrentLinkedQueue<>());
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
        byte[] src, int offset, int length, byte[] dest, int destOffset, int rawLength, int neededLength) {
      // zstd cannot stop inside a frame: always the whole block.
      ZstdDecompressCtx ctx = codec.borrow();
      try {
        return ctx.decompressByteArray(dest, destOffset, rawLength, src, offset, length);
      } finally {
        codec.giveBack(ctx);
      }
    }
  }

  /** Compresses against a dictionary with a context of its own, closed with the compressor. */
  private static final class DictionaryCompressor extends ContextCompressor {
    private final ZstdDictCompress cdict;

    DictionaryCompressor(int level, ZstdDictionary dictionary) {
      cdict = dictionary.forCompression(level);
      ctx = newCompressCtx(level);
      ctx.loadDict(cdict);
    }

    @Override
    public void close() {
      ctx.close();
      cdict.close();
    }
  }

  /** A pooled decompression context and the digested dictionary it currently points at. */
  private static final class DictionaryContext {
    final ZstdDecompressCtx ctx = new ZstdDecompressCtx().setMagicless(true);
    ZstdDictDecompress current;
  }

  /**
   * Idle decompression contexts for dictionary segments, shared by all of them: pointing a context
   * at another digested dictionary is cheap, a context per segment would cost ~100 KiB each.
   */
  private static final ConcurrentLinkedQueue<DictionaryContext> IDLE_DICTIONARY_DCTX =
      new ConcurrentLinkedQueue<>();

  private static final int IDLE_DICTIONARY_CONTEXTS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private static final class DictionaryDecompressor implements BlockDecompressor {
    private final ZstdBlockCodec codec;
    private final ZstdDictionary dictionary;

    DictionaryDecompressor(ZstdBlockCodec codec, ZstdDictionary dictionary) {
      this.codec = codec;
      this.dictionary = dictionary;
    }

    @Override
    public int decompress(
        byte[] src, int offset, int length, byte[] dest, int destOffset, int rawLength, int neededLength) {
      if (codec.closed) {
        throw new IllegalStateException("this segment's reader is closed");
      }
      ZstdDictDecompress ddict = dictionary.forDecompression();
      DictionaryContext context = IDLE_DICTIONARY_DCTX.poll();
      if (context == null) {
        context = new DictionaryContext();
      }
      try {
        if (context.current != ddict) {
          context.ctx.loadDict(ddict);
          context.current = ddict;
        }
        return context.ctx.decompressByteArray(dest, destOffset, rawLength, src, offset, length);
      } finally {
        // The size check races, which at worst keeps a context or two more: harmless.
        if (IDLE_DICTIONARY_DCTX.size() < IDLE_DICTIONARY_CONTEXTS) {
          IDLE_DICTIONARY_DCTX.offer(context);
        } else {
          context.ctx.close();
        }
      }
    }
  }
}
