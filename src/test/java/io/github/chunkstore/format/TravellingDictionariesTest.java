package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/**
 * Segments whose chunks name different dictionaries, as merges make them when dictionaries fit the
 * merged segment's budget (here raised: see {@link TestCodecs#withTravellingDictionaries}).
 */
class TravellingDictionariesTest {

  private static void forceMerge(Directory dir, ChunkstoreCodec codec) throws IOException {
    try (IndexWriter w =
        new IndexWriter(
            dir, new IndexWriterConfig().setCodec(codec).setMergePolicy(new LogDocMergePolicy()))) {
      w.forceMerge(1);
    }
  }

  /** Every document's row, sorted: merges may order their sources by size. */
  private static List<String> sortedRows(DirectoryReader reader) throws IOException {
    List<String> rows = new ArrayList<>();
    StoredFields fields = reader.storedFields();
    for (int doc = 0; doc < reader.maxDoc(); doc++) {
      rows.add(fields.document(doc).get("row"));
    }
    rows.sort(null);
    return rows;
  }

  /**
   * Three segments with unrelated dictionaries merge by copying every chunk with the dictionary it
   * names; the merged segment reads back through chunks of three dictionaries, and merging it again
   * with a segment that has deletions keeps them while recompressing that segment.
   */
  @Test
  void chunksTravelWithTheirDictionariesThroughMerges() throws IOException {
    List<List<String>> parts =
        List.of(
            DictionaryModeTest.rows(4000, 11, "north"),
            DictionaryModeTest.rows(4000, 12, "sud-ouest"),
            DictionaryModeTest.rows(4000, 13, "oriente"));
    ChunkstoreCodec codec = TestCodecs.withTravellingDictionaries(Mode.DICTIONARY);
    try (Directory dir = new ByteBuffersDirectory()) {
      long sourceChunks = 0;
      for (List<String> part : parts) {
        // A codec per part: one codec would offer each part the dictionary it chose last, and
        // these parts are alike enough to share it.
        ChunkstoreCodec partCodec = TestCodecs.withTravellingDictionaries(Mode.DICTIONARY);
        try (IndexWriter w = new IndexWriter(dir, DictionaryModeTest.config(partCodec))) {
          DictionaryModeTest.add(w, part);
        }
      }
      List<ZstdDictionary> sourceDictionaries = new ArrayList<>();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          ChunkstoreStoredFieldsReader segment = DictionaryModeTest.fieldsReader(leaf);
          assertEquals(1, segment.numDictionaries());
          sourceDictionaries.add(segment.dictionary(0));
          sourceChunks += segment.numChunks();
        }
      }
      forceMerge(dir, codec);
      List<String> all;
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged =
            DictionaryModeTest.fieldsReader(reader.leaves().get(0));
        assertEquals(sourceChunks, merged.numChunks(), "every chunk copied");
        assertEquals(3, merged.numDictionaries());
        for (ZstdDictionary source : sourceDictionaries) {
          boolean listed = false;
          for (int i = 0; i < 3; i++) {
            listed |= source.sameContent(merged.dictionary(i));
          }
          assertTrue(listed, "each source's dictionary is listed");
        }
        all = sortedRows(reader);
      }
      List<String> expected = new ArrayList<>();
      parts.forEach(expected::addAll);
      expected.sort(null);
      assertEquals(expected, all);

      // A fourth segment, half deleted, merged with the three-dictionary segment.
      List<String> extra = DictionaryModeTest.rows(2000, 14, "west");
      try (IndexWriter w = new IndexWriter(dir, DictionaryModeTest.config(codec))) {
        for (int i = 0; i < extra.size(); i++) {
          Document doc = new Document();
          doc.add(new StoredField("row", extra.get(i)));
          doc.add(
              new org.apache.lucene.document.StringField(
                  "id", "e" + i, org.apache.lucene.document.Field.Store.NO));
          w.addDocument(doc);
        }
        w.commit();
        for (int i = 0; i < extra.size(); i += 2) {
          w.deleteDocuments(new org.apache.lucene.index.Term("id", "e" + i));
        }
        w.commit();
      }
      forceMerge(dir, codec);
      for (int i = 1; i < extra.size(); i += 2) {
        expected.add(extra.get(i));
      }
      expected.sort(null);
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader merged =
            DictionaryModeTest.fieldsReader(reader.leaves().get(0));
        assertEquals(3, merged.numDictionaries(), "its documents are recompressed with a kept one");
        assertEquals(expected, sortedRows(reader));
      }
      try (CheckIndex check = new CheckIndex(dir)) {
        assertTrue(check.checkIndex().clean);
      }
    }
  }
}
