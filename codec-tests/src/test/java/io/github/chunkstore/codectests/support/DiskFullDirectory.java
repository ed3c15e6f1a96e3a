package io.github.chunkstore.codectests.support;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.FilterIndexOutput;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A directory whose disk can fill up: after {@link #fillUpAfter} more bytes have been written to
 * the files it applies to, every write to them throws {@code IOException("No space left on
 * device")}, as writing to a full disk does, until {@link #freeSpace()}. Reading is unaffected.
 */
public final class DiskFullDirectory extends FilterDirectory {

  public static final String MESSAGE = "No space left on device";

  private final AtomicLong written = new AtomicLong();
  private volatile long capacity = Long.MAX_VALUE;
  private volatile Predicate<String> applies = name -> false;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  public DiskFullDirectory(Directory in) {
    super(in);
  }

  /**
   * From now on, files accepted by {@code applies} may take {@code bytes} more bytes in all ({@link
   * Long#MAX_VALUE}: never full, just count them).
   */
  public void fillUpAfter(long bytes, Predicate<String> applies) {
    written.set(0);
    refused.clear();
    this.capacity = bytes;
    this.applies = applies;
  }

  /** Makes every write succeed again. */
  public void freeSpace() {
    capacity = Long.MAX_VALUE;
  }

  /** Bytes written to the files the limit applies to since {@link #fillUpAfter}. */
  public long bytesWritten() {
    return written.get();
  }

  /** The files whose writes were refused since {@link #fillUpAfter}. */
  public Set<String> refusedFiles() {
    return Set.copyOf(refused);
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    return new LimitedOutput(name, in.createOutput(name, context));
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context)
      throws IOException {
    IndexOutput out = in.createTempOutput(prefix, suffix, context);
    return new LimitedOutput(out.getName(), out);
  }

  private final class LimitedOutput extends FilterIndexOutput {

    LimitedOutput(String name, IndexOutput out) {
      super("DiskFullDirectory(" + out + ")", name, out);
    }

    @Override
    public void writeByte(byte b) throws IOException {
      take(1);
      out.writeByte(b);
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) throws IOException {
      take(length);
      out.writeBytes(b, offset, length);
    }

    private void take(int bytes) throws IOException {
      if (applies.test(getName()) && written.addAndGet(bytes) > capacity) {
        refused.add(getName());
        throw new IOException(MESSAGE + " (writing " + getName() + ")");
      }
    }
  }
}
