package io.github.chunkstore;

import java.util.Objects;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;

/**
 * Lucene's default codec with Chunkstore's stored fields.
 *
 * <p>Enable it with one line, {@code indexWriterConfig.setCodec(new
 * ChunkstoreCodec(Mode.BEST_SPEED))}, or by its SPI name {@value #NAME}. Everything but stored
 * fields is delegated to {@link Lucene104Codec}. The mode only chooses how <em>new</em> segments
 * are written: every segment records its own mode, so any {@code ChunkstoreCodec} reads segments
 * written in any mode.
 */
public final class ChunkstoreCodec extends FilterCodec {

  /**
   * The name under which the codec is registered with Java's SPI and recorded in segments. A
   * segment is reopened by that name's no-argument constructor, so the name pins everything that is
   * not stored fields: the number is that of the Lucene default codec this one extends. When
   * Lucene's default moves on, this class moves with it under a new name, and a read-only codec
   * keeps this name registered for as long as Lucene can read {@link Lucene104Codec}'s segments.
   */
  public static final String NAME = "Chunkstore104";

  /** How new segments compress their stored fields; named like {@link Lucene104Codec.Mode}. */
  public enum Mode {
    /** LZ4 from Lucene's {@code util.compress}: fast to write and to read. */
    BEST_SPEED,
    /** zstd through zstd-jni: smaller files; needs zstd-jni's native library. */
    BEST_COMPRESSION,
    /**
     * zstd in small blocks against a dictionary trained per segment from that segment's own
     * documents: about BEST_COMPRESSION's size with random fetches faster than BEST_SPEED's. Costs
     * a dictionary per segment (at most 64 KiB on disk, twice that plus ~27 KiB in memory while the
     * segment is open) and the training at flush and merge; needs zstd-jni's native library.
     */
    DICTIONARY
  }

  private final Mode mode;
  private final StoredFieldsFormat storedFieldsFormat;

  /** Codec in {@link Mode#BEST_SPEED}; this is the constructor SPI uses to read indexes. */
  public ChunkstoreCodec() {
    this(Mode.BEST_SPEED);
  }

  /** Codec that writes new segments in {@code mode}. */
  public ChunkstoreCodec(Mode mode) {
    this(new ChunkstoreStoredFieldsFormat(Objects.requireNonNull(mode, "mode")));
  }

  /** Tests: the codec with a stored-fields format of other settings. */
  ChunkstoreCodec(ChunkstoreStoredFieldsFormat storedFieldsFormat) {
    super(NAME, new Lucene104Codec());
    this.mode = storedFieldsFormat.mode();
    this.storedFieldsFormat = storedFieldsFormat;
  }

  /** The mode new segments are written in. */
  public Mode mode() {
    return mode;
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFieldsFormat;
  }
}
