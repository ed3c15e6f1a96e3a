package io.github.chunkstore.compression;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.util.ArrayUtil;

/**
 * zstd through zstd-jni. Creating a zstd context allocates native memory and is far costlier than
 * decompressing a small block, so contexts are pooled process-wide ({@link IdleSlots}, at most
 * {@link #IDLE_CONTEXTS} idle decompression contexts of each kind) and shared by every open
 * segment: with many small segments, a pool per segment kept many contexts warm in turn, and a
 * random read often found its segment's context cold (JSON reads 12% slower over 4 segments).
 *
 * <p><b>Steps.</b> Each block is one magicless zstd frame. zstd's decoding time follows the
 * compressed bytes it reads, so a block that compresses worse than {@link #STEPPED_RATIO}:1 (for
 * example GeoNames' 19 fields: 32 KiB to 12 KiB, ~55 µs to decode here) is written as zstd blocks
 * ("steps") of {@link #STEP_BYTES} raw bytes each, and a read that needs only a prefix of the block
 * decodes only the steps covering it. On GeoNames fields this cut the decoding per random document
 * by ~28% for 2.2% more bytes; JSON, which compresses 5.5:1, would pay 5% more bytes for 8%, so
 * such blocks stay whole. The writer decides from the ratio of its last block of 12 KiB or more,
 * which costs nothing; the reader learns it from the frame's first block header (RFC 8878), so
 * either kind reads back.
 *
 * <p>With a {@link ZstdDictionary} (mode DICTIONARY), every block is compressed against the
 * segment's dictionary, and decompression contexts point at the segment's digested dictionary per
 * call.
 */
public final class ZstdBlockCodec implements BlockCodec {

  /** Raw bytes per zstd block inside a stepped frame. */
  static final int STEP_BYTES = 8 * 1024;

  /** Blocks following one that compressed to more than 1/STEPPED_RATIO of its size are stepped. */
  static final int STEPPED_RATIO = 4;

  /**
   * Only blocks of at least this size decide stepping. BEST_COMPRESSION's blocks of poorly
   * compressing data are 16 KiB at most, and cut at documents, so a bound of 16 KiB would never
   * be reached again.
   */
  static final int MIN_TELLING_BYTES = 12 * 1024;

  /** Frame header field sizes by their 2-bit flag (RFC 8878; content size for multi-segment frames). */
  private static final int[] DICTIONARY_ID_BYTES = {0, 1, 2, 4};
  private static final int[] CONTENT_SIZE_BYTES = {0, 2, 4, 8};

  /** Largest window a stepped frame may declare before the reader streams it (ours: the block). */
  private static final long MAX_STREAMED_WINDOW = 1 << 20;

  /** Idle decompression contexts kept per kind: enough for every core to read without waiting. */
  static final int IDLE_CONTEXTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private static final IdleSlots<ReadContext> IDLE_READ = new IdleSlots<>(IDLE_CONTEXTS);
  private static final IdleSlots<DictionaryReadContext> IDLE_DICTIONARY_READ = new IdleSlots<>(IDLE_CONTEXTS);

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
    return dictionary == null ? new Decompressor(this) : new DictionaryDecompressor(this, dictionary);
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
   * True if the magicless frame in {@code src[offset, offset + length)} holds more than one zstd
   * block and a small window, so that streaming it can stop after the steps a read needs. Reads the
   * frame header and first block header as RFC 8878 section 3.1.1 lays them out; anything unusual
   * answers false and the frame is decoded whole, which reports any damage.
   */
  static boolean isStepped(byte[] src, int offset, int length) {
    int end = offset + length;
    if (length < 2) {
      return false;
    }
    int descriptor = src[offset] & 0xFF;
    if ((descriptor & 0x20) != 0) {
      return false; // single segment: written only with a content size, which Chunkstore omits
    }
    int window = src[offset + 1] & 0xFF;
    long windowBase = 1L << (10 + (window >>> 3));
    if (windowBase + (windowBase >>> 3) * (window & 7) > MAX_STREAMED_WINDOW) {
      return false;
    }
    int block = offset + 2 + DICTIONARY_ID_BYTES[descriptor & 3] + CONTENT_SIZE_BYTES[descriptor >>> 6];
    return block < end && (src[block] & 1) == 0; // Last_Block bit of the first block unset
  }

  /** {@code buffer}, or a larger direct one if it holds fewer than {@code capacity} bytes. */
  private static ByteBuffer atLeast(ByteBuffer buffer, int capacity) {
    return buffer.capacity() >= capacity ? buffer : ByteBuffer.allocateDirect(ArrayUtil.oversize(capacity, 1));
  }

  /** A pooled compression context with the direct buffers zstd-jni's streaming calls need. */
  private static final class WriteContext {
    final ZstdCompressCtx ctx;
    private ByteBuffer in = ByteBuffer.allocateDirect(0);
    private ByteBuffer out = ByteBuffer.allocateDirect(0);
    boolean broken; // a streamed frame failed half-way: the context must not be reused

    WriteContext(int level) {
      ctx = newCompressCtx(level);
    }

    /** Compresses {@code src[offset, offset + length)} as one frame of {@link #STEP_BYTES} steps. */
    int compressInSteps(byte[] src, int offset, int length, byte[] dest) {
      in = atLeast(in, length);
      out = atLeast(out, dest.length);
      in.clear();
      in.put(src, offset, length).flip();
      out.clear().limit(dest.length);
      try {
        ctx.setPledgedSrcSize(length); // sizes zstd's tables to the block, as the one-shot call does
        for (int stepEnd = Math.min(length, STEP_BYTES); ; stepEnd = Math.min(length, stepEnd + STEP_BYTES)) {
          in.limit(stepEnd);
          EndDirective directive = stepEnd == length ? EndDirective.END : EndDirective.FLUSH;
          while (!ctx.compressDirectByteBufferStream(out, in, directive)) {
            if (!out.hasRemaining()) {
              throw new IllegalStateException("zstd needs more than " + dest.length + " bytes for " + length);
            }
          }
          if (stepEnd == length) {
            break;
          }
        }
      } catch (RuntimeException e) {
        broken = true;
        throw e;
      }
      int compressed = out.position();
      out.flip().get(dest, 0, compressed);
      return compressed;
    }
  }

  /**
   * Idle compression contexts per level, shared by all writers: a writer per flush is common (many
   * small segments), and a context at a high level costs megabytes of tables to set up.
   */
  private static final ConcurrentHashMap<Integer, IdleSlots<WriteContext>> IDLE_WRITE = new ConcurrentHashMap<>();

  private static final int IDLE_COMPRESSORS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private static final class Compressor implements BlockCompressor {
    private final IdleSlots<WriteContext> idle;
    private WriteContext context;
    private boolean stepped; // the last block of MIN_TELLING_BYTES or more compressed worse than STEPPED_RATIO:1

    Compressor(int level) {
      idle = IDLE_WRITE.computeIfAbsent(level, l -> new IdleSlots<>(IDLE_COMPRESSORS));
      context = idle.take(() -> new WriteContext(level));
    }

    @Override
    public int maxCompressedLength(int length) {
      // A stepped frame spends a 3-byte block header per step beyond what one block would.
      return Math.toIntExact(Zstd.compressBound(length) + 4L * (length / STEP_BYTES + 1));
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dest) {
      int compressed =
          stepped && length > STEP_BYTES
              ? context.compressInSteps(src, offset, length, dest)
              : context.ctx.compressByteArray(dest, 0, dest.length, src, offset, length);
      if (length >= MIN_TELLING_BYTES) { // small blocks compress worse whatever they hold: not a sign
        stepped = (long) compressed * STEPPED_RATIO > length;
      }
      return compressed;
    }

    @Override
    public void close() {
      if (context == null) {
        return;
      }
      if (context.broken) {
        context.ctx.close();
      } else {
        idle.giveBack(context, c -> c.ctx.close());
      }
      context = null;
    }
  }

  /** A pooled decompression context with the direct buffers zstd-jni's streaming call needs. */
  private static final class ReadContext {
    final ZstdDecompressCtx ctx = new ZstdDecompressCtx().setMagicless(true);
    private ByteBuffer in = ByteBuffer.allocateDirect(0);
    private ByteBuffer out = ByteBuffer.allocateDirect(0);

    /**
     * Decodes steps of the frame in {@code src[offset, offset + length)} until {@code needed}
     * bytes are out, copies those to {@code dest[destOffset, ...)} and returns how many it got:
     * fewer than needed only if the frame is damaged or short.
     */
    int decompressPrefix(byte[] src, int offset, int length, byte[] dest, int destOffset, int needed) {
      in = atLeast(in, length);
      out = atLeast(out, needed);
      in.clear();
      in.put(src, offset, length).flip();
      out.clear().limit(needed);
      // The previous prefix may have left a frame half-read; reset also clears the parameters.
      ctx.reset();
      ctx.setMagicless(true);
      while (out.hasRemaining()) {
        int outBefore = out.position();
        int inBefore = in.position();
        ctx.decompressDirectByteBufferStream(out, in);
        if (out.position() == outBefore && in.position() == inBefore) {
          break; // no progress: the frame ended or was cut short
        }
      }
      int produced = out.position();
      out.flip().get(dest, destOffset, produced);
      return produced;
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
      codec.ensureOpen();
      ReadContext context = IDLE_READ.take(ReadContext::new);
      try {
        if (neededLength < rawLength && isStepped(src, offset, length)) {
          // Whole steps: the documents after this one in its step come for free (sequential reads).
          int prefix = Math.min(rawLength, (neededLength + STEP_BYTES - 1) / STEP_BYTES * STEP_BYTES);
          return context.decompressPrefix(src, offset, length, dest, destOffset, prefix);
        }
        return context.ctx.decompressByteArray(dest, destOffset, rawLength, src, offset, length);
      } finally {
        IDLE_READ.giveBack(context, c -> c.ctx.close());
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
        byte[] src, int offset, int length, byte[] dest, int destOffset, int rawLength, int neededLength) {
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
