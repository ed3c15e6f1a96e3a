package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BitUtil;

/**
 * The first bytes of a chunk, copied from the data file in one read, seen as an {@link IndexInput}
 * whose file pointers are the data file's. A chunk header is parsed from this copy rather than from
 * the file itself: a memory-mapped input checks its mapping on every byte it reads, and parsing the
 * headers of MDN's and WordNet's fields that way, byte by byte, took 18% of a BEST_SPEED random
 * read in a profile of the benchmark worker.
 *
 * <p>A read beyond the copied bytes throws {@link #MORE}: the caller copies a longer prefix and
 * parses again. Seeking beyond them is allowed, as skipping packed values does.
 */
final class ChunkPrefixInput extends IndexInput {

  /** Thrown when a read needs more of the chunk than was copied; carries no stack trace. */
  static final class NeedsMoreBytes extends IOException {
    private NeedsMoreBytes() {
      super("the chunk's copied prefix is too short", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, thrown often enough to skip the stack walk
    }
  }

  static final NeedsMoreBytes MORE = new NeedsMoreBytes();

  private byte[] bytes = new byte[0];
  private int limit;
  private long base;
  private long pos; // relative to base; may be past limit after a seek
  private long fileLength;

  ChunkPrefixInput() {
    super("chunk prefix");
  }

  /**
   * Reads from {@code bytes[0, limit)}, the file's bytes from offset {@code base}, in a file of
   * {@code fileLength} bytes; positioned at {@code base}.
   */
  void reset(byte[] bytes, int limit, long base, long fileLength) {
    this.bytes = bytes;
    this.limit = limit;
    this.base = base;
    this.fileLength = fileLength;
    this.pos = 0;
  }

  @Override
  public byte readByte() throws IOException {
    if (pos >= limit) {
      throw MORE;
    }
    return bytes[(int) pos++];
  }

  /**
   * The same variable-length int as {@link DataInput#readVInt}, decoded from the array: the
   * inherited one reads byte by byte through a call that the JIT cannot inline, because every kind
   * of input shares it, and chunk headers are mostly VInts (9% of a BEST_SPEED random read on MDN's
   * JSON in a profile of the benchmark worker; VLongs, the keys of a chunk's shapes, 9% on MDN's
   * fields).
   */
  @Override
  public int readVInt() throws IOException {
    if (pos > limit - 5) {
      return super.readVInt(); // near the end of the copy: byte by byte, asking for more
    }
    int p = (int) pos;
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = bytes[p++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        if (shift == 28 && (b & 0x70) != 0) {
          break; // more than 32 bits
        }
        pos = p;
        return value;
      }
    }
    throw new IOException("invalid vInt (more than 32 bits) at file offset " + (base + pos));
  }

  /** The same little-endian int as {@link DataInput#readInt}, read from the array at once. */
  @Override
  public int readInt() throws IOException {
    if (pos > limit - Integer.BYTES) {
      return super.readInt();
    }
    int value = (int) BitUtil.VH_LE_INT.get(bytes, (int) pos);
    pos += Integer.BYTES;
    return value;
  }

  /** The same as {@link DataInput#readVLong}, decoded from the array like {@link #readVInt}. */
  @Override
  public long readVLong() throws IOException {
    if (pos > limit - 9) {
      return super.readVLong();
    }
    int p = (int) pos;
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte b = bytes[p++];
      value |= (b & 0x7FL) << shift;
      if (b >= 0) {
        pos = p;
        return value;
      }
    }
    throw new IOException("invalid vLong (more than 63 bits) at file offset " + (base + pos));
  }

  @Override
  public void readBytes(byte[] b, int offset, int len) throws IOException {
    if (pos + len > limit) {
      throw MORE;
    }
    System.arraycopy(bytes, (int) pos, b, offset, len);
    pos += len;
  }

  @Override
  public long getFilePointer() {
    return base + pos;
  }

  @Override
  public void seek(long fp) {
    if (fp < base) {
      throw new IllegalArgumentException("seek to " + fp + " before the chunk at " + base);
    }
    pos = fp - base;
  }

  @Override
  public long length() {
    return fileLength;
  }

  @Override
  public IndexInput slice(String sliceDescription, long offset, long length) {
    throw new UnsupportedOperationException("a chunk prefix is not sliced");
  }

  @Override
  public void close() {}
}
