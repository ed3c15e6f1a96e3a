package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.store.IndexInput;

/**
 * The first bytes of a chunk, copied from the data file in one read, seen as an {@link IndexInput}
 * whose file pointers are the data file's. A chunk header is parsed from this copy rather than from
 * the file itself: a memory-mapped input checks its mapping on every byte it reads, and parsing the
 * shape tables of MDN's and WordNet's fields (up to 32 shapes of up to 57 keys a chunk) that way
 * took 18% of a BEST_SPEED random read in a profile of the benchmark worker.
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
