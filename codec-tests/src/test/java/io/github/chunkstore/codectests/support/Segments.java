package io.github.chunkstore.codectests.support;

import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;

/** Looks under a reader or a directory at what the codec actually wrote. */
public final class Segments {

  private Segments() {}

  /** The stored-fields reader of a segment, unwrapped from filter readers. */
  public static StoredFieldsReader storedFieldsReader(LeafReader leaf) {
    LeafReader unwrapped = FilterLeafReader.unwrap(leaf);
    if (unwrapped instanceof CodecReader codecReader) {
      return FilterCodecReader.unwrap(codecReader).getFieldsReader();
    }
    throw new AssertionError("not a codec reader: " + unwrapped.getClass().getName());
  }

  /** The Chunkstore statistics of a segment; fails if the segment is not Chunkstore. */
  public static ChunkstoreStats chunkstoreStats(LeafReader leaf) {
    StoredFieldsReader reader = storedFieldsReader(leaf);
    return ChunkstoreStats.of(reader)
        .orElseThrow(
            () ->
                new AssertionError(
                    "segment "
                        + leaf
                        + " has stored-fields reader "
                        + reader.getClass().getName()
                        + ", not Chunkstore's"));
  }

  /** Whether {@code fileName} is one of Chunkstore's own files (data, chunk index or meta). */
  public static boolean isChunkstoreFile(String fileName) {
    String extension = IndexFileNames.getExtension(fileName);
    return ChunkstoreStoredFieldsFormat.DATA_EXTENSION.equals(extension)
        || ChunkstoreStoredFieldsFormat.INDEX_EXTENSION.equals(extension)
        || ChunkstoreStoredFieldsFormat.META_EXTENSION.equals(extension);
  }

  /** The codec name each segment of the latest commit records, in segment order. */
  public static List<String> committedCodecNames(Directory dir) throws IOException {
    List<String> names = new ArrayList<>();
    for (SegmentCommitInfo info : SegmentInfos.readLatestCommit(dir)) {
      names.add(info.info.getCodec().getName());
    }
    return names;
  }

  /** Total size of the directory's files. */
  public static long sizeInBytes(Directory dir) throws IOException {
    long total = 0;
    for (String file : dir.listAll()) {
      try {
        total += dir.fileLength(file);
      } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
        // deleted between listAll and fileLength: it no longer counts
      }
    }
    return total;
  }

  /** Outcome of CheckIndex at the level that reads every stored document. */
  public record CheckResult(boolean clean, String log) {}

  /**
   * Runs CheckIndex at {@link CheckIndex.Level#MIN_LEVEL_FOR_INTEGRITY_CHECKS}: checksums of every
   * file, then every stored document through the codec's merge instance.
   */
  public static CheckResult checkIndex(Directory dir) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (CheckIndex checker = new CheckIndex(dir);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      checker.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
      checker.setInfoStream(out, false);
      CheckIndex.Status status = checker.checkIndex();
      out.flush();
      return new CheckResult(status.clean, log.toString(StandardCharsets.UTF_8));
    }
  }
}
