package io.github.chunkstore.codectests;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;

/**
 * The index both JVMs agree on, rebuilt from two numbers: for every mode, {@link #BATCHES} commits
 * of {@link #DOCS_PER_BATCH} generated documents (so every mode has several segments), each
 * document also storing the mode it was written in, and every document whose number is 3 modulo 11
 * deleted.
 */
final class DurabilityFixture {

  static final int BATCHES = 3;
  static final int DOCS_PER_BATCH = 700;
  static final String WRITTEN_MODE = "written_mode";

  private DurabilityFixture() {}

  static String id(int i) {
    return "doc-" + i;
  }

  static boolean deleted(int i) {
    return i % 11 == 3;
  }

  static int numDocs() {
    return ChunkstoreCodec.Mode.values().length * BATCHES * DOCS_PER_BATCH;
  }

  static ChunkstoreCodec.Mode modeOf(int i) {
    return ChunkstoreCodec.Mode.values()[i / (BATCHES * DOCS_PER_BATCH)];
  }

  static List<FieldValue> storedFields(long seed, int i) {
    List<FieldValue> fields = new ArrayList<>(TestDocuments.storedFields(seed, id(i)));
    fields.add(FieldValue.ofString(WRITTEN_MODE, modeOf(i).name()));
    if (i % 97 == 0) {
      TestDocuments.GeoName place =
          TestDocuments.REAL_PLACES.get((i / 97) % TestDocuments.REAL_PLACES.size());
      fields.addAll(place.storedFields());
    }
    return fields;
  }

  /** Every live document: id to stored fields, in id order. */
  static Map<String, List<FieldValue>> expected(long seed) {
    Map<String, List<FieldValue>> expected = new LinkedHashMap<>();
    for (int i = 0; i < numDocs(); i++) {
      if (!deleted(i)) {
        expected.put(id(i), storedFields(seed, i));
      }
    }
    return expected;
  }

  /** Writes the fixture into an empty directory, one writer per mode, and commits. */
  static void write(Directory dir, long seed) throws IOException {
    int i = 0;
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new ChunkstoreCodec(mode))
              .setMergePolicy(NoMergePolicy.INSTANCE)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int batch = 0; batch < BATCHES; batch++) {
          for (int d = 0; d < DOCS_PER_BATCH; d++, i++) {
            Document doc = TestDocuments.toDocument(id(i), storedFields(seed, i));
            writer.addDocument(doc);
          }
          writer.commit();
        }
      }
    }
    // Deletes go in with the first mode's codec: live docs of segments of every mode change.
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(ChunkstoreCodec.Mode.values()[0]))
            .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int d = 0; d < numDocs(); d++) {
        if (deleted(d)) {
          writer.deleteDocuments(new Term(TestDocuments.ID, id(d)));
        }
      }
      writer.commit();
    }
  }
}
