package io.github.chunkstore.tools.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * Writes documents into a new index the way a bulk load does: a few flushes of about equal size,
 * then one merge into a single segment. Only the writer's own work is timed, so reading the
 * documents from elsewhere does not count in {@link #nanos()}.
 */
final class BulkWriter implements Closeable {

  /** Flushes per index: enough that the merge has several segments to merge. */
  static final int FLUSHES = 4;

  private final Directory dir;
  private final IndexWriter writer;
  private final int flushEvery;
  private int sinceFlush;
  private long nanos;

  BulkWriter(Path path, Codec codec, int totalDocs) throws IOException {
    dir = unsynced(FSDirectory.open(path));
    boolean ok = false;
    try {
      writer =
          new IndexWriter(
              dir,
              new IndexWriterConfig()
                  .setCodec(codec)
                  .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                  .setUseCompoundFile(false)
                  .setRAMBufferSizeMB(256)
                  // Merges neighbouring segments, so the merged segment keeps the documents' order.
                  .setMergePolicy(new LogByteSizeMergePolicy())
                  // In this thread, as everything else measured: the machine may have few cores.
                  .setMergeScheduler(new SerialMergeScheduler()));
      ok = true;
    } finally {
      if (!ok) {
        IOUtils.closeWhileHandlingException(dir);
      }
    }
    flushEvery = Math.max(1, (totalDocs + FLUSHES - 1) / FLUSHES);
  }

  /**
   * The directory without fsync: the indexes are temporary, and waiting for the disk would only add
   * the disk's latency to every format's index time.
   */
  private static Directory unsynced(Directory dir) {
    return new FilterDirectory(dir) {
      @Override
      public void sync(Collection<String> names) {}

      @Override
      public void syncMetaData() {}
    };
  }

  /** Adds the documents in order, flushing every quarter of the total. */
  void add(List<Document> docs) throws IOException {
    long start = System.nanoTime();
    for (Document doc : docs) {
      writer.addDocument(doc);
      if (++sinceFlush == flushEvery) {
        writer.flush();
        sinceFlush = 0;
      }
    }
    nanos += System.nanoTime() - start;
  }

  /** Merges everything into one segment and commits. */
  void finish() throws IOException {
    long start = System.nanoTime();
    writer.forceMerge(1);
    writer.commit();
    nanos += System.nanoTime() - start;
  }

  /** Time spent adding, flushing, merging and committing. */
  long nanos() {
    return nanos;
  }

  /** The directory written to; open until {@link #close()}. */
  Directory directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(writer, dir);
  }

  /** A document holding exactly {@code values}: each field stored only, in the same order. */
  static Document document(StoredValues values) {
    Document doc = new Document();
    for (StoredValues.Value v : values.values()) {
      doc.add(
          switch (v.value()) {
            case String s -> new StoredField(v.field(), s);
            case byte[] bytes -> new StoredField(v.field(), new BytesRef(bytes));
            case Integer i -> new StoredField(v.field(), i.intValue());
            case Long l -> new StoredField(v.field(), l.longValue());
            case Float f -> new StoredField(v.field(), f.floatValue());
            case Double d -> new StoredField(v.field(), d.doubleValue());
            default -> throw new IllegalStateException("not a stored value: " + v.value());
          });
    }
    return doc;
  }
}
