package io.github.chunkstore.compression;

import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.Closeable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.util.StringHelper;

/**
 * A zstd dictionary trained from a segment's documents. Open segments hold one instance per
 * distinct dictionary, shared by every clone of their readers and by every segment that stores the
 * same bytes, and freed by {@link #close()}: the bytes once, off the heap, and from the first read
 * zstd's digested form. Where zstd-jni can digest a direct buffer by reference (1.5.7 and later),
 * the digested form points at those bytes and adds only its entropy tables; older zstd-jni
 * (OpenSearch 3.8 bundles 1.5.6) digests a copy.
 */
public final class ZstdDictionary implements Closeable {

  /**
   * zstd's digested dictionary ({@code ZSTD_DDict}) adds its entropy tables to the content: a
   * Huffman table of 4,097 ints and three FSE tables, about 27 KiB.
   */
  private static final int DDICT_TABLE_BYTES = 27 * 1024;

  /** Seed of {@link #id()}'s hash: fixed, since ids are stored in chunk headers. */
  private static final int ID_SEED = 0x43534431; // "CSD1"

  /** {@code ZstdDictDecompress(ByteBuffer, boolean byReference)}, or null if zstd-jni lacks it. */
  private static final MethodHandle BY_REFERENCE = byReferenceConstructor();

  /** Digested dictionaries currently open in this JVM; lets tests prove closing frees them. */
  private static final AtomicInteger OPEN_DIGESTS = new AtomicInteger();

  private final ByteBuffer backing; // direct; only zstd reads it, when digesting by reference
  private final ByteBuffer content; // read-only view of `backing`
  private final int hash;
  private final int id;
  private volatile ZstdDictDecompress digested; // read without a lock on every block decompressed
  private boolean closed;

  private ZstdDictionary(byte[] bytes) {
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    this.backing = direct;
    this.content = direct.asReadOnlyBuffer();
    this.hash = Arrays.hashCode(bytes);
    this.id = idOf(bytes);
  }

  private static MethodHandle byReferenceConstructor() {
    try {
      return MethodHandles.publicLookup()
          .findConstructor(
              ZstdDictDecompress.class,
              MethodType.methodType(void.class, ByteBuffer.class, boolean.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** The {@link #id()} a dictionary of {@code bytes} has. */
  public static int idOf(byte[] bytes) {
    int h = StringHelper.murmurhash3_x86_32(bytes, 0, bytes.length, ID_SEED);
    return h == 0 ? 1 : h;
  }

  /**
   * The number a chunk header records for this dictionary: a hash of its bytes, never 0 (which
   * stands for "no dictionary"). Derived from the content rather than a position in a list, so a
   * chunk copied byte for byte into another segment still names its dictionary there. Different
   * dictionaries may share an id: a segment's writer never puts two such in one segment.
   */
  public int id() {
    return id;
  }

  /**
   * A dictionary over a copy of {@code bytes}.
   *
   * @throws IllegalStateException if zstd-jni cannot be loaded
   */
  public static ZstdDictionary of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a dictionary needs at least one byte");
    }
    ZstdSupport.ensureAvailable("a zstd dictionary");
    return new ZstdDictionary(bytes);
  }

  /** A copy of the dictionary's bytes, as stored in a segment. */
  public byte[] bytes() {
    byte[] copy = new byte[content.capacity()];
    content.duplicate().get(copy);
    return copy;
  }

  /** Number of bytes of the dictionary itself. */
  public int length() {
    return content.capacity();
  }

  /**
   * True if {@code other} holds exactly the same bytes, so blocks compressed with one decode with
   * the other.
   */
  public boolean sameContent(ZstdDictionary other) {
    return other != null
        && (other == this || (other.hash == hash && other.content.equals(content)));
  }

  /** True if this dictionary's bytes are exactly {@code bytes}. */
  public boolean hasContent(byte[] bytes) {
    return content.equals(ByteBuffer.wrap(bytes));
  }

  /** A compression form of this dictionary at {@code level}; the caller closes it. */
  ZstdDictCompress forCompression(int level) {
    return new ZstdDictCompress(bytes(), level);
  }

  /** The digested decompression form, created on first use and kept until {@link #close()}. */
  ZstdDictDecompress forDecompression() {
    ZstdDictDecompress d = digested;
    return d != null ? d : digest();
  }

  private synchronized ZstdDictDecompress digest() {
    if (closed) {
      throw new IllegalStateException("this segment's reader is closed");
    }
    if (digested == null) {
      digested = newDigest();
      OPEN_DIGESTS.incrementAndGet();
    }
    return digested;
  }

  private ZstdDictDecompress newDigest() {
    if (BY_REFERENCE != null) {
      try {
        // zstd-jni refuses read-only buffers; zstd only reads this one.
        return (ZstdDictDecompress) BY_REFERENCE.invoke(backing.duplicate(), true);
      } catch (Throwable t) {
        if (t instanceof Error e) {
          throw e;
        }
        // fall through: digest a copy
      }
    }
    return new ZstdDictDecompress(bytes());
  }

  /**
   * Memory a dictionary of {@code length} bytes holds once digested: its bytes, zstd's tables, and
   * a second copy of the bytes where zstd-jni cannot digest by reference (an estimate).
   */
  public static long memoryOnceDigested(int length) {
    return (long) length + DDICT_TABLE_BYTES + (BY_REFERENCE == null ? length : 0);
  }

  /** Memory held now: the bytes, plus zstd's digested form once a read made it (an estimate). */
  public synchronized long memoryBytes() {
    return digested == null ? length() : memoryOnceDigested(length());
  }

  /** Digested dictionaries open in this JVM (for tests that check nothing leaks). */
  public static int openDigests() {
    return OPEN_DIGESTS.get();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (digested != null) {
      digested.close();
      digested = null;
      OPEN_DIGESTS.decrementAndGet();
    }
  }
}
