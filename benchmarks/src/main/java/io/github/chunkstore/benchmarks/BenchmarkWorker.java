package io.github.chunkstore.benchmarks;

import io.github.chunkstore.ChunkstoreStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergeScheduler;
import org.apache.lucene.index.MergeTrigger;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Measures one format on one shape and regime, in a JVM of its own so that formats do not share JIT
 * state or heap: indexes the documents, merges, measures sizes, random and sequential reads, and
 * checks every document. {@link Benchmark} starts it and reads the result file it writes.
 */
public final class BenchmarkWorker {

  private static final int BATCH = 10;

  /** Lucene logs its vector-API choice at every start; held so the level sticks (no GC). */
  private static final Logger VECTORIZATION_LOGGER =
      Logger.getLogger("org.apache.lucene.internal.vectorization");

  private static final int SPOT_CHECKS = 2000;

  private final String dataset;
  private final List<Document> docs;
  private final int copies;
  private final BenchFormat format;
  private final DataShape shape;
  private final Regime regime;
  private final double warmupSeconds;
  private final double measureSeconds;
  private final long seed;

  private double mergeNanos;

  BenchmarkWorker(
      String dataset,
      List<Document> docs,
      int copies,
      BenchFormat format,
      DataShape shape,
      Regime regime,
      double warmupSeconds,
      double measureSeconds,
      long seed) {
    this.dataset = dataset;
    this.docs = docs;
    this.copies = copies;
    this.format = format;
    this.shape = shape;
    this.regime = regime;
    this.warmupSeconds = warmupSeconds;
    this.measureSeconds = measureSeconds;
    this.seed = seed;
  }

  public static void main(String[] args) throws Exception {
    VECTORIZATION_LOGGER.setLevel(Level.SEVERE);
    Args a =
        Args.parse(
            args,
            Set.of(
                "dataset",
                "data",
                "data-format",
                "min-docs",
                "shape",
                "copies",
                "format",
                "regime",
                "dir",
                "warmup",
                "measure",
                "seed",
                "result"),
            Set.of());
    DataShape shape = DataShape.byId(a.required("shape"));
    List<Document> docs =
        BenchData.load(Path.of(a.required("data")), a.get("data-format", "geonames"), shape);
    // --copies 0: as many copies as make --min-docs documents.
    int copies = a.intValue("copies", 1, 0);
    if (copies == 0) {
      copies = Dataset.autoCopies(docs.size(), a.intValue("min-docs", 1, 1));
    }
    BenchmarkWorker worker =
        new BenchmarkWorker(
            a.get("dataset", "data"),
            docs,
            copies,
            BenchFormat.byId(a.required("format")),
            shape,
            Regime.byId(a.required("regime")),
            a.doubleValue("warmup", 1),
            a.doubleValue("measure", 2),
            Long.parseLong(a.get("seed", "42")));
    Measurement m = worker.run(Path.of(a.required("dir")));
    m.write(Path.of(a.required("result")));
  }

  Measurement run(Path dir) throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      double indexSeconds = index(directory);
      long bytes = storedFieldsBytes(directory);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        long chunks = -1;
        long heap = -1;
        for (LeafReaderContext leaf : reader.leaves()) {
          StoredFieldsReader fields = ((CodecReader) leaf.reader()).getFieldsReader();
          ChunkstoreStats c = ChunkstoreStats.of(fields).orElse(null);
          if (c != null) {
            chunks = Math.max(chunks, 0) + c.numChunks();
            heap = Math.max(heap, 0) + c.indexHeapBytes();
          }
        }
        double random = randomDocsPerSecond(reader);
        double sequential = sequentialDocsPerSecond(reader);
        // After the reads, so that every dictionary is digested and counted.
        long dictionaryMemory = -1;
        long dictionaryMemoryTotal = -1;
        double dictionaryShare = -1;
        for (LeafReaderContext leaf : reader.leaves()) {
          StoredFieldsReader fields = ((CodecReader) leaf.reader()).getFieldsReader();
          ChunkstoreStats c = ChunkstoreStats.of(fields).orElse(null);
          if (c != null) {
            dictionaryMemory = Math.max(dictionaryMemory, c.dictionaryMemoryBytes());
            dictionaryMemoryTotal = Math.max(dictionaryMemoryTotal, 0) + c.dictionaryMemoryBytes();
            // Per segment, since the bound is a share of each segment's own bytes: a small segment
            // with a full-size dictionary is what breaks it, and a total would hide that.
            long segmentBytes = storedFieldsBytes(directory, (SegmentReader) leaf.reader());
            dictionaryShare =
                Math.max(dictionaryShare, (double) c.dictionaryMemoryBytes() / segmentBytes);
          }
        }
        Verification v = verify(reader);
        return new Measurement(
            dataset,
            copies,
            format.id(),
            shape.id(),
            regime.id(),
            reader.maxDoc(),
            indexSeconds,
            mergeNanos / 1e9,
            bytes,
            reader.leaves().size(),
            chunks,
            heap,
            dictionaryMemory,
            dictionaryMemoryTotal,
            dictionaryShare,
            random,
            sequential,
            v.verified,
            v.problem);
      }
    }
  }

  /** Indexes every document {@code copies} times; returns indexing seconds without merge time. */
  private double index(Directory dir) throws IOException {
    long total = (long) docs.size() * copies;
    IndexWriterConfig config =
        new IndexWriterConfig().setCodec(format.codec()).setUseCompoundFile(false);
    TieredMergePolicy tiered = new TieredMergePolicy();
    tiered.setNoCFSRatio(0.0); // separate files, so the stored-fields files can be measured
    if (regime == Regime.BULK) {
      config
          .setMaxBufferedDocs((int) Math.max(2, (total + 9) / 10))
          .setMergePolicy(NoMergePolicy.INSTANCE);
    } else {
      config.setMaxBufferedDocs(100).setMergePolicy(tiered);
    }
    config.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
    config.setMergeScheduler(new TimedMergeScheduler());
    long start = System.nanoTime();
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int c = 0; c < copies; c++) {
        for (Document doc : docs) {
          writer.addDocument(doc);
        }
      }
      writer.commit();
    }
    double seconds = (System.nanoTime() - start - mergeNanos) / 1e9;
    if (regime == Regime.BULK) {
      IndexWriterConfig merge =
          new IndexWriterConfig()
              .setCodec(format.codec())
              .setUseCompoundFile(false)
              .setMergePolicy(tiered);
      merge.setMergeScheduler(new SerialMergeScheduler());
      long mergeStart = System.nanoTime();
      try (IndexWriter writer = new IndexWriter(dir, merge)) {
        writer.forceMerge(1);
        writer.commit();
      }
      mergeNanos = System.nanoTime() - mergeStart;
    }
    return seconds;
  }

  /** A serial scheduler that adds up the time spent in merges. */
  private final class TimedMergeScheduler extends SerialMergeScheduler {
    @Override
    public synchronized void merge(MergeScheduler.MergeSource source, MergeTrigger trigger)
        throws IOException {
      long start = System.nanoTime();
      try {
        super.merge(source, trigger);
      } finally {
        mergeNanos += System.nanoTime() - start;
      }
    }
  }

  private long storedFieldsBytes(Directory dir) throws IOException {
    return storedFieldsBytes(dir, List.of(dir.listAll()));
  }

  /** The stored-fields bytes of one segment (the index has no compound files). */
  private long storedFieldsBytes(Directory dir, SegmentReader segment) throws IOException {
    return storedFieldsBytes(dir, segment.getSegmentInfo().files());
  }

  private long storedFieldsBytes(Directory dir, Collection<String> files) throws IOException {
    long bytes = 0;
    for (String file : files) {
      int dot = file.lastIndexOf('.');
      if (dot >= 0 && format.storedFieldsExtensions().contains(file.substring(dot + 1))) {
        bytes += dir.fileLength(file);
      }
    }
    return bytes;
  }

  /** Batches of 10 random docIDs, a fresh {@link StoredFields} per batch, as a search page does. */
  private double randomDocsPerSecond(DirectoryReader reader) throws IOException {
    int[] ids = new SplittableRandom(seed).ints(1 << 16, 0, reader.maxDoc()).toArray();
    int[] next = {0};
    return docsPerSecond(
        () -> {
          StoredFields fields = reader.storedFields();
          for (int i = 0; i < BATCH; i++) {
            consume(fields.document(ids[next[0]]).getFields().size());
            next[0] = (next[0] + 1) & (ids.length - 1);
          }
          return BATCH;
        });
  }

  /** Documents in docID order through one {@link StoredFields}, wrapping around at the end. */
  private double sequentialDocsPerSecond(DirectoryReader reader) throws IOException {
    StoredFields fields = reader.storedFields();
    int[] doc = {0};
    return docsPerSecond(
        () -> {
          for (int i = 0; i < 64; i++) {
            consume(fields.document(doc[0]).getFields().size());
            doc[0] = doc[0] + 1 == reader.maxDoc() ? 0 : doc[0] + 1;
          }
          return 64;
        });
  }

  /** Reads some documents, returning how many. */
  private interface ReadStep {
    int read() throws IOException;
  }

  /** Runs {@code step} for the warm-up time, then measures it for the measurement time. */
  private double docsPerSecond(ReadStep step) throws IOException {
    double rate = 0;
    for (double seconds : new double[] {warmupSeconds, measureSeconds}) {
      long limit = (long) (seconds * 1e9);
      long read = 0;
      long start = System.nanoTime();
      long elapsed;
      do {
        read += step.read();
        elapsed = System.nanoTime() - start;
      } while (elapsed < limit);
      rate = read / (elapsed / 1e9);
    }
    return rate;
  }

  private static volatile long blackhole;

  private static void consume(long value) {
    blackhole += value;
  }

  private record Verification(long verified, String problem) {}

  /**
   * Every document, read in order through each segment's merge instance (fast in every format),
   * must be one of the source documents, each source document exactly {@code copies} times (merges
   * may reorder segments); then spot checks through the normal path must match the same docIDs.
   */
  private Verification verify(DirectoryReader reader) throws IOException {
    Map<String, Integer> expected = new HashMap<>();
    for (Document doc : docs) {
      expected.merge(DocumentDigest.canonical(doc.getFields()), copies, Integer::sum);
    }
    long[] hashes = new long[reader.maxDoc()];
    long verified = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      StoredFieldsReader merging = mergeInstance((CodecReader) leaf.reader());
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor();
        merging.document(doc, visitor);
        String canonical = DocumentDigest.canonical(visitor.getDocument().getFields());
        Integer left = expected.get(canonical);
        if (left == null || left == 0) {
          return new Verification(
              verified,
              "doc " + (leaf.docBase + doc) + " is not a source document (or appears too often)");
        }
        expected.put(canonical, left - 1);
        hashes[leaf.docBase + doc] = DocumentDigest.hash(canonical);
        verified++;
      }
    }
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (int i = 0; i < SPOT_CHECKS && reader.maxDoc() > 0; i++) {
      StoredFields fields = reader.storedFields();
      int doc = random.nextInt(reader.maxDoc());
      long hash = DocumentDigest.hash(DocumentDigest.canonical(fields.document(doc).getFields()));
      if (hash != hashes[doc]) {
        return new Verification(
            verified, "doc " + doc + " reads differently through a normal StoredFields");
      }
    }
    return new Verification(verified, "");
  }

  /** Declared to throw so that the call compiles on Lucene 10.5 (no throws) and 10.6 (throws). */
  private static StoredFieldsReader mergeInstance(CodecReader reader) throws IOException {
    return reader.getFieldsReader().getMergeInstance();
  }
}
