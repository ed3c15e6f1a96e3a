package io.github.chunkstore;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.format.ModeSettings;

/**
 * Codecs with settings the public API does not offer, for the tests of every package: through the
 * package-private constructors of {@link ChunkstoreCodec} and {@link ChunkstoreStoredFieldsFormat}.
 */
public final class TestCodecs {

  /**
   * A dictionary threshold for indexes of a few hundred KB: mode DICTIONARY trains no dictionary
   * below 1 MiB per segment, so tests lower it to exercise segments with and without one.
   */
  public static final long SMALL_DICTIONARY_THRESHOLD = 256 * 1024;

  private TestCodecs() {}

  /** The codec in {@code mode} with {@link #SMALL_DICTIONARY_THRESHOLD}. */
  public static ChunkstoreCodec withSmallDictionaryThreshold(Mode mode) {
    return codec(settings(mode).withDictionaryMinSegmentBytes(SMALL_DICTIONARY_THRESHOLD), true);
  }

  /**
   * The codec in {@code mode} with {@link #SMALL_DICTIONARY_THRESHOLD} whose merged segments keep
   * every dictionary that fits 8 and 1 MiB: the 1% of a segment's bytes that the default allows
   * holds only one for test-sized segments.
   */
  public static ChunkstoreCodec withTravellingDictionaries(Mode mode) {
    return codec(
        settings(mode)
            .withDictionaryMinSegmentBytes(SMALL_DICTIONARY_THRESHOLD)
            .withDictionaryMemoryShare(1.0),
        true);
  }

  /** The mode's default settings, to adjust with {@code ModeSettings.with...}. */
  public static ModeSettings settings(Mode mode) {
    return ModeSettings.of(ChunkstoreStoredFieldsFormat.segmentMode(mode));
  }

  /**
   * A codec that writes with {@code settings} and whose format, unless {@code verifyChecksums},
   * reads without verifying checksums. Lucene opens segments with the codec SPI finds by name, so
   * only readers made by this codec's {@code storedFieldsFormat().fieldsReader(...)} skip them.
   */
  public static ChunkstoreCodec codec(ModeSettings settings, boolean verifyChecksums) {
    return new ChunkstoreCodec(new ChunkstoreStoredFieldsFormat(settings, verifyChecksums));
  }
}
