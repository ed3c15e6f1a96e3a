package io.github.chunkstore.codectests.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;

/**
 * Checks that an index holds exactly an expected set of documents built with {@link
 * TestDocuments#toDocument}. Throws {@link AssertionError} so that child JVMs can use it too.
 */
public final class IndexVerification {

  private IndexVerification() {}

  /**
   * Walks every live document in docID order, names it by its id doc value, and compares its
   * complete stored-field list with {@code expected}; every expected id must be met exactly once.
   *
   * @return the number of documents verified
   */
  public static int assertExactly(IndexReader reader, Map<String, List<FieldValue>> expected)
      throws IOException {
    return assertExactly(reader, expected, LeafReader::storedFields);
  }

  /**
   * Where a leaf's stored fields are read from: the leaf's own, or e.g. the codec's merge instance.
   */
  @FunctionalInterface
  public interface StoredFieldsSource {
    StoredFields of(LeafReader leaf) throws IOException;
  }

  /**
   * {@link #assertExactly(IndexReader, Map)}, reading each leaf's documents through {@code source}.
   */
  public static int assertExactly(
      IndexReader reader, Map<String, List<FieldValue>> expected, StoredFieldsSource source)
      throws IOException {
    Set<String> seen = new HashSet<>();
    for (LeafReaderContext ctx : reader.leaves()) {
      LeafReader leaf = ctx.reader();
      Bits live = leaf.getLiveDocs();
      SortedDocValues ids = leaf.getSortedDocValues(TestDocuments.ID);
      StoredFields storedFields = source.of(leaf);
      for (int doc = 0; doc < leaf.maxDoc(); doc++) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        if (ids == null || !ids.advanceExact(doc)) {
          throw new AssertionError("live doc " + doc + " of " + leaf + " has no id");
        }
        String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
        if (!seen.add(id)) {
          throw new AssertionError(
              "id " + id + " is live twice (second at doc " + doc + " of " + leaf + ")");
        }
        List<FieldValue> want = expected.get(id);
        if (want == null) {
          throw new AssertionError("id " + id + " is live but was deleted or never written");
        }
        List<FieldValue> got = StoredFieldsSnapshot.read(storedFields, doc);
        if (!want.equals(got)) {
          throw new AssertionError(
              mismatch("id " + id + " (doc " + doc + " of " + leaf + ")", want, got));
        }
      }
    }
    if (seen.size() != expected.size()) {
      List<String> missing = new ArrayList<>();
      for (String id : expected.keySet()) {
        if (!seen.contains(id) && missing.size() < 10) {
          missing.add(id);
        }
      }
      throw new AssertionError(
          "expected "
              + expected.size()
              + " live documents, found "
              + seen.size()
              + "; missing e.g. "
              + missing);
    }
    if (reader.numDocs() != expected.size()) {
      throw new AssertionError("numDocs " + reader.numDocs() + " != " + expected.size());
    }
    return seen.size();
  }

  /**
   * Looks {@code samples} random ids up by term and reads them in that random order through the
   * top-level reader, with a fresh {@link StoredFields} every ten documents (the way a search
   * application fetches hits).
   */
  public static void assertRandomAccess(
      IndexReader reader, Map<String, List<FieldValue>> expected, Random random, int samples)
      throws IOException {
    if (expected.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(expected.keySet());
    Collections.sort(ids);
    Collections.shuffle(ids, random);
    IndexSearcher searcher = new IndexSearcher(reader);
    StoredFields storedFields = null;
    for (int i = 0; i < Math.min(samples, ids.size()); i++) {
      if (i % 10 == 0) {
        storedFields = reader.storedFields();
      }
      String id = ids.get(i);
      TopDocs hits = searcher.search(new TermQuery(new Term(TestDocuments.ID, id)), 2);
      if (hits.scoreDocs.length != 1) {
        throw new AssertionError("id " + id + ": " + hits.scoreDocs.length + " hits");
      }
      List<FieldValue> got = StoredFieldsSnapshot.read(storedFields, hits.scoreDocs[0].doc);
      List<FieldValue> want = expected.get(id);
      if (!want.equals(got)) {
        throw new AssertionError(mismatch("id " + id + " (random access)", want, got));
      }
    }
  }

  /**
   * Asserts two id-to-stored-fields maps are equal, naming the first differing id rather than
   * printing both maps.
   */
  public static void assertSameDocuments(
      Map<String, List<FieldValue>> expected, Map<String, List<FieldValue>> actual, String what) {
    for (Map.Entry<String, List<FieldValue>> e : expected.entrySet()) {
      List<FieldValue> got = actual.get(e.getKey());
      if (got == null) {
        throw new AssertionError(
            what
                + ": id "
                + e.getKey()
                + " is missing ("
                + actual.size()
                + " of "
                + expected.size()
                + " ids present)");
      }
      if (!e.getValue().equals(got)) {
        throw new AssertionError(what + ": " + mismatch("id " + e.getKey(), e.getValue(), got));
      }
    }
    for (String id : actual.keySet()) {
      if (!expected.containsKey(id)) {
        throw new AssertionError(what + ": unexpected id " + id);
      }
    }
  }

  /** A readable description of how two stored-field lists differ. */
  public static String mismatch(String what, List<FieldValue> want, List<FieldValue> got) {
    StringBuilder sb = new StringBuilder(what).append(": stored fields differ; expected ");
    sb.append(want.size()).append(" values, read ").append(got.size());
    int n = Math.min(want.size(), got.size());
    for (int i = 0; i < n; i++) {
      if (!want.get(i).equals(got.get(i))) {
        sb.append("; first difference at #").append(i).append(": expected ").append(want.get(i));
        sb.append(", read ").append(got.get(i));
        return sb.toString();
      }
    }
    if (want.size() > n) {
      sb.append("; first missing: ").append(want.get(n));
    } else if (got.size() > n) {
      sb.append("; first extra: ").append(got.get(n));
    }
    return sb.toString();
  }
}
