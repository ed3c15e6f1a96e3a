package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged stored-fields files, as the format's reader meets them: every damage ends in a {@link
 * CorruptIndexException} naming the file (never a wrong document, an unbounded allocation or
 * another exception), and what is not damaged still reads back. The chunk index's own damage is
 * tested in {@code index.StoredFieldsIndexCorruptionTest}, whole-index damage in codec-tests'
 * reliability package.
 */
class FormatCorruptionTest {

  /** A file's index header (the codec name's length after the 4-byte magic) damaged. */
  @Nested
  class FileHeaders {

    /** A byte flipped in any of the three files fails the integrity check, naming the file. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDamagedFileIsNamedByItsCorruptIndexException(Mode mode) throws IOException {
      for (String ext : List.of("csm", "csx", "csd")) {
        try (Directory dir = new ByteBuffersDirectory()) {
          try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode))) {
            for (int i = 0; i < 3000; i++) {
              w.addDocument(List.of(new StoredField("f", "value " + i + " " + "z".repeat(i % 50))));
            }
          }
          String name = SegmentFiles.fileWithExtension(dir, ext);
          SegmentFiles.flipByte(dir, name, 60);
          Exception e =
              assertThrows(
                  Exception.class,
                  () -> {
                    try (DirectoryReader r = DirectoryReader.open(dir)) {
                      for (var leaf : r.leaves()) {
                        SegmentFiles.fieldsReader(leaf.reader()).checkIntegrity();
                      }
                    }
                  });
          assertTrue(e instanceof CorruptIndexException, ext + ": " + e);
          assertTrue(e.getMessage().contains(name), e.getMessage());
        }
      }
    }

    /**
     * Opening fails before allocating the huge name (a corruption fuzz run once ran out of memory).
     */
    @ParameterizedTest
    @ValueSource(strings = {"csd", "csx", "csm"})
    void aHugeCodecNameLengthIsRefusedBeforeAnyAllocation(String extension) throws IOException {
      try (Directory dir = new ByteBuffersDirectory()) {
        IndexWriterConfig config =
            new IndexWriterConfig()
                .setCodec(new ChunkstoreCodec(Mode.BEST_SPEED))
                .setUseCompoundFile(false);
        try (IndexWriter w = new IndexWriter(dir, config)) {
          Document doc = new Document();
          doc.add(new StoredField("f", "value"));
          w.addDocument(doc);
        }
        String name = SegmentFiles.fileWithExtension(dir, extension);
        byte[] bytes = SegmentFiles.readAll(dir, name);
        // VInt 0x7FFFFFF0 in place of the name's one-byte length (and the name's first bytes).
        bytes[4] = (byte) 0xF0;
        bytes[5] = (byte) 0xFF;
        bytes[6] = (byte) 0xFF;
        bytes[7] = (byte) 0xFF;
        bytes[8] = (byte) 0x07;
        SegmentFiles.writeAll(dir, name, bytes);
        CorruptIndexException e =
            assertThrows(CorruptIndexException.class, () -> DirectoryReader.open(dir).close());
        assertTrue(
            e.getMessage().contains("codec header mismatch") && e.getMessage().contains(name),
            e.getMessage());
      }
    }
  }

  /**
   * Lengths and counts at the start of a chunk header set to negative or absurd values in place
   * (the file keeps its length and footer, so the segment still opens): reading the document they
   * describe fails with a message that names the value and the file, without allocating for the
   * absurd value, and every other document of the segment and of the index still reads back through
   * the same {@link StoredFields}.
   *
   * <p>The first chunk holds one incompressible 600 KB document, alone in its chunk in every mode
   * (larger than any mode's chunk), so its header is at a known place: right after the file's
   * header come ChunkDocs, NumBlocks, PresetLength and the document's length (VInts). Each value is
   * checked as soon as it is read, before any checksum, so the message names the bad value rather
   * than only a checksum mismatch. (The block table's packed values are covered by the header's
   * checksum.)
   */
  @Nested
  class ChunkHeaderValues {

    private static final int BIG_DOC_BYTES = 600_000;
    private static final int SMALL_DOCS = 199;

    /**
     * -1 and huge values take five bytes; LARGEST_IN_PLACE is the largest value the field's own
     * bytes hold.
     */
    private static final long LARGEST_IN_PLACE = Long.MIN_VALUE;

    static Stream<Arguments> damages() {
      List<Arguments> cases = new ArrayList<>();
      for (Mode mode : Mode.values()) {
        cases.add(
            Arguments.of(mode, HeaderField.CHUNK_DOCS, 0L, "holds 0 documents, index says 1"));
        cases.add(Arguments.of(mode, HeaderField.DOC_LENGTH, -1L, "invalid document length -1"));
        cases.add(
            Arguments.of(
                mode,
                HeaderField.DOC_LENGTH,
                (long) Integer.MAX_VALUE - 1,
                "invalid document length 2147483646"));
        cases.add(Arguments.of(mode, HeaderField.NUM_BLOCKS, -1L, "invalid block count -1"));
        cases.add(
            Arguments.of(mode, HeaderField.NUM_BLOCKS, 1_000_000L, "invalid block count 1000000"));
        cases.add(Arguments.of(mode, HeaderField.PRESET_LENGTH, -1L, "invalid preset length -1"));
        cases.add(
            Arguments.of(
                mode, HeaderField.PRESET_LENGTH, 1_000_000L, "invalid preset length 1000000"));
      }
      return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("damages")
    void aDamagedValueFailsThatDocumentOnly(
        Mode mode, HeaderField field, long value, String problem) throws IOException {
      byte[] big = new byte[BIG_DOC_BYTES];
      new Random(mode.ordinal()).nextBytes(big);
      try (Directory dir = new ByteBuffersDirectory()) {
        writeTwoSegments(dir, mode, big);
        String data = "_0." + StoredFieldsFiles.DATA_EXTENSION;
        byte[] bytes = SegmentFiles.readAll(dir, data);
        overwrite(bytes, field, value);
        SegmentFiles.writeAll(dir, data, bytes);

        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          LeafReader damaged = reader.leaves().get(0).reader();
          StoredFields fields = damaged.storedFields();
          CorruptIndexException e =
              assertThrows(CorruptIndexException.class, () -> fields.document(0));
          assertTrue(
              e.getMessage().contains(problem),
              () -> "expected \"" + problem + "\" in: " + e.getMessage());
          assertTrue(
              e.getMessage().contains(data), () -> "the file is not named: " + e.getMessage());

          // The failed read left the reader usable: the next chunk, then the damaged one again.
          for (int doc = 1; doc <= SMALL_DOCS; doc++) {
            assertEquals(small(doc), fields.document(doc).get("text"));
          }
          assertThrows(CorruptIndexException.class, () -> fields.document(0));
          StoredFields other = reader.leaves().get(1).reader().storedFields();
          assertEquals(small(SMALL_DOCS + 1), other.document(0).get("text"));
          assertThrows(
              CorruptIndexException.class,
              ((CodecReader) damaged).getFieldsReader()::checkIntegrity);
        }
      }
    }

    /** _0: the big document, then small ones (a second chunk); _1: one more small document. */
    private static void writeTwoSegments(Directory dir, Mode mode, byte[] big) throws IOException {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(TestCodecs.withSmallDictionaryThreshold(mode))
              .setUseCompoundFile(false)
              .setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        writer.addDocument(List.of(new StoredField("blob", new BytesRef(big))));
        for (int doc = 1; doc <= SMALL_DOCS; doc++) {
          writer.addDocument(List.of(new StoredField("text", small(doc))));
        }
        writer.commit();
        writer.addDocument(List.of(new StoredField("text", small(SMALL_DOCS + 1))));
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertArrayEquals(
            big,
            reader
                .leaves()
                .get(0)
                .reader()
                .storedFields()
                .document(0)
                .getBinaryValue("blob")
                .bytes);
      }
    }

    private static String small(int doc) {
      return "small document " + doc;
    }

    /**
     * Writes {@code value} over {@code field}: in the field's own bytes for {@link
     * #LARGEST_IN_PLACE} (the layout after it stays intact), else as a five-byte VInt, which may
     * spill over the fields after it: the reader checks each value as soon as it has read it.
     */
    private static void overwrite(byte[] bytes, HeaderField field, long value) throws IOException {
      ByteArrayDataInput in = new ByteArrayDataInput(bytes);
      in.setPosition(CodecUtil.indexHeaderLength(StoredFieldsFiles.DATA_CODEC, ""));
      int[] starts = new int[HeaderField.values().length];
      int[] ends = new int[HeaderField.values().length];
      int[] values = new int[HeaderField.values().length];
      for (HeaderField f : HeaderField.values()) {
        starts[f.ordinal()] = in.getPosition();
        values[f.ordinal()] = in.readVInt();
        ends[f.ordinal()] = in.getPosition();
      }
      assertEquals(
          1,
          values[HeaderField.CHUNK_DOCS.ordinal()],
          "the first chunk holds the big document alone");
      assertEquals(
          BIG_DOC_BYTES,
          values[HeaderField.DOC_LENGTH.ordinal()] - 4,
          "key and length precede the value");

      int at = starts[field.ordinal()];
      int width = value == LARGEST_IN_PLACE ? ends[field.ordinal()] - at : 5;
      long written = value == LARGEST_IN_PLACE ? (1L << (7 * width)) - 1 : value;
      for (int i = 0; i < width - 1; i++, written >>>= 7) {
        bytes[at + i] = (byte) ((written & 0x7F) | 0x80);
      }
      bytes[at + width - 1] = (byte) (written & (width == 5 ? 0x0F : 0x7F));
    }
  }

  /** The VInts at the start of the first chunk, in file order. */
  enum HeaderField {
    CHUNK_DOCS,
    NUM_BLOCKS,
    PRESET_LENGTH,
    DOC_LENGTH
  }

  /**
   * Damage inside the checksummed bytes, which only the checksums can see: a block's checksum is
   * checked whenever the block is decompressed, a chunk header's the first time the open segment
   * decodes it. Tests may switch reads without checksums on (never production code), which shows
   * that it is the checksums that catch these.
   */
  @Nested
  class ChecksummedBytes {

    private static final int DOCS = 300;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFlippedByteInsideACompressedBlockFailsTheReadWithAChecksumError(Mode mode)
        throws IOException {
      try (Directory dir = index(new ChunkstoreCodec(mode))) {
        String data = flipMiddleByte(dir);
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          StoredFields fields = reader.storedFields();
          CorruptIndexException e =
              assertThrows(CorruptIndexException.class, () -> readEveryDocument(fields));
          assertTrue(
              e.getMessage().contains("checksum mismatch") && e.getMessage().contains(data),
              e.getMessage());
        }
      }
    }

    /**
     * A merge copies clean segments' chunks byte for byte, without decoding them, after verifying
     * the source's whole-file checksum: a damaged source fails the merge, naming its data file, and
     * the index keeps both sources as they were.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aMergeCopyingADamagedSegmentFailsAndLeavesTheSources(Mode mode) throws IOException {
      ModeSettings defaults = TestCodecs.settings(mode);
      // 50 documents a chunk: each source has complete chunks, so the merge copies it whole.
      Codec codec =
          TestCodecs.codec(
              defaults.withChunking(defaults.chunkBytes(), 50, defaults.blockBytes()), true);
      try (Directory dir = new ByteBuffersDirectory()) {
        IndexWriterConfig config =
            new IndexWriterConfig()
                .setCodec(codec)
                .setUseCompoundFile(false)
                .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
          for (int segment = 0; segment < 2; segment++) {
            for (int doc = 0; doc < DOCS; doc++) {
              writer.addDocument(List.of(new StoredField("text", text(doc))));
            }
            writer.commit();
          }
        }
        String damaged =
            Stream.of(dir.listAll())
                .filter(f -> f.endsWith("." + StoredFieldsFiles.DATA_EXTENSION))
                .sorted()
                .findFirst()
                .orElseThrow();
        byte[] bytes = SegmentFiles.readAll(dir, damaged);
        bytes[bytes.length / 2] ^= 0x10;
        SegmentFiles.writeAll(dir, damaged, bytes);

        IndexWriter writer =
            new IndexWriter(
                dir,
                new IndexWriterConfig()
                    .setCodec(codec)
                    .setUseCompoundFile(false)
                    .setMergeScheduler(new SerialMergeScheduler()));
        try {
          // Lucene treats a corrupt merge source as a tragedy: the writer closes, or rethrows it.
          Exception e = assertThrows(Exception.class, () -> writer.forceMerge(1));
          Throwable cause = e;
          while (cause != null && !(cause instanceof CorruptIndexException)) {
            cause = cause.getCause();
          }
          assertTrue(cause != null, "no CorruptIndexException in " + e);
          assertTrue(
              cause.getMessage().contains("checksum failed")
                  && cause.getMessage().contains(damaged),
              cause.getMessage());
        } finally {
          writer.rollback();
        }

        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          assertEquals(2, reader.leaves().size(), "both sources are still the index");
          assertEquals(2 * DOCS, reader.maxDoc());
          for (var leaf : reader.leaves()) {
            String data =
                ((SegmentReader) leaf.reader())
                    .getSegmentInfo().info.files().stream()
                        .filter(f -> f.endsWith("." + StoredFieldsFiles.DATA_EXTENSION))
                        .findFirst()
                        .orElseThrow();
            if (!data.equals(damaged)) {
              StoredFields fields = leaf.reader().storedFields();
              for (int doc = 0; doc < DOCS; doc++) {
                assertEquals(text(doc), fields.document(doc).get("text"));
              }
            }
          }
        }
      }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void readsWithoutChecksumsDoNotNoticeAFlippedBlockByte(Mode mode) throws IOException {
      try (Directory dir = index(new ChunkstoreCodec(mode))) {
        flipMiddleByte(dir);
        try (DirectoryReader reader = DirectoryReader.open(dir);
            StoredFieldsReader fields = unverified(reader, mode)) {
          try {
            readEveryDocument(fields); // may read a wrong document, or fail in the decompressor
          } catch (CorruptIndexException e) {
            assertTrue(!e.getMessage().contains("checksum mismatch"), e.getMessage());
          }
        }
      }
    }

    /**
     * The only segment's stored fields, read without checksums. (A reader opened by Lucene gets its
     * format from the codec named in the segment, through SPI: always verifying.)
     */
    private static StoredFieldsReader unverified(DirectoryReader reader, Mode mode)
        throws IOException {
      SegmentReader segment = (SegmentReader) reader.leaves().get(0).reader();
      return TestCodecs.codec(TestCodecs.settings(mode), false)
          .storedFieldsFormat()
          .fieldsReader(
              segment.directory(),
              segment.getSegmentInfo().info,
              segment.getFieldInfos(),
              IOContext.DEFAULT);
    }

    /**
     * A damaged preset (inside the chunk header) fails every read of the chunk, from any clone: the
     * header is only remembered as verified once its checksum matched.
     */
    @Test
    void aDamagedChunkHeaderFailsEveryReadOfItsChunk() throws IOException {
      try (Directory dir = index(new ChunkstoreCodec(Mode.BEST_SPEED))) {
        String data = damagePreset(dir);
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          for (int attempt = 0; attempt < 3; attempt++) {
            StoredFields fields = reader.storedFields(); // a fresh clone each time
            CorruptIndexException e =
                assertThrows(CorruptIndexException.class, () -> fields.document(DOCS / 2));
            assertTrue(
                e.getMessage().contains("checksum mismatch in its header")
                    && e.getMessage().contains(data),
                e.getMessage());
          }
        }
      }
    }

    @Test
    void readsWithoutChecksumsDoNotNoticeADamagedPreset() throws IOException {
      try (Directory dir = index(new ChunkstoreCodec(Mode.BEST_SPEED))) {
        damagePreset(dir);
        try (DirectoryReader reader = DirectoryReader.open(dir);
            StoredFieldsReader fields = unverified(reader, Mode.BEST_SPEED)) {
          try {
            fields.document(DOCS / 2, new DocumentStoredFieldVisitor());
          } catch (CorruptIndexException e) {
            assertTrue(!e.getMessage().contains("checksum mismatch"), e.getMessage());
          }
        }
      }
    }

    private static String text(int doc) {
      return "document " + doc + " of the checksum tests, with some text to compress ".repeat(3);
    }

    private static Directory index(Codec codec) throws IOException {
      Directory dir = new ByteBuffersDirectory();
      IndexWriterConfig config = new IndexWriterConfig().setCodec(codec).setUseCompoundFile(false);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int doc = 0; doc < DOCS; doc++) {
          writer.addDocument(List.of(new StoredField("text", text(doc))));
        }
        writer.forceMerge(1);
      }
      return dir;
    }

    private static void readEveryDocument(StoredFields fields) throws IOException {
      for (int doc = 0; doc < DOCS; doc++) {
        fields.document(doc, new DocumentStoredFieldVisitor());
      }
    }

    /**
     * Flips a bit in the middle of the data file, which is compressed block bytes; the footer stays
     * intact, so the segment opens and only a read (or checkIntegrity) can notice.
     */
    private static String flipMiddleByte(Directory dir) throws IOException {
      String data = SegmentFiles.fileWithExtension(dir, StoredFieldsFiles.DATA_EXTENSION);
      byte[] bytes = SegmentFiles.readAll(dir, data);
      bytes[bytes.length / 2] ^= 0x10;
      SegmentFiles.writeAll(dir, data, bytes);
      return data;
    }

    /** Flips a bit in the middle of the first chunk's preset; returns the data file's name. */
    private static String damagePreset(Directory dir) throws IOException {
      String data = SegmentFiles.fileWithExtension(dir, StoredFieldsFiles.DATA_EXTENSION);
      byte[] bytes = SegmentFiles.readAll(dir, data);
      ByteArrayDataInput in = new ByteArrayDataInput(bytes);
      in.setPosition(CodecUtil.indexHeaderLength(StoredFieldsFiles.DATA_CODEC, ""));
      int docs = in.readVInt();
      int blocks = in.readVInt();
      int preset = in.readVInt();
      assertEquals(DOCS, docs);
      assertTrue(preset > 0, "a chunk of " + docs + " documents has a preset");
      int lengthBits = in.readByte() & 0xFF;
      in.skipBytes(lengthBits == 0 ? 1 : ((long) docs * lengthBits + 7) / 8);
      for (int t = 0; t < 3; t++) {
        int bits = in.readByte() & 0xFF;
        in.skipBytes(((long) (blocks + 1) * bits + 7) / 8);
      }
      in.skipBytes(Integer.BYTES); // DictionaryId
      bytes[in.getPosition() + preset / 2] ^= 0x01;
      SegmentFiles.writeAll(dir, data, bytes);
      return data;
    }
  }
}
