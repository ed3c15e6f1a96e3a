package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The format's own behaviour: slicing, visitors, errors, merges, sorting, accounting. */
class FormatBehaviourTest {

  private static IndexWriterConfig config(Mode mode) {
    IndexWriterConfig iwc = new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode));
    iwc.setUseCompoundFile(false);
    // LogDocMergePolicy keeps segments in order, so merged docIDs are predictable.
    org.apache.lucene.index.LogDocMergePolicy mp = new org.apache.lucene.index.LogDocMergePolicy();
    mp.setNoCFSRatio(0.0);
    iwc.setMergePolicy(mp);
    return iwc;
  }

  private static ChunkstoreStoredFieldsReader fieldsReader(LeafReader reader) {
    return (ChunkstoreStoredFieldsReader) ((CodecReader) reader).getFieldsReader();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void documentsLargerThanAChunkAreSlicedAndReadBack(Mode mode) throws IOException {
    Random random = new Random(7);
    byte[] huge = new byte[3 * 1024 * 1024 + 17];
    random.nextBytes(huge);
    String bigText = "x".repeat(700_000) + "end";
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(mode))) {
        for (int i = 0; i < 5; i++) {
          w.addDocument(List.of(new StoredField("small", "doc" + i)));
        }
        w.addDocument(List.of(new StoredField("bin", new BytesRef(huge)), new StoredField("text", bigText), new StoredField("after", 12)));
        w.addDocument(List.of(new StoredField("small", "tail")));
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        LeafReader leaf = r.leaves().get(0).reader();
        StoredFields fields = leaf.storedFields();
        Document big = fields.document(5);
        assertArrayEquals(huge, big.getBinaryValue("bin").bytes);
        assertEquals(bigText, big.get("text"));
        assertEquals(12, big.getField("after").numericValue().intValue());
        assertEquals("doc4", fields.document(4).get("small"));
        assertEquals("tail", fields.document(6).get("small"));
        // Skipping the huge values must land exactly on the next field.
        Map<String, Object> seen = new HashMap<>();
        fields.document(5, new StoredFieldVisitor() {
          @Override
          public Status needsField(FieldInfo info) {
            return info.name.equals("after") ? Status.YES : Status.NO;
          }

          @Override
          public void intField(FieldInfo info, int value) {
            seen.put(info.name, value);
          }
        });
        assertEquals(Map.of("after", 12), seen);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void visitorStatusesAreHonoured(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(mode))) {
        w.addDocument(List.of(new StoredField("a", "A"), new StoredField("b", 2L), new StoredField("c", "C"), new StoredField("d", 4.5)));
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        List<String> visited = new ArrayList<>();
        r.leaves().get(0).reader().storedFields().document(0, new StoredFieldVisitor() {
          @Override
          public Status needsField(FieldInfo info) {
            return switch (info.name) {
              case "a" -> Status.NO;
              case "b" -> Status.YES;
              default -> Status.STOP;
            };
          }

          @Override
          public void stringField(FieldInfo info, String value) {
            visited.add(info.name + "=" + value);
          }

          @Override
          public void longField(FieldInfo info, long value) {
            visited.add(info.name + "=" + value);
          }

          @Override
          public void doubleField(FieldInfo info, double value) {
            visited.add(info.name + "=" + value);
          }
        });
        assertEquals(List.of("b=2"), visited);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void emptyDocumentsAndDocIdRange(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(mode))) {
        for (int i = 0; i < 2000; i++) {
          w.addDocument(i == 1500 ? List.of(new StoredField("x", "only")) : List.of());
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        LeafReader leaf = r.leaves().get(0).reader();
        StoredFields fields = leaf.storedFields();
        assertTrue(fields.document(0).getFields().isEmpty());
        assertEquals("only", fields.document(1500).get("x"));
        assertTrue(fields.document(1999).getFields().isEmpty());
        ChunkstoreStoredFieldsReader reader = fieldsReader(leaf);
        assertEquals(mode.name(), reader.mode().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.document(2000, new org.apache.lucene.document.DocumentStoredFieldVisitor()));
        assertTrue(e.getMessage().contains("2000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reader.document(-1, new org.apache.lucene.document.DocumentStoredFieldVisitor()));
        assertThrows(IllegalArgumentException.class, () -> reader.prefetch(2000));
        // A refused docID leaves the reader as it was.
        org.apache.lucene.document.DocumentStoredFieldVisitor after = new org.apache.lucene.document.DocumentStoredFieldVisitor();
        reader.document(1500, after);
        assertEquals("only", after.getDocument().get("x"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aWritersFirstChunkOfOnlyEmptyDocumentsHasNoBlocks(Mode mode) throws IOException {
    // BEST_COMPRESSION's first chunk tries a small block first: there is none to try here.
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(mode).setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (int i = 0; i < 30; i++) {
          w.addDocument(List.of());
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        for (int i = 0; i < 30; i++) {
          assertTrue(r.storedFields().document(i).getFields().isEmpty(), "doc " + i);
        }
      }
    }
  }

  @Test
  void finishRejectsACountMismatch() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      org.apache.lucene.index.SegmentInfo si = newSegmentInfo(dir, 2);
      FieldInfo info = fieldInfo("f", 0);
      try (var writer = new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED).fieldsWriter(dir, si, IOContext.DEFAULT)) {
        writer.startDocument();
        writer.writeField(info, "one");
        writer.finishDocument();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.finish(2));
        assertTrue(e.getMessage().contains("wrote 1 documents"), e.getMessage());
        writer.close();
        writer.close(); // idempotent
      }
    }
  }

  @Test
  void writerRamGrowsWithBufferedDocumentsAndKeepsAtMostTwoChunksOfPages() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      org.apache.lucene.index.SegmentInfo si = newSegmentInfo(dir, 1000);
      FieldInfo info = fieldInfo("f", 0);
      try (var writer = new ChunkstoreStoredFieldsFormat(Mode.BEST_SPEED).fieldsWriter(dir, si, IOContext.DEFAULT)) {
        long empty = writer.ramBytesUsed();
        String value = "y".repeat(10_000);
        for (int i = 0; i < 50; i++) { // 500 KB buffered: below BEST_SPEED's 512 KiB chunk
          writer.startDocument();
          writer.writeField(info, value);
          writer.finishDocument();
        }
        long buffered = writer.ramBytesUsed();
        assertTrue(buffered >= empty + 500_000, empty + " -> " + buffered);
        // Flushed chunks hand their pages to the next one, up to two chunks' worth plus 64 KiB.
        long bound = empty + 2L * ModeSettings.of(SegmentMode.BEST_SPEED).chunkBytes() + 64 * 1024 + 100_000;
        for (int i = 0; i < 3; i++) { // crosses the chunk size: flushed
          writer.startDocument();
          writer.writeField(info, value);
          writer.finishDocument();
        }
        assertTrue(writer.ramBytesUsed() < bound, writer.ramBytesUsed() + " vs " + bound);
        // A huge document's pages go back to the garbage collector once it is flushed.
        writer.startDocument();
        writer.writeField(info, "z".repeat(4_000_000));
        writer.finishDocument();
        assertTrue(writer.ramBytesUsed() < bound, writer.ramBytesUsed() + " vs " + bound);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void damagedFilesRaiseCorruptIndexExceptionNamingTheFile(Mode mode) throws IOException {
    for (String ext : List.of("csm", "csx", "csd")) {
      try (Directory dir = new ByteBuffersDirectory()) {
        try (IndexWriter w = new IndexWriter(dir, config(mode))) {
          for (int i = 0; i < 3000; i++) {
            w.addDocument(List.of(new StoredField("f", "value " + i + " " + "z".repeat(i % 50))));
          }
        }
        String name = fileWithExtension(dir, ext);
        flipByte(dir, name, 60);
        Exception e = assertThrows(Exception.class, () -> {
          try (DirectoryReader r = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : r.leaves()) {
              fieldsReader(leaf.reader()).checkIntegrity();
            }
          }
        });
        assertTrue(e instanceof CorruptIndexException, ext + ": " + e);
        assertTrue(e.getMessage().contains(name), e.getMessage());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csm", "csx", "csd"})
  void aSegmentFromANewerFormatVersionIsRejected(String ext) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_SPEED))) {
        w.addDocument(List.of(new StoredField("f", "v")));
      }
      String file = fileWithExtension(dir, ext);
      String codec = switch (ext) {
        case "csm" -> StoredFieldsFiles.META_CODEC;
        case "csx" -> StoredFieldsFiles.INDEX_CODEC;
        default -> StoredFieldsFiles.DATA_CODEC;
      };
      // The version is the big-endian int right after the magic and the codec name.
      int versionOffset = 4 + 1 + codec.length();
      byte[] bytes = readAll(dir, file);
      bytes[versionOffset + 3] = (byte) (StoredFieldsFiles.VERSION_CURRENT + 1);
      // A real newer segment has a valid checksum: recompute it over everything before it.
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(bytes, 0, bytes.length - Long.BYTES);
      java.nio.ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
      writeAll(dir, file, bytes);
      IndexFormatTooNewException e = assertThrows(IndexFormatTooNewException.class, () -> DirectoryReader.open(dir).close());
      assertTrue(e.getMessage().contains(file), e.getMessage());
      assertTrue(e.getMessage().contains(": " + (StoredFieldsFiles.VERSION_CURRENT + 1) + " (needs to be between"), e.getMessage());
    }
  }

  @Test
  void fullChunksOfWholeBlocksEndWithoutATinyLastBlock() throws IOException {
    // BEST_COMPRESSION: 256 KiB chunks of 32 KiB blocks. Documents of ~200 bytes leave ~170 bytes
    // free at the end of each block, so eight blocks hold ~260,800 bytes, less than 256 KiB.
    Random random = new Random(5);
    try (Directory dir = new ByteBuffersDirectory()) {
      writeOneSegment(dir, () -> "x".repeat(150 + random.nextInt(100)));
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        int[] blocks = blocksOfFullChunks(r);
        for (int c = 0; c < blocks.length; c++) {
          assertEquals(8, blocks[c], "blocks in full chunk " + c);
        }
      }
    }
  }

  /** 10,000 documents of one value each from {@code values}, merged into one BEST_COMPRESSION segment. */
  private static void writeOneSegment(Directory dir, Supplier<String> values) throws IOException {
    try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_COMPRESSION))) {
      for (int i = 0; i < 10_000; i++) {
        w.addDocument(List.of(new StoredField("f", values.get())));
      }
      w.forceMerge(1);
    }
  }

  /** NumBlocks of every chunk but the last of the reader's one segment, which has more than 3. */
  private static int[] blocksOfFullChunks(DirectoryReader r) throws IOException {
    ChunkstoreStoredFieldsReader reader = fieldsReader(r.leaves().get(0).reader());
    assertTrue(reader.numChunks() > 3);
    IndexInput data = reader.dataInput().clone();
    int[] blocks = new int[reader.numChunks() - 1];
    for (int c = 0; c < blocks.length; c++) {
      data.seek(reader.chunkIndex().chunkStartPointer(c));
      data.readVInt(); // ChunkDocs
      blocks[c] = data.readVInt();
    }
    return blocks;
  }

  @Test
  void poorlyCompressingDataGetsSmallBlocksFromTheFirstChunkOn() throws IOException {
    // Random letters compress far worse than 4:1. The writer's first chunk tries a 12 KiB block
    // first and keeps that size; later chunks close when 21 blocks of 12 KiB are nearly full, so
    // they end without a small last block. The first one closed at 252 KiB, as for 32 KiB blocks.
    Random random = new Random(6);
    try (Directory dir = new ByteBuffersDirectory()) {
      writeOneSegment(dir, () -> StoredDocs.randomString(random, 600));
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        int[] blocks = blocksOfFullChunks(r);
        int perChunk = 256 / (ModeSettings.POOR_RATIO_BLOCK_BYTES / 1024);
        assertTrue(blocks[0] == perChunk || blocks[0] == perChunk + 1, blocks[0] + " blocks in the first chunk");
        for (int c = 1; c < blocks.length; c++) {
          assertEquals(perChunk, blocks[c], "blocks in full chunk " + c);
        }
        StoredFields fields = r.storedFields();
        Random again = new Random(6);
        for (int i = 0; i < 10_000; i++) {
          assertEquals(StoredDocs.randomString(again, 600), fields.document(i).get("f"), "doc " + i);
        }
      }
    }
  }

  @Test
  void matchingSegmentsAreCopiedChunkForChunk() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc = config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
      long sourceChunks = 0;
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int seg = 0; seg < 3; seg++) {
          for (int i = 0; i < 20_000; i++) {
            w.addDocument(List.of(new StoredField("f", "segment " + seg + " doc " + i)));
          }
          w.commit();
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : r.leaves()) {
          ChunkstoreStoredFieldsReader reader = fieldsReader(leaf.reader());
          assertEquals(1, reader.numDirtyChunks());
          sourceChunks += reader.numChunks();
        }
      }
      try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_SPEED))) {
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = fieldsReader(r.leaves().get(0).reader());
        assertEquals(sourceChunks, merged.numChunks(), "bulk copy keeps every chunk");
        assertEquals(3, merged.numDirtyChunks());
        StoredFields fields = r.leaves().get(0).reader().storedFields();
        assertEquals("segment 1 doc 17", fields.document(20_017).get("f"));
        assertEquals("segment 2 doc 19999", fields.document(59_999).get("f"));
      }
    }
  }

  @Test
  void dirtySegmentsAreRecompressedNotCopied() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc = config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 2000; i++) {
          w.addDocument(List.of(new StoredField("f", "tiny flush " + i)));
          if (i % 20 == 19) {
            w.flush(); // 100 segments, each one dirty chunk
          }
        }
      }
      try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_SPEED))) {
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = fieldsReader(r.leaves().get(0).reader());
        assertEquals(1, merged.numDirtyChunks(), "only the merged segment's tail is incomplete");
        assertEquals("tiny flush 1234", r.leaves().get(0).reader().storedFields().document(1234).get("f"));
      }
    }
  }

  /** BEST_SPEED closes a chunk of these short documents at its document limit. */
  private static final int DOCS_PER_CHUNK = ModeSettings.of(SegmentMode.BEST_SPEED).maxDocsPerChunk();

  @Test
  void segmentsWithLargeIncompleteChunksAreStillCopied() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      int segmentDocs = DOCS_PER_CHUNK * 7 / 2; // 3 complete chunks and half a chunk
      addSegments(dir, 0, segmentDocs, segmentDocs, segmentDocs);
      assertEquals(List.of(12L, 3L), forceMergeChunks(dir), "copied: the three tails stay incomplete");
      // Its incomplete chunks are half full and hold 1/7 of its documents: copied again.
      addSegments(dir, 3, 100);
      assertEquals(List.of(13L, 4L), forceMergeChunks(dir));
      assertDocuments(dir, segmentDocs, segmentDocs, segmentDocs, 100);
    }
  }

  @Test
  void segmentsWithSmallIncompleteChunksAreRecompressed() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      int segmentDocs = DOCS_PER_CHUNK + 800;
      addSegments(dir, 0, segmentDocs, segmentDocs, segmentDocs, segmentDocs, segmentDocs);
      assertEquals(List.of(10L, 5L), forceMergeChunks(dir));
      // Its incomplete chunks hold 9% of its documents, 800 each: recompressed, while its complete
      // chunks are copied where no small buffered chunk would be forced out before them. Buffered
      // remainders grow by 800 documents per pair, so one of 2,400 is cut before a copied chunk.
      addSegments(dir, 5, 100);
      assertEquals(List.of(7L, 2L), forceMergeChunks(dir), "no 800-document chunk is left");
      assertDocuments(dir, segmentDocs, segmentDocs, segmentDocs, segmentDocs, segmentDocs, 100);
    }
  }

  @Test
  void aSegmentsLargeIncompleteChunkIsCopiedUnlessASmallOneWouldBeCutBeforeIt() throws IOException {
    int large = DOCS_PER_CHUNK / 2; // one incomplete chunk, half a complete one
    try (Directory dir = new ByteBuffersDirectory()) {
      addSegments(dir, 0, large, 100, 100, 100);
      assertEquals(List.of(2L, 2L), forceMergeChunks(dir), "copied, then the small segments' tail");
      assertEquals(List.of(large, 300), forceMergeChunkDocs(dir));
      // Growing by small segments copies the large chunk again; the tail is recompressed.
      addSegments(dir, 4, 100);
      assertEquals(List.of(large, 400), forceMergeChunkDocs(dir));
      assertDocuments(dir, large, 100, 100, 100, 100);
    }
    try (Directory dir = new ByteBuffersDirectory()) {
      addSegments(dir, 0, 100, large);
      assertEquals(List.of(1L, 1L), forceMergeChunks(dir), "not copied behind a 100-document chunk");
      assertDocuments(dir, 100, large);
    }
  }

  /** Force-merges to one segment and returns the document count of each of its chunks. */
  private static List<Integer> forceMergeChunkDocs(Directory dir) throws IOException {
    forceMergeChunks(dir);
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      ChunkstoreStoredFieldsReader merged = fieldsReader(r.leaves().get(0).reader());
      List<Integer> docs = new ArrayList<>();
      for (int c = 0; c < merged.numChunks(); c++) {
        docs.add(merged.chunkIndex().chunkDocCount(c));
      }
      return docs;
    }
  }

  /** Adds one committed BEST_SPEED segment per count, of documents "s{segment} d{doc}". */
  private static void addSegments(Directory dir, int firstSegment, int... docsPerSegment) throws IOException {
    IndexWriterConfig iwc = config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter w = new IndexWriter(dir, iwc)) {
      for (int seg = 0; seg < docsPerSegment.length; seg++) {
        for (int i = 0; i < docsPerSegment[seg]; i++) {
          w.addDocument(List.of(new StoredField("f", "s" + (firstSegment + seg) + " d" + i)));
        }
        w.commit();
      }
    }
  }

  /** Force-merges to one segment and returns its chunk count and incomplete chunk count. */
  private static List<Long> forceMergeChunks(Directory dir) throws IOException {
    try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_SPEED))) {
      w.forceMerge(1);
    }
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      ChunkstoreStoredFieldsReader merged = fieldsReader(r.leaves().get(0).reader());
      return List.of((long) merged.numChunks(), merged.numDirtyChunks());
    }
  }

  private static void assertDocuments(Directory dir, int... docsPerSegment) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      StoredFields fields = r.leaves().get(0).reader().storedFields();
      int doc = 0;
      for (int seg = 0; seg < docsPerSegment.length; seg++) {
        for (int i = 0; i < docsPerSegment[seg]; i++, doc++) {
          assertEquals("s" + seg + " d" + i, fields.document(doc).get("f"), "doc " + doc);
        }
      }
      assertEquals(doc, r.maxDoc());
    }
  }

  @Test
  void segmentsOfOneModeMergeIntoAnother() throws Exception {
    Random random = new Random(3);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_COMPRESSION))) {
        for (int i = 0; i < 1500; i++) {
          Document doc = StoredDocs.randomDocument(random, i, 500);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
      }
      try (IndexWriter w = new IndexWriter(dir, config(Mode.BEST_SPEED))) {
        w.deleteDocuments(new Term("id", "7"));
        expected.remove("7");
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        assertEquals(SegmentMode.BEST_SPEED, fieldsReader(r.leaves().get(0).reader()).mode());
      }
      RoundTripTest.verify(dir, expected);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void indexSortingWritesDocumentsInSortedOrder(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc = config(mode).setIndexSort(new Sort(new SortField("rank", SortField.Type.LONG)));
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 5000; i++) {
          long rank = (i * 7919L) % 5000;
          w.addDocument(List.of(new NumericDocValuesField("rank", rank), new StoredField("rank", rank), new StringField("id", "i" + i, Field.Store.YES)));
          if (i % 1700 == 0) {
            w.commit();
          }
        }
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        StoredFields fields = r.leaves().get(0).reader().storedFields();
        for (int d = 0; d < 5000; d++) {
          assertEquals(d, fields.document(d).getField("rank").numericValue().longValue());
        }
      }
    }
  }

  @Test
  void mixedReadersMergeThroughTheVisitorPath() throws IOException {
    // addIndexes of a Lucene104 index: field numbers and format differ, every value is re-encoded.
    try (Directory lucene = new ByteBuffersDirectory(); Directory chunk = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(lucene, new IndexWriterConfig().setCodec(new Lucene104Codec()))) {
        w.addDocument(List.of(new StoredField("other", 1.25f), new StoredField("f", "from lucene")));
      }
      try (IndexWriter w = new IndexWriter(chunk, config(Mode.BEST_SPEED))) {
        w.addDocument(List.of(new StoredField("f", "native")));
        w.addIndexes(lucene);
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(chunk)) {
        StoredFields fields = r.leaves().get(0).reader().storedFields();
        assertEquals("native", fields.document(0).get("f"));
        assertEquals("from lucene", fields.document(1).get("f"));
        assertEquals(1.25f, fields.document(1).getField("other").numericValue().floatValue());
        assertNull(fields.document(0).get("other"));
      }
    }
  }

  // ---- helpers ----

  static String fileWithExtension(Directory dir, String ext) throws IOException {
    for (String file : dir.listAll()) {
      if (file.endsWith("." + ext)) {
        return file;
      }
    }
    throw new AssertionError("no ." + ext + " file in " + List.of(dir.listAll()));
  }

  static void flipByte(Directory dir, String name, int offset) throws IOException {
    byte[] bytes = readAll(dir, name);
    bytes[offset] ^= 0x5A;
    writeAll(dir, name, bytes);
  }

  static byte[] readAll(Directory dir, String name) throws IOException {
    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
      byte[] bytes = new byte[(int) in.length()];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }

  static void writeAll(Directory dir, String name, byte[] bytes) throws IOException {
    dir.deleteFile(name);
    try (IndexOutput out = dir.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(bytes, bytes.length);
    }
  }

  static org.apache.lucene.index.SegmentInfo newSegmentInfo(Directory dir, int maxDoc) {
    return new org.apache.lucene.index.SegmentInfo(
        dir, org.apache.lucene.util.Version.LATEST, org.apache.lucene.util.Version.LATEST, "_0", maxDoc,
        false, false, new ChunkstoreCodec(), java.util.Map.of(), org.apache.lucene.util.StringHelper.randomId(),
        java.util.Map.of(), null);
  }

  static FieldInfo fieldInfo(String name, int number) {
    return new FieldInfo(name, number, false, false, false, org.apache.lucene.index.IndexOptions.NONE,
        org.apache.lucene.index.DocValuesType.NONE, org.apache.lucene.index.DocValuesSkipIndexType.NONE, -1, java.util.Map.of(), 0, 0, 0, 0,
        org.apache.lucene.index.VectorEncoding.FLOAT32, org.apache.lucene.index.VectorSimilarityFunction.EUCLIDEAN, false, false);
  }
}
