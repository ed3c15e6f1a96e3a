package io.github.chunkstore;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.compression.ZstdSupport;
import io.github.chunkstore.format.ConfiguredStoredFieldsFormat;
import io.github.chunkstore.format.ModeSettings;
import io.github.chunkstore.format.SegmentMode;
import io.github.chunkstore.format.StoredFieldsFiles;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;

/**
 * Chunkstore's stored fields: documents are serialized ({@code FieldEncoding}), buffered into
 * chunks of many documents, and each chunk is compressed in independent blocks; a compact on-heap
 * index ({@code io.github.chunkstore.index.StoredFieldsIndexWriter}) maps docIDs to chunks.
 *
 * <p>Three files per segment, each starting with {@link CodecUtil#writeIndexHeader} (segment id,
 * empty suffix) and ending with {@link CodecUtil#writeFooter}:
 *
 * <p><b>Data</b> ({@code .csd}): the chunks.
 *
 * <pre>
 * Data             --&gt; Header, Chunk<sup>NumChunks</sup>, Footer
 * Chunk            --&gt; ChunkHeader, Preset, HeaderChecksum, Block<sup>NumBlocks</sup>
 * ChunkHeader      --&gt; ChunkDocs, NumBlocks, PresetLength, DocLengths, Shapes, BlockTable, DictionaryId
 * ChunkDocs        --&gt; VInt, the number of documents in the chunk (&gt;= 1)
 * NumBlocks        --&gt; VInt, 0 only when every document of the chunk is empty
 * PresetLength     --&gt; VInt, 0 except in BEST_SPEED
 * DocLengths       --&gt; if ChunkDocs = 1: VInt
 *                      else: BitsPerLength, (BitsPerLength = 0 ? VInt : PackedLengths)
 * BitsPerLength    --&gt; Byte, 0 when every document has the same length
 * PackedLengths    --&gt; ChunkDocs serialized document lengths, PackedInts.Format.PACKED at BitsPerLength
 * Shapes           --&gt; NumShapes, (NumShapes &gt; 0 ? ShapesBytes, Shape<sup>NumShapes</sup>, ShapeIds : nothing)
 * NumShapes        --&gt; VInt, 0..32: the field-key sequences the chunk lists once
 * ShapesBytes      --&gt; VInt, the bytes of the Shapes that follow, so a read skips them at once
 * Shape            --&gt; ShapeBytes, NumKeys VInt (0..256), (FieldKey, Template if FieldKey's type is SPLIT_OBJECT)<sup>NumKeys</sup>
 * ShapeBytes       --&gt; VInt, the bytes of the shape's NumKeys and keys, so a read finds a shape
 *                      without decoding the ones before it
 * FieldKey         --&gt; VLong, see FieldEncoding
 * Template         --&gt; the top-level keys of the shape's JSON objects in that field, see JsonKeys
 * ShapeIds         --&gt; BitsPerShapeId Byte, then unless it is 0 ChunkDocs ids, PackedInts.Format.PACKED:
 *                      id s &lt; NumShapes: the document holds Shape s's values only;
 *                      id NumShapes: the document keeps its keys inline; BitsPerShapeId 0: every id is 0
 * BlockTable       --&gt; if NumBlocks &gt; 0: BlockDocStarts, BlockRawStarts, BlockOffsets
 * BlockDocStarts   --&gt; PackedArray: for b = 0..NumBlocks, how many documents start before block b
 * BlockRawStarts   --&gt; PackedArray: for b = 0..NumBlocks, the raw bytes of the blocks before b
 * BlockOffsets     --&gt; PackedArray: for b = 0..NumBlocks, the bytes of the Blocks before b
 *                      (checksums included), so Block b starts that far after HeaderChecksum
 * PackedArray      --&gt; BitsPerValue Byte (1..31), NumBlocks + 1 values (the first is 0),
 *                      PackedInts.Format.PACKED
 * DictionaryId     --&gt; Int32: 0 = no dictionary (always outside DICTIONARY), else the id of the
 *                      Dictionary in Meta the blocks were compressed with: the murmurhash3_x86_32
 *                      of its bytes (seed 0x43534431), 1 where that hash is 0
 * Preset           --&gt; Byte<sup>PresetLength</sup>: raw bytes sampled from the chunk's documents
 * HeaderChecksum   --&gt; Int32, CRC32C of the ChunkHeader's bytes followed by the Preset
 * Block            --&gt; BlockChecksum, CompressedBytes
 * BlockChecksum    --&gt; Int32, CRC32C of CompressedBytes followed by the block's raw length as a big-endian Int32
 * CompressedBytes  --&gt; LZ4 against the chunk's Preset (BEST_SPEED), a magicless zstd frame (BEST_COMPRESSION),
 *                      or a magicless zstd frame against the Dictionary the chunk names (DICTIONARY; plain zstd for none)
 * </pre>
 *
 * The documents' serialized bytes, concatenated in docID order, are cut into blocks at document
 * boundaries: a block takes documents while it stays within the writer's block size, at most
 * BlockBytes (BEST_COMPRESSION uses 12 KiB after a chunk that compressed worse than 4:1); a
 * document longer than that gets blocks of its own of exactly that size (its last one shorter),
 * called slices. A document is thus in one block or in consecutive slices, and a reader
 * decompresses only those. A random read finds its block in the BlockTable (a document belongs to
 * the block holding its first byte; empty documents after the chunk's last byte to none) and
 * decodes only the lengths of the documents before it in that block, so its cost does not grow with
 * the chunk. In BEST_SPEED, every block is compressed as if the Preset came right before it, so a
 * block of a few KiB compresses almost like the whole chunk while a random read decompresses only
 * its block. The reader verifies a chunk's HeaderChecksum the first time the open segment decodes
 * the header (remembered per chunk by all of the segment's readers) and a block's BlockChecksum
 * whenever it decompresses the block, so a damaged data file raises {@code CorruptIndexException}
 * at read time instead of returning a wrong document.
 *
 * <p><b>Chunk index</b> ({@code .csx}): blocks of 1024 chunks, see {@code
 * io.github.chunkstore.index.StoredFieldsIndexWriter}.
 *
 * <pre>
 * ChunkIndex --&gt; Header, IndexBlock<sup>ceil(NumChunks / 1024)</sup>, EndMarker, MaxPointer, Footer
 * </pre>
 *
 * <p><b>Meta</b> ({@code .csm}): what a reader must know before reading the rest.
 *
 * <pre>
 * Meta            --&gt; Header, ModeId, ChunkBytes, MaxDocsPerChunk, BlockBytes, NumDocs,
 *                     NumChunks, NumDirtyChunks, NumDirtyDocs, RawBytes, NumDictionaries,
 *                     (DictionaryLength, Dictionary)<sup>NumDictionaries</sup>, Footer
 * ModeId          --&gt; Byte: 0 = BEST_SPEED, 1 = BEST_COMPRESSION, 2 = DICTIONARY
 * ChunkBytes, MaxDocsPerChunk, BlockBytes, NumDocs --&gt; VInt
 * NumChunks, NumDirtyChunks, NumDirtyDocs          --&gt; VLong
 * RawBytes        --&gt; VLong, the serialized documents' bytes (the sum of the chunks' raw lengths)
 * NumDictionaries --&gt; VInt, 0..8; 0 outside DICTIONARY mode
 * DictionaryLength --&gt; VInt, 1..1 MiB
 * Dictionary      --&gt; Byte<sup>DictionaryLength</sup>, a zstd dictionary; no two have the same id
 * </pre>
 *
 * <p>In mode DICTIONARY the writer keeps the documents it compresses in a temporary file (header,
 * batches of documents, footer; deleted before the segment is committed) until it has seen them
 * all, then chooses their dictionary from an even sample of them (see {@code DictionaryChoice}) and
 * writes the chunks. Chunks that a merge copies keep the dictionary they name, which the merged
 * segment's Meta lists too (see {@code MergeDictionaries}), so one segment may hold several.
 *
 * <p>A chunk is <em>dirty</em> (incomplete) when it was flushed before it was full: at the end of a
 * segment, or before a bulk copy during a merge. Merges copy chunks byte for byte when the source
 * matches and is not too dirty, and recompress otherwise, so small flushes do not degrade
 * compression for ever.
 *
 * <p>All three files carry the same version; a reader accepts the versions it knows and names the
 * file when it finds anything else. The version is bumped whenever the layout changes.
 */
public final class ChunkstoreStoredFieldsFormat extends StoredFieldsFormat {

  /** Extension of the data file. */
  public static final String DATA_EXTENSION = StoredFieldsFiles.DATA_EXTENSION;

  /** Extension of the chunk index file. */
  public static final String INDEX_EXTENSION = StoredFieldsFiles.INDEX_EXTENSION;

  /** Extension of the meta file. */
  public static final String META_EXTENSION = StoredFieldsFiles.META_EXTENSION;

  /** The format version new segments are written with; every file carries it in its header. */
  public static final int VERSION_CURRENT = StoredFieldsFiles.VERSION_CURRENT;

  private final ConfiguredStoredFieldsFormat format;

  /** Format that writes new segments in {@code mode} and reads segments of any mode. */
  public ChunkstoreStoredFieldsFormat(Mode mode) {
    this(ModeSettings.of(segmentMode(Objects.requireNonNull(mode, "mode"))), true);
  }

  /**
   * Expert: format that writes new segments in {@code mode} with chunks and blocks of other sizes
   * than the mode's, and reads segments of any mode and sizes. Larger chunks and blocks compress
   * better; smaller blocks make random reads faster (a read decompresses one block), smaller chunks
   * make reading a chunk's header cheaper. The defaults were chosen with the project's benchmark;
   * segments written with other sizes stay readable by every Chunkstore codec, but a merge copies
   * chunks byte for byte only between segments of the same sizes.
   *
   * @param mode how blocks are compressed
   * @param chunkBytes a chunk is closed once its documents take this many serialized bytes, in [1,
   *     2^30]
   * @param maxDocsPerChunk ... or once it holds this many documents, at least 1
   * @param blockBytes chunks are compressed in independent blocks of at most this many serialized
   *     bytes, in [1, 2^24]
   * @throws IllegalArgumentException naming the argument out of its range
   */
  public ChunkstoreStoredFieldsFormat(
      Mode mode, int chunkBytes, int maxDocsPerChunk, int blockBytes) {
    this(
        ModeSettings.of(segmentMode(Objects.requireNonNull(mode, "mode")))
            .withChunking(chunkBytes, maxDocsPerChunk, blockBytes),
        true);
  }

  /** Tests: any settings, and reads without checksums when {@code verifyChecksums} is false. */
  ChunkstoreStoredFieldsFormat(ModeSettings settings, boolean verifyChecksums) {
    if (settings.needsZstd()) {
      // Fail when the codec is configured, not at the first flush deep inside IndexWriter.
      ZstdSupport.ensureAvailable("Mode." + publicMode(settings.mode()));
    }
    this.format = new ConfiguredStoredFieldsFormat(settings, verifyChecksums);
  }

  /** The mode new segments are written in. */
  public Mode mode() {
    return publicMode(format.settings().mode());
  }

  static SegmentMode segmentMode(Mode mode) {
    return switch (mode) {
      case BEST_SPEED -> SegmentMode.BEST_SPEED;
      case BEST_COMPRESSION -> SegmentMode.BEST_COMPRESSION;
      case DICTIONARY -> SegmentMode.DICTIONARY;
    };
  }

  static Mode publicMode(SegmentMode mode) {
    return switch (mode) {
      case BEST_SPEED -> Mode.BEST_SPEED;
      case BEST_COMPRESSION -> Mode.BEST_COMPRESSION;
      case DICTIONARY -> Mode.DICTIONARY;
    };
  }

  @Override
  public StoredFieldsReader fieldsReader(
      Directory directory, SegmentInfo si, FieldInfos fn, IOContext context) throws IOException {
    return format.fieldsReader(directory, si, fn, context);
  }

  @Override
  public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context)
      throws IOException {
    return format.fieldsWriter(directory, si, context);
  }
}
