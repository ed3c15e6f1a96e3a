package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.BlockDecompressor;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.Closeable;
import java.util.List;
import org.apache.lucene.util.IOUtils;

/**
 * What an open segment's chunks decompress with: the dictionaries its meta file stores, and a block
 * codec for each plus one for chunks that name none. A chunk names its dictionary by {@link
 * ZstdDictionary#id()} in its header; since merges copy chunks byte for byte together with the
 * dictionaries they name, one segment may hold several (at most {@link #MAX_DICTIONARIES}). Shared
 * by every clone of the segment's reader and closed with the original; the dictionaries themselves
 * are held through {@link OpenDictionaries}, once for every open segment that stores them.
 */
final class SegmentDictionaries implements Closeable {

  /**
   * Most dictionaries one segment holds. A merge that would gather more recompresses its smallest
   * sources instead ({@link MergeDictionaries}), so old dictionaries die out and a segment's
   * dictionary memory stays bounded: 8 of at most 64 KiB, with zstd's digested copies, stay under 1
   * MiB.
   */
  static final int MAX_DICTIONARIES = 8;

  private final OpenDictionaries.Hold[] holds;
  private final BlockCodec[] codecs; // [0] for chunks without a dictionary, [i + 1] dictionary i

  private SegmentDictionaries(OpenDictionaries.Hold[] holds, BlockCodec[] codecs) {
    this.holds = holds;
    this.codecs = codecs;
  }

  /**
   * Opens the dictionaries a segment of {@code settings} and {@code segmentBytes} stored bytes
   * stores, as its meta lists them (with distinct ids: {@link SegmentMeta#read} checks), taking
   * those already open from {@code open}.
   */
  static SegmentDictionaries open(
      ModeSettings settings, List<byte[]> stored, OpenDictionaries open, long segmentBytes) {
    OpenDictionaries.Hold[] holds = new OpenDictionaries.Hold[stored.size()];
    BlockCodec[] codecs = new BlockCodec[stored.size() + 1];
    boolean success = false;
    try {
      for (int i = 0; i < holds.length; i++) {
        holds[i] = open.acquire(stored.get(i), segmentBytes);
      }
      codecs[0] = settings.newBlockCodec(null);
      for (int i = 0; i < holds.length; i++) {
        codecs[i + 1] = settings.newBlockCodec(holds[i].dictionary());
      }
      success = true;
      return new SegmentDictionaries(holds, codecs);
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(codecs);
        IOUtils.closeWhileHandlingException(holds);
      }
    }
  }

  int size() {
    return holds.length;
  }

  ZstdDictionary get(int i) {
    return holds[i].dictionary();
  }

  /**
   * The index, into {@link #newDecompressors()}, of what a chunk naming dictionary {@code id}
   * decompresses with: 0 for id 0 (no dictionary), -1 if the segment has no such dictionary.
   */
  int decompressorIndex(int id) {
    if (id == 0) {
      return 0;
    }
    for (int i = 0; i < holds.length; i++) {
      if (holds[i].dictionary().id() == id) {
        return i + 1;
      }
    }
    return -1;
  }

  /** One decompressor per codec, for one reader instance. */
  BlockDecompressor[] newDecompressors() {
    BlockDecompressor[] decompressors = new BlockDecompressor[codecs.length];
    for (int i = 0; i < codecs.length; i++) {
      decompressors[i] = codecs[i].newDecompressor();
    }
    return decompressors;
  }

  /** Bytes of the dictionaries as stored. */
  long storedBytes() {
    long sum = 0;
    for (OpenDictionaries.Hold h : holds) {
      sum += h.dictionary().length();
    }
    return sum;
  }

  /**
   * This segment's part of the memory its dictionaries hold, heap and (once digested) native, an
   * estimate: each dictionary's memory shared among the open segments storing it by stored bytes.
   */
  long memoryBytes() {
    long sum = 0;
    for (OpenDictionaries.Hold h : holds) {
      sum += h.memoryBytes();
    }
    return sum;
  }

  @Override
  public void close() {
    IOUtils.closeWhileHandlingException(codecs);
    IOUtils.closeWhileHandlingException(holds);
  }
}
