package io.github.chunkstore.codectests.support;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.format.ConfiguredStoredFieldsFormat;
import io.github.chunkstore.format.ModeSettings;
import io.github.chunkstore.format.SegmentMode;
import java.util.Locale;
import java.util.Random;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;

/**
 * Chunkstore with random small chunks, blocks and dictionary threshold, so that the few documents a
 * test writes spread over many chunks and blocks, documents span blocks and chunks of one document,
 * and mode DICTIONARY trains dictionaries for segments of a few KB.
 *
 * <p>Segments record the codec's name, {@value #NAME}, which Lucene resolves through SPI ({@code
 * META-INF/services} of these tests) to an instance made by the no-argument constructor. That one
 * reads every segment whatever settings wrote it: each segment's meta file records its mode and
 * sizes. Reading needs no settings; writing gets them from {@link #randomInstance}.
 */
public final class RandomChunkingCodec extends FilterCodec {

  /** The SPI name recorded in segments this codec writes, whatever its mode. */
  public static final String NAME = "ChunkstoreRandomChunking";

  private final ModeSettings settings;
  private final StoredFieldsFormat storedFieldsFormat;

  /** For SPI: reads any Chunkstore segment; writes BEST_SPEED in chunks of a few documents. */
  public RandomChunkingCodec() {
    this(ModeSettings.of(SegmentMode.BEST_SPEED).withChunking(1024, 8, 256));
  }

  private RandomChunkingCodec(ModeSettings settings) {
    super(NAME, new ChunkstoreCodec());
    this.settings = settings;
    this.storedFieldsFormat = new ConfiguredStoredFieldsFormat(settings, true);
  }

  /**
   * A codec that writes {@code mode} with sizes drawn from {@code random}: blocks of 1 byte to 8
   * KiB, chunks of 1 byte to 64 KiB (smaller or larger than a block), 1 to 512 documents per chunk,
   * and a dictionary for DICTIONARY segments from 8 to 64 KiB of documents (below 8 KiB zstd has
   * too little to train on). Each range is often drawn from a small part of itself, so that tiny
   * values come up often. Half the instances let a segment's dictionaries take all of its bytes in
   * memory rather than 1%, so that merges of small segments keep several dictionaries.
   */
  public static RandomChunkingCodec randomInstance(Random random, ChunkstoreCodec.Mode mode) {
    int blockBytes = 1 + random.nextInt(random.nextBoolean() ? 256 : 8 * 1024);
    int chunkBytes = 1 + random.nextInt(random.nextBoolean() ? 2 * 1024 : 64 * 1024);
    int maxDocsPerChunk = 1 + random.nextInt(random.nextBoolean() ? 8 : 512);
    long dictionaryMinSegmentBytes = 8 * 1024 + random.nextInt(56 * 1024);
    double dictionaryMemoryShare = random.nextBoolean() ? 1.0 : 0.01;
    return new RandomChunkingCodec(
        ModeSettings.of(SegmentMode.valueOf(mode.name()))
            .withChunking(chunkBytes, maxDocsPerChunk, blockBytes)
            .withDictionaryMinSegmentBytes(dictionaryMinSegmentBytes)
            .withDictionaryMemoryShare(dictionaryMemoryShare));
  }

  /** The settings new segments are written with. */
  public ModeSettings settings() {
    return settings;
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFieldsFormat;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s(%s, chunkBytes=%d, maxDocsPerChunk=%d, blockBytes=%d, dictionaryMinSegmentBytes=%d,"
            + " dictionaryMemoryShare=%s)",
        NAME,
        settings.mode(),
        settings.chunkBytes(),
        settings.maxDocsPerChunk(),
        settings.blockBytes(),
        settings.dictionaryMinSegmentBytes(),
        settings.dictionaryMemoryShare());
  }
}
