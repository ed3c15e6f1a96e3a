package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.TestDocuments;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * The small index the corruption fuzz damages, kept as the bytes of its files: a force-merged
 * segment (with a deletion and an update applied after the merge) and two flushed segments, a few
 * hundred generated documents of every stored type. Compound files are off, so Chunkstore's files
 * are files of their own.
 *
 * @param files every file of the commit, by name
 * @param expected the live documents, id to stored fields
 * @param codecFiles Chunkstore's files, as the segments list them
 * @param lengthOffsets for each data file, where it keeps lengths and counts ({@link
 *     DataFileLengths})
 */
record FuzzIndex(
    Map<String, byte[]> files,
    Map<String, List<FieldValue>> expected,
    List<String> codecFiles,
    Map<String, int[]> lengthOffsets) {

  static FuzzIndex build(ChunkstoreCodec.Mode mode, long seed) throws IOException {
    LogDocMergePolicy mergePolicy = new LogDocMergePolicy(); // merges only when told to
    mergePolicy.setNoCFSRatio(0.0);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setUseCompoundFile(false)
            .setMergePolicy(mergePolicy)
            .setMergeScheduler(new SerialMergeScheduler());
    Map<String, List<FieldValue>> expected = new LinkedHashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        int next = 0;
        for (int batch : new int[] {150, 150}) {
          next = add(writer, expected, seed, next, batch);
          writer.commit();
        }
        writer.forceMerge(1);
        writer.deleteDocuments(new Term(TestDocuments.ID, "doc-7"));
        expected.remove("doc-7");
        List<FieldValue> updated = TestDocuments.storedFields(seed, "doc-11#2");
        writer.updateDocument(
            new Term(TestDocuments.ID, "doc-11"), TestDocuments.toDocument("doc-11", updated));
        expected.put("doc-11", updated);
        for (int batch : new int[] {80, 40}) {
          next = add(writer, expected, seed, next, batch);
          writer.commit();
        }
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String name : dir.listAll()) {
        files.put(name, readAll(dir, name));
      }
      List<String> codecFiles = new ArrayList<>();
      Map<String, int[]> lengthOffsets = new LinkedHashMap<>();
      for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(dir)) {
        for (String name : segment.info.files()) {
          if (Segments.isChunkstoreFile(name)) {
            codecFiles.add(name);
          }
        }
        String data =
            IndexFileNames.segmentFileName(
                segment.info.name, "", ChunkstoreStoredFieldsFormat.DATA_EXTENSION);
        lengthOffsets.put(
            data, DataFileLengths.offsets(files.get(data), chunkStarts(dir, segment)));
      }
      codecFiles.sort(null);
      return new FuzzIndex(files, expected, codecFiles, lengthOffsets);
    }
  }

  private static int add(
      IndexWriter writer, Map<String, List<FieldValue>> expected, long seed, int first, int count)
      throws IOException {
    for (int i = first; i < first + count; i++) {
      String id = "doc-" + i;
      List<FieldValue> fields = TestDocuments.storedFields(seed, id);
      expected.put(id, fields);
      writer.addDocument(TestDocuments.toDocument(id, fields));
    }
    return first + count;
  }

  /** The chunks' offsets in the data file, read with the codec's own chunk-index reader. */
  private static long[] chunkStarts(Directory dir, SegmentCommitInfo segment) throws IOException {
    String name =
        IndexFileNames.segmentFileName(
            segment.info.name, "", ChunkstoreStoredFieldsFormat.INDEX_EXTENSION);
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      CodecUtil.readIndexHeader(in);
      StoredFieldsIndexReader index = StoredFieldsIndexReader.read(in, segment.info.maxDoc());
      long[] starts = new long[index.numChunks()];
      for (int c = 0; c < starts.length; c++) {
        starts[c] = index.chunkStartPointer(c);
      }
      return starts;
    }
  }

  /** A fresh in-memory copy of the index in which {@code name} holds {@code bytes}. */
  Directory withFile(String name, byte[] bytes) throws IOException {
    Directory dir = new ByteBuffersDirectory();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      byte[] content = file.getKey().equals(name) ? bytes : file.getValue();
      try (IndexOutput out = dir.createOutput(file.getKey(), IOContext.DEFAULT)) {
        out.writeBytes(content, content.length);
      }
    }
    return dir;
  }

  private static byte[] readAll(Directory dir, String name) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      byte[] bytes = new byte[Math.toIntExact(in.length())];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }
}
