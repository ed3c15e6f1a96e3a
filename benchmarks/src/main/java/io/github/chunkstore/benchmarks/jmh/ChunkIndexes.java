package io.github.chunkstore.benchmarks.jmh;

import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * One synthetic segment's chunk index, opened three ways: Chunkstore's {@link
 * StoredFieldsIndexReader} (on the heap), and {@link LuceneChunkIndex} over an {@link
 * MMapDirectory} (off-heap) and over a {@link ByteBuffersDirectory} (heap ByteBuffers).
 */
public final class ChunkIndexes implements Closeable {

  private final int numChunks;
  private final int numDocs;
  private final MMapDirectory fsDir;
  private final ByteBuffersDirectory heapDir;
  private final StoredFieldsIndexReader chunkstore;
  private final long chunkstoreFileBytes;
  private final LuceneChunkIndex mmap;
  private final LuceneChunkIndex byteBuffers;

  /** Writes {@code chunks}' index files into the empty directory {@code path} and opens them. */
  public static ChunkIndexes build(Path path, SyntheticChunks chunks) throws IOException {
    return new ChunkIndexes(path, chunks);
  }

  private ChunkIndexes(Path path, SyntheticChunks chunks) throws IOException {
    numChunks = chunks.numChunks();
    fsDir = new MMapDirectory(path);
    heapDir = new ByteBuffersDirectory();
    final ChunkIndexFiles.Totals totals = ChunkIndexFiles.write(fsDir, chunks);
    numDocs = totals.numDocs();
    try (IndexInput in = fsDir.openInput(ChunkIndexFiles.CHUNKSTORE, IOContext.READONCE)) {
      chunkstore = StoredFieldsIndexReader.read(in, numDocs);
      chunkstoreFileBytes = in.length();
    }
    mmap = openLucene(fsDir);
    for (String name : fsDir.listAll()) {
      if (!name.equals(ChunkIndexFiles.CHUNKSTORE)) {
        heapDir.copyFrom(fsDir, name, name, IOContext.DEFAULT);
      }
    }
    byteBuffers = openLucene(heapDir);
  }

  private LuceneChunkIndex openLucene(Directory dir) throws IOException {
    return new LuceneChunkIndex(dir, ChunkIndexFiles.DOCS, ChunkIndexFiles.POINTERS, numChunks);
  }

  public int numChunks() {
    return numChunks;
  }

  public int numDocs() {
    return numDocs;
  }

  /** Chunkstore's index, loaded onto the heap. */
  public StoredFieldsIndexReader chunkstore() {
    return chunkstore;
  }

  /** Lucene's layout, read in place from mmap'd files. */
  public LuceneChunkIndex mmap() {
    return mmap;
  }

  /** Lucene's layout, read in place from a ByteBuffersDirectory. */
  public LuceneChunkIndex byteBuffers() {
    return byteBuffers;
  }

  /** One line per structure: heap and off-heap bytes, in total and per chunk. */
  public String memoryReport() {
    final long luceneFiles = mmap.fileBytes();
    return String.join(
        System.lineSeparator(),
        "memory: %d chunks, %d docs, %d B of chunk data"
            .formatted(numChunks, numDocs, chunkstore.maxPointer()),
        line("chunkstore-heap", chunkstore.ramBytesUsed(), 0, chunkstoreFileBytes),
        line("lucene-mmap", mmap.heapBytes(), luceneFiles, luceneFiles),
        line("lucene-bytebuffers", byteBuffers.heapBytes() + luceneFiles, 0, luceneFiles));
  }

  private String line(String what, long heap, long offHeap, long file) {
    return String.format(
        Locale.ROOT,
        "memory: %-18s heap %,14d B (%6.2f B/chunk)  off-heap %,14d B (%6.2f B/chunk)"
            + "  file %,14d B",
        what,
        heap,
        (double) heap / numChunks,
        offHeap,
        (double) offHeap / numChunks,
        file);
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(mmap, byteBuffers, heapDir, fsDir);
  }
}
