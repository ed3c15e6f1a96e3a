package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/**
 * Mode DICTIONARY: training per segment, sharing, merging, freeing, and segments too small to
 * train.
 */
class DictionaryModeTest {

  private static final String[] COUNTRIES = {"DE", "FR", "US", "IN", "BR", "JP", "ZA", "AU"};
  private static final String[] ZONES = {
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Africa/Johannesburg",
    "Australia/Sydney"
  };

  /** GeoNames-like rows: shared vocabulary, so a dictionary has something to learn. */
  static List<String> rows(int count, long seed, String flavour) {
    Random random = new Random(seed);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(COUNTRIES.length);
      rows.add(
          flavour
              + " town "
              + Integer.toString(random.nextInt(1 << 20), 36)
              + "\t"
              + COUNTRIES[c]
              + "\t"
              + ZONES[c]
              + "\tP\tPPL\t"
              + random.nextInt(5_000_000)
              + "\t"
              + (random.nextDouble() * 180 - 90)
              + "\t"
              + (random.nextDouble() * 360 - 180)
              + "\t2024-0"
              + (1 + random.nextInt(9))
              + "-1"
              + random.nextInt(10));
    }
    return rows;
  }

  static IndexWriterConfig config(ChunkstoreCodec codec) {
    return new IndexWriterConfig().setCodec(codec).setMergePolicy(NoMergePolicy.INSTANCE);
  }

  static void add(IndexWriter w, List<String> rows) throws IOException {
    for (String row : rows) {
      Document doc = new Document();
      doc.add(new StoredField("row", row));
      w.addDocument(doc);
    }
  }

  /** Writes {@code rows} as one segment through a codec of its own, so no dictionary is reused. */
  private static void writeSegment(Directory dir, List<String> rows) throws IOException {
    try (IndexWriter w =
        new IndexWriter(dir, config(TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY)))) {
      add(w, rows);
    }
  }

  static ChunkstoreStoredFieldsReader fieldsReader(LeafReaderContext leaf) {
    return (ChunkstoreStoredFieldsReader) ((CodecReader) leaf.reader()).getFieldsReader();
  }

  private static void assertRows(DirectoryReader reader, List<String> expected) throws IOException {
    assertEquals(expected.size(), reader.maxDoc());
    for (LeafReaderContext leaf : reader.leaves()) {
      StoredFields fields = leaf.reader().storedFields();
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        assertEquals(expected.get(leaf.docBase + doc), fields.document(doc).get("row"));
      }
    }
  }

  @Test
  void aLargeSegmentTrainsItsOwnDictionary() throws IOException {
    List<String> rows = rows(5000, 1, "north");
    try (Directory dir = new ByteBuffersDirectory()) {
      writeSegment(dir, rows);
      assertFalse(
          Arrays.stream(dir.listAll()).anyMatch(f -> f.endsWith(".tmp")), "temporary file left");
      int before = ZstdDictionary.openDigests();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader segment = fieldsReader(reader.leaves().get(0));
        assertEquals(SegmentMode.DICTIONARY, segment.mode());
        assertTrue(segment.dictionaryBytes() > 0 && segment.dictionaryBytes() <= 64 * 1024);
        assertRows(reader, rows);
        // Another thread's StoredFields is another clone: same digested dictionary.
        Thread other =
            new Thread(
                () -> {
                  try {
                    assertEquals(rows.get(4321), reader.storedFields().document(4321).get("row"));
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                });
        other.start();
        other.join();
        assertEquals(
            before + 1, ZstdDictionary.openDigests(), "one digested dictionary per segment");
        assertTrue(
            segment.dictionaryMemoryBytes() <= 256 * 1024,
            "memory " + segment.dictionaryMemoryBytes());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertEquals(before, ZstdDictionary.openDigests(), "closing the reader frees its dictionary");
      CheckIndex.Status status;
      try (CheckIndex check = new CheckIndex(dir)) {
        status = check.checkIndex();
      }
      assertTrue(status.clean);
    }
  }

  @Test
  void aSegmentTooSmallToTrainOnHasNoDictionary() throws IOException {
    List<String> rows = rows(10, 2, "tiny");
    try (Directory dir = new ByteBuffersDirectory()) {
      writeSegment(dir, rows);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(0, fieldsReader(reader.leaves().get(0)).dictionaryBytes());
        assertRows(reader, rows);
      }
    }
  }

  @Test
  void thousandsOfOpenAndCloseCyclesLeakNoDictionary() throws IOException {
    List<String> rows = rows(4000, 3, "east");
    try (Directory dir = new ByteBuffersDirectory()) {
      writeSegment(dir, rows);
      int before = ZstdDictionary.openDigests();
      for (int cycle = 0; cycle < 2000; cycle++) {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          int doc = (cycle * 7919) % rows.size();
          assertEquals(rows.get(doc), reader.storedFields().document(doc).get("row"));
        }
      }
      assertEquals(before, ZstdDictionary.openDigests());
    }
  }

  @Test
  void segmentsSharingADictionaryMergeByCopyingChunks() throws IOException {
    List<String> rows = rows(4000, 4, "west");
    List<String> all = new ArrayList<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      ChunkstoreCodec codec = TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY);
      try (IndexWriter w = new IndexWriter(dir, config(codec))) {
        for (int segment = 0; segment < 3; segment++) {
          add(w, rows); // identical documents: the fresh dictionary cannot beat the last one
          all.addAll(rows);
          w.commit();
        }
      }
      long sourceChunks = 0;
      ZstdDictionary first = null;
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(3, reader.leaves().size());
        for (LeafReaderContext leaf : reader.leaves()) {
          ChunkstoreStoredFieldsReader segment = fieldsReader(leaf);
          assertEquals(1, segment.numDictionaries());
          first = first == null ? segment.dictionary(0) : first;
          assertTrue(first.sameContent(segment.dictionary(0)), "the last dictionary is reused");
          sourceChunks += segment.numChunks();
        }
      }
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setCodec(codec))) {
        w.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = fieldsReader(reader.leaves().get(0));
        assertEquals(sourceChunks, merged.numChunks(), "chunks copied, not recompressed");
        assertEquals(1, merged.numDictionaries());
        assertTrue(first.sameContent(merged.dictionary(0)));
        assertRows(reader, all);
      }
    }
  }

  @Test
  void openSegmentsStoringOneDictionaryHoldItOnce() throws IOException {
    List<String> rows = rows(4000, 8, "centre");
    try (Directory dir = new ByteBuffersDirectory()) {
      ChunkstoreCodec codec = TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY);
      try (IndexWriter w = new IndexWriter(dir, config(codec))) {
        for (int segment = 0; segment < 3; segment++) {
          add(w, rows); // identical documents: each segment reuses the last dictionary
          w.commit();
        }
      }
      int before = ZstdDictionary.openDigests();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(3, reader.leaves().size());
        long parts = 0;
        ZstdDictionary dictionary = null;
        for (LeafReaderContext leaf : reader.leaves()) {
          assertEquals(rows.get(17), leaf.reader().storedFields().document(17).get("row"));
          ChunkstoreStoredFieldsReader segment = fieldsReader(leaf);
          dictionary = dictionary == null ? segment.dictionary(0) : dictionary;
          assertSame(dictionary, segment.dictionary(0), "one instance for the three segments");
        }
        assertEquals(before + 1, ZstdDictionary.openDigests(), "digested once");
        for (LeafReaderContext leaf : reader.leaves()) {
          long part = fieldsReader(leaf).dictionaryMemoryBytes();
          assertTrue(part > 0 && part < dictionary.memoryBytes(), "a part: " + part);
          parts += part;
        }
        assertEquals(dictionary.memoryBytes(), parts, 3, "the parts add up to what is held");
      }
      assertEquals(before, ZstdDictionary.openDigests(), "closing the last segment frees it");
    }
  }

  @Test
  void smallSegmentsWithoutDictionaryMergeIntoOneThatHasOne() throws IOException {
    List<String> all = new ArrayList<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      ChunkstoreCodec codec = TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY);
      try (IndexWriter w = new IndexWriter(dir, config(codec))) {
        for (int segment = 0; segment < 8; segment++) {
          List<String> rows = rows(400, 100 + segment, "south");
          add(w, rows); // ~60 KB: one complete chunk, so its chunks could be copied as they are
          all.addAll(rows);
          w.commit();
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          assertEquals(0, fieldsReader(leaf).dictionaryBytes(), "too small for a dictionary");
        }
      }
      try (IndexWriter w =
          new IndexWriter(
              dir,
              new IndexWriterConfig()
                  .setCodec(codec)
                  .setMergePolicy(new org.apache.lucene.index.LogDocMergePolicy()))) {
        w.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertTrue(
            fieldsReader(reader.leaves().get(0)).dictionaryBytes() > 0,
            "a merged segment large enough gets a dictionary, even if every source could be copied");
        assertRows(reader, all);
      }
    }
  }

  /**
   * Two small segments with unrelated dictionaries: a second dictionary would take more than 1% of
   * the merged segment's bytes (MergeDictionaries), so one source is copied with its own and the
   * other recompressed with it. MergeDictionariesTest covers segments large enough to keep both.
   */
  @Test
  void smallSegmentsWithUnrelatedDictionariesKeepOne() throws IOException {
    List<String> north = rows(4000, 5, "north");
    List<String> south = rows(4000, 6, "sud-ouest");
    try (Directory dir = new ByteBuffersDirectory()) {
      // A codec instance per segment (writeSegment): nothing to reuse between them.
      writeSegment(dir, north);
      writeSegment(dir, south);
      List<ZstdDictionary> sourceDictionaries = new ArrayList<>();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          ChunkstoreStoredFieldsReader segment = fieldsReader(leaf);
          assertEquals(1, segment.numDictionaries());
          sourceDictionaries.add(segment.dictionary(0));
        }
        assertFalse(sourceDictionaries.get(0).sameContent(sourceDictionaries.get(1)));
        try (IndexWriter w =
            new IndexWriter(
                dir,
                new IndexWriterConfig()
                    .setCodec(TestCodecs.withSmallDictionaryThreshold(Mode.DICTIONARY)))) {
          w.forceMerge(1);
        }
      }
      List<String> all = new ArrayList<>(north);
      all.addAll(south);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged = fieldsReader(reader.leaves().get(0));
        assertEquals(1, merged.numDictionaries());
        assertTrue(
            sourceDictionaries.get(0).sameContent(merged.dictionary(0))
                || sourceDictionaries.get(1).sameContent(merged.dictionary(0)),
            "a source's dictionary is kept, no new one trained");
        // The merge policy may order the sources by size: compare the documents as a multiset.
        List<String> read = new ArrayList<>();
        StoredFields fields = reader.storedFields();
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
          read.add(fields.document(doc).get("row"));
        }
        read.sort(null);
        all.sort(null);
        assertEquals(all, read);
      }
      try (CheckIndex check = new CheckIndex(dir)) {
        assertTrue(check.checkIndex().clean);
      }
    }
  }

  @Test
  void theSampleSpansTheWholeSegmentInBoundedMemory() throws IOException {
    DocumentSampler sampler = new DocumentSampler();
    int docs = 1_000_000;
    byte[] doc = new byte[100];
    for (int i = 0; i < docs; i++) {
      Arrays.fill(doc, (byte) 0);
      doc[0] = (byte) (i >>> 24);
      doc[1] = (byte) (i >>> 16);
      doc[2] = (byte) (i >>> 8);
      doc[3] = (byte) i;
      sampler.offer(new ByteArrayDataInput(doc), doc.length);
    }
    List<byte[]> samples = sampler.samples();
    assertTrue(samples.size() <= DocumentSampler.MAX_SAMPLES);
    assertTrue(samples.size() * 100L <= DocumentSampler.MAX_BYTES);
    long capacity = Math.min(DocumentSampler.MAX_SAMPLES, DocumentSampler.MAX_BYTES / doc.length);
    assertTrue(
        samples.size() >= capacity / 4, "samples: " + samples.size()); // thinned at most to half
    assertEquals(0, index(samples.get(0)));
    assertTrue(index(samples.get(samples.size() - 1)) >= docs * 0.99, "reaches the end");
    assertEquals(100L * docs, sampler.estimatedBytes());
  }

  private static int index(byte[] sample) {
    return ((sample[0] & 0xFF) << 24)
        | ((sample[1] & 0xFF) << 16)
        | ((sample[2] & 0xFF) << 8)
        | (sample[3] & 0xFF);
  }
}
