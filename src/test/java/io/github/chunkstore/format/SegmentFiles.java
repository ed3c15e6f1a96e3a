package io.github.chunkstore.format;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/** Helpers of the format tests: index configuration, segment files, writer arguments. */
final class SegmentFiles {

  private SegmentFiles() {}

  /** A writer config of {@code mode} without compound files whose merges keep segments in order. */
  static IndexWriterConfig config(Mode mode) {
    IndexWriterConfig iwc = new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode));
    iwc.setUseCompoundFile(false);
    // LogDocMergePolicy keeps segments in order, so merged docIDs are predictable.
    LogDocMergePolicy mp = new LogDocMergePolicy();
    mp.setNoCFSRatio(0.0);
    iwc.setMergePolicy(mp);
    return iwc;
  }

  static ChunkstoreStoredFieldsReader fieldsReader(LeafReader reader) {
    return (ChunkstoreStoredFieldsReader) ((CodecReader) reader).getFieldsReader();
  }

  static String fileWithExtension(Directory dir, String ext) throws IOException {
    for (String file : dir.listAll()) {
      if (file.endsWith("." + ext)) {
        return file;
      }
    }
    throw new AssertionError("no ." + ext + " file in " + List.of(dir.listAll()));
  }

  static void flipByte(Directory dir, String name, int offset) throws IOException {
    byte[] bytes = readAll(dir, name);
    bytes[offset] ^= 0x5A;
    writeAll(dir, name, bytes);
  }

  static byte[] readAll(Directory dir, String name) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      byte[] bytes = new byte[(int) in.length()];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }

  static void writeAll(Directory dir, String name, byte[] bytes) throws IOException {
    dir.deleteFile(name);
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(bytes, bytes.length);
    }
  }

  static org.apache.lucene.index.SegmentInfo newSegmentInfo(Directory dir, int maxDoc) {
    return new org.apache.lucene.index.SegmentInfo(
        dir,
        org.apache.lucene.util.Version.LATEST,
        org.apache.lucene.util.Version.LATEST,
        "_0",
        maxDoc,
        false,
        false,
        new ChunkstoreCodec(),
        java.util.Map.of(),
        org.apache.lucene.util.StringHelper.randomId(),
        java.util.Map.of(),
        null);
  }

  static FieldInfo fieldInfo(String name, int number) {
    return new FieldInfo(
        name,
        number,
        false,
        false,
        false,
        org.apache.lucene.index.IndexOptions.NONE,
        org.apache.lucene.index.DocValuesType.NONE,
        org.apache.lucene.index.DocValuesSkipIndexType.NONE,
        -1,
        java.util.Map.of(),
        0,
        0,
        0,
        0,
        org.apache.lucene.index.VectorEncoding.FLOAT32,
        org.apache.lucene.index.VectorSimilarityFunction.EUCLIDEAN,
        false,
        false);
  }
}
