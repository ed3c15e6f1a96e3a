package io.github.chunkstore.compression;

import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.Closeable;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A zstd dictionary trained from one segment's documents. A reader holds one per open segment: the
 * bytes on the heap (merges may copy them into a new segment) and, once digested, zstd's
 * decompression form in native memory, shared by every clone of the segment's reader and freed by
 * {@link #close()}.
 */
public final class ZstdDictionary implements Closeable {

  /**
   * zstd's digested dictionary ({@code ZSTD_DDict}) copies the content and adds its entropy tables:
   * a Huffman table of 4,097 ints and three FSE tables, about 27 KiB.
   */
  private static final int DDICT_TABLE_BYTES = 27 * 1024;

  /** Digested dictionaries currently open in this JVM; lets tests prove closing frees them. */
  private static final AtomicInteger OPEN_DIGESTS = new AtomicInteger();

  private final byte[] bytes;
  private final int hash;
  private volatile ZstdDictDecompress digested; // read without a lock on every block decompressed
  private boolean closed;

  private ZstdDictionary(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /**
   * A dictionary over {@code bytes}, which it keeps (not copied).
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

  /** The dictionary's bytes, as stored in a segment. Callers must not modify them. */
  public byte[] bytes() {
    return bytes;
  }

  /** Number of bytes of the dictionary itself. */
  public int length() {
    return bytes.length;
  }

  /**
   * True if {@code other} holds exactly the same bytes, so blocks compressed with one decode with
   * the other.
   */
  public boolean sameContent(ZstdDictionary other) {
    return other != null
        && (other == this || (other.hash == hash && Arrays.equals(other.bytes, bytes)));
  }

  /** A compression form of this dictionary at {@code level}; the caller closes it. */
  ZstdDictCompress forCompression(int level) {
    return new ZstdDictCompress(bytes, level);
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
      digested = new ZstdDictDecompress(bytes);
      OPEN_DIGESTS.incrementAndGet();
    }
    return digested;
  }

  /** Heap bytes plus, once digested, zstd's native copy and its tables (an estimate). */
  public synchronized long memoryBytes() {
    long heap = bytes.length;
    return digested == null ? heap : heap + bytes.length + DDICT_TABLE_BYTES;
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
