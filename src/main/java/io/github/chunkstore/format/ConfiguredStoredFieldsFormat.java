package io.github.chunkstore.format;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;

/**
 * The stored-fields format for one set of {@link ModeSettings}: writes new segments with them and
 * reads segments of any settings (each segment's meta file records its own). The public {@code
 * io.github.chunkstore.ChunkstoreStoredFieldsFormat} delegates to one; tests that need settings the
 * public API does not offer (a low dictionary threshold, reads without checksums) build one
 * directly.
 */
public final class ConfiguredStoredFieldsFormat extends StoredFieldsFormat {

  private final ModeSettings settings;
  private final boolean verifyChecksums;
  private final RecentDictionary recentDictionary = new RecentDictionary();
  private final OpenDictionaries openDictionaries = new OpenDictionaries();

  /**
   * @param verifyChecksums false only in tests: reads then skip the chunk headers' and blocks'
   *     checksums
   */
  public ConfiguredStoredFieldsFormat(ModeSettings settings, boolean verifyChecksums) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.verifyChecksums = verifyChecksums;
  }

  /** The settings new segments are written with. */
  public ModeSettings settings() {
    return settings;
  }

  @Override
  public StoredFieldsReader fieldsReader(
      Directory directory, SegmentInfo si, FieldInfos fn, IOContext context) throws IOException {
    return new ChunkstoreStoredFieldsReader(
        directory, si, fn, context, verifyChecksums, openDictionaries);
  }

  @Override
  public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context)
      throws IOException {
    return new ChunkstoreStoredFieldsWriter(directory, si, context, settings, recentDictionary);
  }
}
