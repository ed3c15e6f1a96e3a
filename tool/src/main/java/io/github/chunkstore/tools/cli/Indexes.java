package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/** Opening indexes given on the command line, with errors a person can act on. */
final class Indexes {

  /** Extensions of stored-fields files: Chunkstore's and Lucene's. */
  private static final Set<String> STORED_FIELDS_EXTENSIONS =
      Set.of(
          ChunkstoreStoredFieldsFormat.DATA_EXTENSION,
          ChunkstoreStoredFieldsFormat.INDEX_EXTENSION,
          ChunkstoreStoredFieldsFormat.META_EXTENSION,
          "fdt",
          "fdx",
          "fdm");

  private Indexes() {}

  /** Opens the directory of an existing index, or says why {@code path} is not one. */
  static Directory openDirectory(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new Errors.UserError(path + " does not exist");
    }
    if (!Files.isDirectory(path)) {
      throw new Errors.UserError(path + " is not a directory, so not a Lucene index");
    }
    Directory dir = FSDirectory.open(path);
    boolean ok = false;
    try {
      if (!DirectoryReader.indexExists(dir)) {
        throw new Errors.UserError(path + " is not a Lucene index (no segments_N file in it)");
      }
      ok = true;
      return dir;
    } finally {
      if (!ok) {
        IOUtils.closeWhileHandlingException(dir);
      }
    }
  }

  /** Opens a reader on the latest commit. */
  static DirectoryReader openReader(Directory dir) throws IOException {
    return DirectoryReader.open(dir);
  }

  /**
   * Bytes of a segment's stored-fields files (Chunkstore's or Lucene's). In a compound-file segment
   * these files are inside the {@code .cfs}: their lengths are read from its entries.
   */
  static long storedFieldsBytes(Directory dir, SegmentCommitInfo commitInfo) throws IOException {
    var info = commitInfo.info;
    if (info.getUseCompoundFile()) {
      try (Directory cfs = info.getCodec().compoundFormat().getCompoundReader(dir, info)) {
        return storedFieldsBytes(cfs, cfs.listAll());
      }
    }
    return storedFieldsBytes(dir, commitInfo.files().toArray(String[]::new));
  }

  private static long storedFieldsBytes(Directory dir, String[] files) throws IOException {
    long bytes = 0;
    for (String file : files) {
      if (STORED_FIELDS_EXTENSIONS.contains(IndexFileNames.getExtension(file))) {
        bytes += dir.fileLength(file);
      }
    }
    return bytes;
  }
}
