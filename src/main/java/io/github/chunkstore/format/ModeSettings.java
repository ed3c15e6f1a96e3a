package io.github.chunkstore.format;

import io.github.chunkstore.compression.BlockCodec;
import io.github.chunkstore.compression.Lz4BlockCodec;
import io.github.chunkstore.compression.ZstdBlockCodec;
import io.github.chunkstore.compression.ZstdDictionary;

/**
 * What a mode means on disk: its stable id, how documents are grouped into chunks and blocks, and
 * which block compression it uses. The id, not the enum's ordinal, is written to segments.
 *
 * @param mode the mode, recorded in each segment's meta file
 * @param chunkBytes a chunk is flushed once its buffered documents reach this many bytes
 * @param maxDocsPerChunk ... or this many documents
 * @param blockBytes chunks are compressed in independent blocks of at most this many raw bytes, so
 *     a random read decompresses one block, not the whole chunk
 * @param presetBytes at most this many raw bytes, sampled from the chunk's own documents, are
 *     stored once per chunk and every block is compressed against them (0: blocks stand alone)
 * @param level compression level for the block codec (ignored by LZ4)
 * @param dictionaryMinSegmentBytes in mode DICTIONARY, segments of fewer serialized bytes get no
 *     dictionary (see {@link #DICTIONARY_MIN_SEGMENT_BYTES}; ignored by the other modes)
 * @param dictionaryMemoryShare in mode DICTIONARY, the share of a merged segment's stored bytes its
 *     dictionaries may hold in memory (see {@link #DICTIONARY_MEMORY_SHARE}; ignored by the others)
 */
public record ModeSettings(
    SegmentMode mode,
    int chunkBytes,
    int maxDocsPerChunk,
    int blockBytes,
    int presetBytes,
    int level,
    long dictionaryMinSegmentBytes,
    double dictionaryMemoryShare) {

  /**
   * A DICTIONARY segment's dictionaries hold at most 1% of its stored bytes in memory: merges keep
   * no more ({@link MergeDictionaries}), and a segment too small for a dictionary of its own shares
   * one that open segments already hold ({@link DictionaryChoice}). The project's bound on what a
   * format may keep per open segment. Tests raise it, so that their small segments can keep several
   * dictionaries.
   */
  static final double DICTIONARY_MEMORY_SHARE = 0.01;

  /**
   * BEST_SPEED's chunks: 3 KiB LZ4 blocks against a 2 KiB preset sampled from the chunk. On
   * GeoNames (fields and JSON) a random read decompresses 2.5-2.8 µs, against 6.3-8.5 µs with 12
   * KiB blocks and no preset, for 2% more bytes. The preset is stored raw once per chunk, so chunks
   * grow to 512 KiB to keep its share small; the chunk header's block table and packed lengths keep
   * a random read from decoding the whole chunk's header.
   *
   * <p>Why 2 KiB of preset and not more: a random read copies its chunk's preset twice (from the
   * file with the header, then before the block's output), so every KiB of preset is paid by every
   * read of a document in another chunk. The compressor hashes the preset once per chunk ({@code
   * Lz4PresetCompressor}), so indexing no longer limits it; reads do. With 4 KiB, the project's
   * benchmark (corpus, 3 rounds, BEST_SPEED against Lucene's) took 4.4% fewer bytes on the
   * geometric mean (MDN json 1.30x instead of 1.43x Lucene's), but the benchmark worker read 17%
   * fewer random WordNet fields documents (medians of 3 runs: 215k against 258k docs/s) and 8 KiB
   * cost 4-10% of random reads on MDN and GeoNames fields.
   */
  static final int BEST_SPEED_BLOCK_BYTES = 3 * 1024;

  static final int BEST_SPEED_PRESET_BYTES = 2 * 1024;

  /**
   * DICTIONARY's smallest blocks: with the segment's dictionary in memory, 3 KiB blocks (~17
   * GeoNames rows) compress well while a random fetch decompresses only one of them. Measured with
   * the project's benchmark: 2 KiB blocks fetched faster but took 5% more bytes (GeoNames JSON:
   * 1.17x Lucene BEST_COMPRESSION against 1.11x).
   */
  static final int DICTIONARY_MIN_BLOCK_BYTES = 3 * 1024;

  /**
   * DICTIONARY's blocks grow to hold about this many of the chunk's average documents, up to {@link
   * #DICTIONARY_BLOCK_BYTES}. A random fetch decompresses a whole block, so what it costs beside
   * handing the document over grows with the documents per block, not the bytes; and 3 KiB holds
   * only two or three documents of 1 KB, too few for zstd to find what they share beyond the
   * dictionary. On MDN's JSON documents (~1 KB; benchmark worker, bulk) blocks of 3 / 8 / 12 KiB
   * took 85.9 / 62.3 / 57.3 bytes per document (Lucene BEST_COMPRESSION: 57.8) and read 353k / 252k
   * / 189k random documents per second (Lucene BEST_SPEED: 133-169k). On data of smaller documents
   * larger blocks cost more than they saved: 8 KiB blocks halved the random reads of GeoNames (124k
   * to 61k docs/s, below Lucene BEST_SPEED's 78k) for 6% fewer bytes, and MDN's fields (~30 short
   * values per document) fell from 142k to 94k (Lucene: 119k). Eight documents leave blocks of
   * documents under 384 bytes at 3 KiB.
   */
  static final int DICTIONARY_DOCS_PER_BLOCK = 8;

  /** DICTIONARY's largest blocks: recorded as the segment's block size. */
  static final int DICTIONARY_BLOCK_BYTES = 16 * 1024;

  /**
   * DICTIONARY's chunks: the chunk index holds ~30 bits per chunk on the heap, so a chunk of 32 KiB
   * (the size before) held only ~32 of MDN's 1 KB JSON documents and its index took 108,050 bytes
   * per million documents (bound: 64 KiB). With 128 KiB chunks (benchmark worker, bulk, one run
   * each) the index took 28,600 bytes per million documents there and 3.5x less on the other data
   * sets, the files 0.2-2% fewer bytes (fewer chunk headers), and random reads stayed within the
   * runs' noise.
   */
  static final int DICTIONARY_CHUNK_BYTES = 128 * 1024;

  static final int DICTIONARY_CHUNK_DOCS = 4096;

  /**
   * zstd level for DICTIONARY. On GeoNames JSON in 3 KiB blocks: level 6 took 74.8 bytes/doc, 7
   * took 72.3 and 9 took 71.8 but indexed 34% slower, so 7.
   */
  static final int DICTIONARY_LEVEL = 7;

  /** Upper bound on any block, checked when reading so a damaged length cannot allocate wildly. */
  static final int MAX_BLOCK_BYTES = 1 << 24;

  /**
   * Upper bound on {@link #chunkBytes}: a chunk's block table records raw and file offsets within
   * the chunk in at most 31 bits, and a chunk may run past chunkBytes by one document.
   */
  static final int MAX_CHUNK_BYTES = 1 << 30;

  /**
   * Segments smaller than this get no dictionary in mode DICTIONARY (4 MiB of serialized documents,
   * ~28,000 GeoNames rows), and merges recompress at least this much before they train one. A
   * dictionary stays with its chunks through every later merge, so one trained on a small segment
   * keeps compressing its chunks no better than it did there: in the benchmark's tiny-segment
   * regime (benchmark worker, one run each), 4 MiB rather than 1 MiB gave 74.7 rather than 75.6
   * bytes/doc on GeoNames JSON, for fewer dictionaries trained. Below the threshold a segment is
   * compressed in the same small blocks without a dictionary, and recompressed once merged into a
   * segment large enough for one.
   */
  static final long DICTIONARY_MIN_SEGMENT_BYTES = 4 * 1024 * 1024;

  /**
   * The settings per mode, chosen with the project's benchmark (GeoNames cities1000, see the
   * docs/performance.md). Block size trades size for random-read speed: a random read decompresses
   * one block (LZ4: only up to the document's end), so BEST_SPEED's small blocks lean on their
   * chunk's preset, and BEST_COMPRESSION's 32 KiB zstd level-9 blocks stay under Lucene's
   * BEST_COMPRESSION while decompressing a tenth as much (12 KiB blocks for data that compresses
   * worse than 4:1, see {@link #POOR_RATIO_BLOCK_BYTES}).
   */
  public static ModeSettings of(SegmentMode mode) {
    long dictionaryMin = DICTIONARY_MIN_SEGMENT_BYTES;
    double share = DICTIONARY_MEMORY_SHARE;
    return switch (mode) {
      case BEST_SPEED ->
          new ModeSettings(
              mode,
              512 * 1024,
              8192,
              BEST_SPEED_BLOCK_BYTES,
              BEST_SPEED_PRESET_BYTES,
              0,
              dictionaryMin,
              share);
      case BEST_COMPRESSION ->
          new ModeSettings(mode, 256 * 1024, 4096, 32 * 1024, 0, 9, dictionaryMin, share);
      case DICTIONARY ->
          new ModeSettings(
              mode,
              DICTIONARY_CHUNK_BYTES,
              DICTIONARY_CHUNK_DOCS,
              DICTIONARY_BLOCK_BYTES,
              0,
              DICTIONARY_LEVEL,
              dictionaryMin,
              share);
    };
  }

  /**
   * These settings with other chunk and block sizes, for users who tune them and for tests that
   * need many small chunks.
   *
   * @throws IllegalArgumentException naming the first argument out of its range
   */
  public ModeSettings withChunking(int chunkBytes, int maxDocsPerChunk, int blockBytes) {
    if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "chunkBytes must be in [1, " + MAX_CHUNK_BYTES + "], got " + chunkBytes);
    }
    if (maxDocsPerChunk < 1) {
      throw new IllegalArgumentException("maxDocsPerChunk must be >= 1, got " + maxDocsPerChunk);
    }
    if (blockBytes < 1 || blockBytes > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(
          "blockBytes must be in [1, " + MAX_BLOCK_BYTES + "], got " + blockBytes);
    }
    return new ModeSettings(
        mode,
        chunkBytes,
        maxDocsPerChunk,
        blockBytes,
        presetBytes,
        level,
        dictionaryMinSegmentBytes,
        dictionaryMemoryShare);
  }

  /** These settings with another dictionary threshold (tests: small indexes with dictionaries). */
  public ModeSettings withDictionaryMinSegmentBytes(long minSegmentBytes) {
    if (minSegmentBytes < 0) {
      throw new IllegalArgumentException("minSegmentBytes must be >= 0, got " + minSegmentBytes);
    }
    return new ModeSettings(
        mode,
        chunkBytes,
        maxDocsPerChunk,
        blockBytes,
        presetBytes,
        level,
        minSegmentBytes,
        dictionaryMemoryShare);
  }

  /**
   * These settings with another dictionary memory share (tests: small segments that keep several
   * dictionaries through merges).
   */
  public ModeSettings withDictionaryMemoryShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + share);
    }
    return new ModeSettings(
        mode,
        chunkBytes,
        maxDocsPerChunk,
        blockBytes,
        presetBytes,
        level,
        dictionaryMinSegmentBytes,
        share);
  }

  /**
   * Buffered bytes at which the writer closes a chunk of blocks of {@code target} bytes whose
   * documents average {@code averageDocBytes}. Blocks end at document boundaries, so a block holds
   * on average half a document less than {@code target}, and closing BEST_COMPRESSION's chunks at
   * {@code chunkBytes} left a last block of a few hundred bytes in nearly every chunk, which
   * compresses poorly and costs its own framing and checksum: 0.58% of all bytes on GeoNames JSON.
   * So a BEST_COMPRESSION chunk closes when its whole blocks are nearly full: {@code chunkBytes /
   * target} blocks of {@code target} less a document (at least 1/64 of a block) each, which for 32
   * KiB blocks is 252 KiB. The other modes close at {@code chunkBytes}: their chunks hold a hundred
   * blocks or more, or one; so does a chunk smaller than one block.
   */
  int chunkCloseBytes(int target, long averageDocBytes) {
    long slack = Math.max(target / 64, averageDocBytes);
    if (mode != SegmentMode.BEST_COMPRESSION || slack >= target / 2 || chunkBytes < target) {
      return chunkBytes;
    }
    return (int) ((chunkBytes / target) * (target - slack));
  }

  /**
   * Block size for a chunk of documents that average {@code averageDocBytes}: in DICTIONARY, large
   * enough for {@link #DICTIONARY_DOCS_PER_BLOCK} of them, from {@link #DICTIONARY_MIN_BLOCK_BYTES}
   * up to {@link #blockBytes}; {@code current} in the other modes.
   */
  int blockBytesFor(long averageDocBytes, int current) {
    if (mode != SegmentMode.DICTIONARY) {
      return current;
    }
    long wanted = Math.max(DICTIONARY_MIN_BLOCK_BYTES, DICTIONARY_DOCS_PER_BLOCK * averageDocBytes);
    return (int) Math.min(blockBytes, wanted);
  }

  /**
   * BEST_COMPRESSION data compressing worse than this ratio gets {@link #POOR_RATIO_BLOCK_BYTES}
   * blocks.
   */
  static final int POOR_RATIO = 4;

  /**
   * BEST_COMPRESSION's block size for data compressing worse than {@link #POOR_RATIO}:1. zstd's
   * decoding time follows the compressed bytes it reads, plus a few microseconds per block for its
   * entropy tables, so such data gets smaller blocks: in the benchmark worker (GeoNames,
   * BEST_COMPRESSION, bulk), 16 / 12 / 8 KiB blocks read 46k / 59k / 56k random docs/s on the 19
   * fields (2.6:1) for 21.44 / 21.84 / 22.45 MB, and 43k / 56k / 62k on JSON with its keys apart
   * (3.5:1) for 22.25 / 22.70 / 23.39 MB. JSON of other shapes, which keeps its keys, compresses
   * better than 4:1 and keeps 32 KiB blocks.
   */
  static final int POOR_RATIO_BLOCK_BYTES = 12 * 1024;

  /**
   * Block size for the writer's next chunk, given the raw and compressed bytes of its last one (see
   * {@link #POOR_RATIO_BLOCK_BYTES}). A chunk of less than four blocks (a segment's last) says too
   * little to change course.
   */
  int nextBlockBytes(long raw, long compressed, int current) {
    if (mode != SegmentMode.BEST_COMPRESSION || raw < 4L * blockBytes) {
      return current;
    }
    return compressesPoorly(raw, compressed) ? smallBlockBytes() : blockBytes;
  }

  /** The block size for data that compresses poorly, never above {@link #blockBytes}. */
  int smallBlockBytes() {
    return Math.min(POOR_RATIO_BLOCK_BYTES, blockBytes);
  }

  boolean compressesPoorly(long raw, long compressed) {
    return compressed * POOR_RATIO > raw;
  }

  /**
   * Whether a writer's first chunk starts with a {@link #POOR_RATIO_BLOCK_BYTES} block to learn
   * which block size fits the data, keeping it if small blocks do. Without it, every writer's first
   * chunk would have 32 KiB blocks, and with tiny flushes and merges those are a large part of the
   * index: GeoNames JSON (keys apart) then read 38k random docs/s in the tiny regime against 57k in
   * bulk.
   */
  boolean triesSmallBlocksFirst() {
    return mode == SegmentMode.BEST_COMPRESSION;
  }

  /**
   * Whether the writer splits binary values that are JSON objects ({@link JsonKeys}); any mode
   * reads them. BEST_COMPRESSION does: on GeoNames JSON in the benchmark worker its files took
   * 12.6% fewer bytes, random reads 56k instead of 39-50k docs/s, and indexing ~30% less time (zstd
   * has less to compress). BEST_SPEED does not: the split cost its indexing 24% more time (1.83 s
   * instead of 1.48 s; LZ4 saves less than the split costs) and random reads 27% (the join), for
   * 21% fewer bytes. DICTIONARY's trained dictionary already holds the keys; not measured.
   */
  boolean splitsJsonObjects() {
    return mode == SegmentMode.BEST_COMPRESSION;
  }

  /** True for the modes that need zstd-jni's native library. */
  public boolean needsZstd() {
    return mode != SegmentMode.BEST_SPEED;
  }

  /**
   * A fresh block codec for this mode; the caller closes it (and, separately, the dictionary).
   *
   * @param dictionary the segment's dictionary in mode DICTIONARY, or null
   */
  BlockCodec newBlockCodec(ZstdDictionary dictionary) {
    return switch (mode) {
      case BEST_SPEED -> Lz4BlockCodec.INSTANCE;
      case BEST_COMPRESSION, DICTIONARY -> new ZstdBlockCodec(level, dictionary);
    };
  }
}
