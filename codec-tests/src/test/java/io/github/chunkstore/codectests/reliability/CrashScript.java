package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;

/**
 * What the crash test's child indexes, as a function of (seed, step number), so the parent can tell
 * what any commit must hold from the number of steps it covers. Step {@code n} adds document {@code
 * n}, and now and then also replaces or deletes an earlier document; a document's fields are a
 * function of its id and the step that last wrote it.
 */
final class CrashScript {

  /** Commit user-data key: how many steps the commit covers. */
  static final String STEPS = "steps";

  private CrashScript() {}

  /** One step: the id it adds, and the ids it updates and deletes afterwards (null for none). */
  record Step(int number, String added, String updated, String deleted) {}

  static Step step(long seed, int n) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + n);
    String updated = n > 0 && r.nextInt(6) == 0 ? id(r.nextInt(n)) : null;
    String deleted = n > 0 && r.nextInt(10) == 0 ? id(r.nextInt(n)) : null;
    return new Step(n, id(n), updated, deleted);
  }

  static String id(int n) {
    return "doc-" + n;
  }

  /** The stored fields {@code id} gets when step {@code n} writes it. */
  static List<FieldValue> fields(long seed, String id, int n) {
    return TestDocuments.storedFields(seed, id + "@" + n);
  }

  static void apply(IndexWriter writer, long seed, Step step) throws IOException {
    writer.addDocument(
        TestDocuments.toDocument(step.added(), fields(seed, step.added(), step.number())));
    if (step.updated() != null) {
      writer.updateDocument(
          new Term(TestDocuments.ID, step.updated()),
          TestDocuments.toDocument(step.updated(), fields(seed, step.updated(), step.number())));
    }
    if (step.deleted() != null) {
      writer.deleteDocuments(new Term(TestDocuments.ID, step.deleted()));
    }
  }

  /** The live documents after steps {@code 0..steps-1}: id to stored fields. */
  static Map<String, List<FieldValue>> expectedAfter(long seed, int steps) {
    Map<String, List<FieldValue>> live = new LinkedHashMap<>();
    for (int n = 0; n < steps; n++) {
      Step step = step(seed, n);
      live.put(step.added(), fields(seed, step.added(), n));
      if (step.updated() != null) {
        live.put(step.updated(), fields(seed, step.updated(), n));
      }
      if (step.deleted() != null) {
        live.remove(step.deleted());
      }
    }
    return live;
  }
}
