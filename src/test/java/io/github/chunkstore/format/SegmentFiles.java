package io.github.chunkstore.format;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/** Whole files of a test index, read and rewritten as bytes, for tests that damage them. */
final class SegmentFiles {

  private SegmentFiles() {}

  /** The first file of {@code dir} with {@code extension}. */
  static String withExtension(Directory dir, String extension) throws IOException {
    for (String file : dir.listAll()) {
      if (file.endsWith("." + extension)) {
        return file;
      }
    }
    throw new AssertionError("no ." + extension + " file in " + List.of(dir.listAll()));
  }

  static byte[] read(Directory dir, String name) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      byte[] bytes = new byte[(int) in.length()];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }

  /** Replaces file {@code name} with {@code bytes}. */
  static void write(Directory dir, String name, byte[] bytes) throws IOException {
    dir.deleteFile(name);
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(bytes, bytes.length);
    }
  }
}
