package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * The three files of a segment's stored fields: their extensions, header codec names and format
 * versions (the layout is documented in {@code io.github.chunkstore.ChunkstoreStoredFieldsFormat}).
 */
public final class StoredFieldsFiles {

  /** Extension of the data file. */
  public static final String DATA_EXTENSION = "csd";

  /** Extension of the chunk index file. */
  public static final String INDEX_EXTENSION = "csx";

  /** Extension of the meta file. */
  public static final String META_EXTENSION = "csm";

  static final String DATA_CODEC = "ChunkstoreStoredFieldsData";
  static final String INDEX_CODEC = "ChunkstoreStoredFieldsIndex";
  static final String META_CODEC = "ChunkstoreStoredFieldsMeta";

  /**
   * Oldest version this code reads. Until the first release, layouts change freely and each change
   * bumps the version, so unreleased older versions are not read.
   */
  public static final int VERSION_START = 7;

  /** The version written; bump it whenever the layout changes (history in CHANGELOG.md). */
  public static final int VERSION_CURRENT = 7;

  private StoredFieldsFiles() {}

  static void writeHeader(DataOutput out, String codec, SegmentInfo si) throws IOException {
    CodecUtil.writeIndexHeader(out, codec, VERSION_CURRENT, si.getId(), "");
  }

  /**
   * Checks the start of {@code name}'s index header before {@link CodecUtil#checkIndexHeader} reads
   * it: that method allocates the codec name's length as read, so one damaged byte there could ask
   * for hundreds of megabytes instead of failing. A wrong magic is left to CodecUtil.
   */
  static void checkHeaderStart(Directory dir, String name, String codec) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      if (in.length() < Integer.BYTES + 1 || CodecUtil.readBEInt(in) != CodecUtil.CODEC_MAGIC) {
        return;
      }
      int nameLength = in.readVInt();
      if (nameLength != codec.length()) {
        throw new CorruptIndexException(
            "codec header mismatch: a codec name of " + nameLength + " bytes, expected " + codec,
            in);
      }
    }
  }
}
