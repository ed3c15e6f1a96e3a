package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that an application can move an existing index onto Chunkstore and off it again without
 * changing a byte of any stored document: {@code IndexWriter.addIndexes} from a {@link
 * Lucene104Codec} index (either of its modes) into a Chunkstore index, through both the {@code
 * Directory} variant (segments copied, then rewritten by {@code forceMerge(1)}) and the {@code
 * CodecReader} variant (segments rewritten through the codec's merge from a foreign reader), and
 * from Chunkstore back into {@code Lucene104Codec} the same two ways. Each copy holds exactly the
 * source's live documents, compared as full stored-field lists (names, types, values, in order),
 * and its segments record the codec they were rewritten with.
 */
class AddIndexesRoundTripTest {

  private static final String LUCENE104 = new Lucene104Codec().getName();

  static Stream<Arguments> modes() {
    List<Arguments> combos = new ArrayList<>();
    for (ChunkstoreCodec.Mode chunkstore : ChunkstoreCodec.Mode.values()) {
      for (Lucene104Codec.Mode lucene : Lucene104Codec.Mode.values()) {
        combos.add(Arguments.of(chunkstore, lucene));
      }
    }
    return combos.stream();
  }

  @ParameterizedTest(name = "Chunkstore {0} <-> Lucene104 {1}")
  @MethodSource("modes")
  void lucene104ToChunkstoreAndBackIsByteIdentical(
      ChunkstoreCodec.Mode chunkstoreMode, Lucene104Codec.Mode luceneMode, @TempDir Path tmp)
      throws Exception {
    long seed = 1000L * (chunkstoreMode.ordinal() + 1) + luceneMode.ordinal();
    Random random = new Random(seed);
    Map<String, List<FieldValue>> model = new TreeMap<>();

    try (Directory source = FSDirectory.open(tmp.resolve("lucene104"));
        Directory viaDirectory = FSDirectory.open(tmp.resolve("chunkstore-from-directory"));
        Directory viaReaders = FSDirectory.open(tmp.resolve("chunkstore-from-readers"));
        Directory backViaDirectory = FSDirectory.open(tmp.resolve("lucene104-from-directory"));
        Directory backViaReaders = FSDirectory.open(tmp.resolve("lucene104-from-readers"))) {

      // A Lucene104 index of several segments, with deletions.
      try (IndexWriter writer =
          new IndexWriter(source, config(new Lucene104Codec(luceneMode), true))) {
        int n = 0;
        for (TestDocuments.GeoName place : TestDocuments.REAL_PLACES) {
          add(writer, model, "geo-" + place.geonameId(), place.storedFields());
        }
        for (int batch = 0; batch < 4; batch++) {
          for (int i = 0; i < 400; i++, n++) {
            String id = "doc-" + n;
            add(writer, model, id, TestDocuments.storedFields(seed, id));
          }
          writer.commit();
        }
        for (int i = 0; i < n; i += 10) {
          writer.deleteDocuments(new Term(TestDocuments.ID, "doc-" + i));
          model.remove("doc-" + i);
        }
        writer.commit();
      }
      assertCodec(source, LUCENE104);
      Map<String, List<FieldValue>> original = snapshot(source);
      IndexVerification.assertSameDocuments(
          model, original, "the Lucene104 source holds what was written");
      assertTrue(Segments.committedCodecNames(source).size() > 1);

      // Lucene104 -> Chunkstore, Directory variant: segments are copied as they are, still
      // Lucene104
      // and readable inside the Chunkstore index, until a merge rewrites them with the writer's
      // codec.
      try (IndexWriter writer =
          new IndexWriter(viaDirectory, config(new ChunkstoreCodec(chunkstoreMode), false))) {
        writer.addIndexes(source);
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
          IndexVerification.assertExactly(reader, original);
        }
        writer.forceMerge(1);
        writer.commit();
      }
      assertCodec(viaDirectory, ChunkstoreCodec.NAME);
      assertEquals(1, Segments.committedCodecNames(viaDirectory).size());
      assertIdentical(
          original,
          viaDirectory,
          chunkstoreMode,
          "Lucene104 -> Chunkstore (addIndexes(Directory))");

      // Lucene104 -> Chunkstore, CodecReader variant: one new Chunkstore segment per source
      // segment.
      try (IndexWriter writer =
              new IndexWriter(viaReaders, config(new ChunkstoreCodec(chunkstoreMode), true));
          DirectoryReader sourceReader = DirectoryReader.open(source)) {
        for (LeafReaderContext leaf : sourceReader.leaves()) {
          writer.addIndexes((CodecReader) leaf.reader());
        }
        writer.commit();
      }
      assertCodec(viaReaders, ChunkstoreCodec.NAME);
      assertTrue(Segments.committedCodecNames(viaReaders).size() > 1);
      assertIdentical(
          original,
          viaReaders,
          chunkstoreMode,
          "Lucene104 -> Chunkstore (addIndexes(CodecReader))");

      // Chunkstore -> Lucene104, Directory variant, from the several-segment Chunkstore index.
      try (IndexWriter writer =
          new IndexWriter(backViaDirectory, config(new Lucene104Codec(luceneMode), false))) {
        writer.addIndexes(viaReaders);
        writer.forceMerge(1);
        writer.commit();
      }
      assertCodec(backViaDirectory, LUCENE104);
      assertIdentical(
          original, backViaDirectory, null, "Chunkstore -> Lucene104 (addIndexes(Directory))");

      // Chunkstore -> Lucene104, CodecReader variant: Lucene's writer reads Chunkstore segments.
      try (IndexWriter writer =
              new IndexWriter(backViaReaders, config(new Lucene104Codec(luceneMode), false));
          DirectoryReader chunkstoreReader = DirectoryReader.open(viaDirectory)) {
        CodecReader[] leaves =
            chunkstoreReader.leaves().stream()
                .map(l -> (CodecReader) l.reader())
                .toArray(CodecReader[]::new);
        writer.addIndexes(leaves);
        writer.commit();
      }
      assertCodec(backViaReaders, LUCENE104);
      assertIdentical(
          original, backViaReaders, null, "Chunkstore -> Lucene104 (addIndexes(CodecReader))");

      for (Directory dir : List.of(viaDirectory, viaReaders, backViaDirectory, backViaReaders)) {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          IndexVerification.assertRandomAccess(reader, original, random, 200);
        }
        Segments.CheckResult check = Segments.checkIndex(dir);
        assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
      }
    }
  }

  private static IndexWriterConfig config(Codec codec, boolean keepSegments) {
    IndexWriterConfig config = new IndexWriterConfig().setCodec(codec);
    if (keepSegments) {
      config.setMergePolicy(NoMergePolicy.INSTANCE);
    }
    return config;
  }

  private static void add(
      IndexWriter writer, Map<String, List<FieldValue>> model, String id, List<FieldValue> fields)
      throws IOException {
    model.put(id, fields);
    writer.addDocument(TestDocuments.toDocument(id, fields));
  }

  private static void assertCodec(Directory dir, String codecName) throws IOException {
    List<String> names = Segments.committedCodecNames(dir);
    assertTrue(
        !names.isEmpty() && names.stream().allMatch(codecName::equals),
        () -> "segment codecs " + names);
  }

  /** Every live document of the index, by id, as read back through its codec. */
  private static Map<String, List<FieldValue>> snapshot(Directory dir) throws IOException {
    Map<String, List<FieldValue>> docs = new LinkedHashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        SortedDocValues ids = leaf.reader().getSortedDocValues(TestDocuments.ID);
        var storedFields = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live == null || live.get(doc)) {
            assertTrue(ids.advanceExact(doc));
            String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
            assertEquals(
                null,
                docs.put(id, StoredFieldsSnapshot.read(storedFields, doc)),
                "duplicate id " + id);
          }
        }
      }
    }
    return new TreeMap<>(docs);
  }

  private static void assertIdentical(
      Map<String, List<FieldValue>> original,
      Directory copy,
      ChunkstoreCodec.Mode chunkstoreMode,
      String direction)
      throws IOException {
    IndexVerification.assertSameDocuments(original, snapshot(copy), direction);
    if (chunkstoreMode != null) {
      try (DirectoryReader reader = DirectoryReader.open(copy)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          assertEquals(chunkstoreMode, Segments.chunkstoreStats(leaf.reader()).mode(), direction);
        }
      }
    }
  }
}
