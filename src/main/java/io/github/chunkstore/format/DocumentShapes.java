package io.github.chunkstore.format;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * The field keys of the documents buffered for one chunk, recorded apart from their values as the
 * writer receives them, and the chunk's table of shapes built from them when it is flushed.
 *
 * <p>A shape is a sequence of FieldKeys ({@link FieldEncoding}) that at least two of the chunk's
 * documents have. The chunk header ({@link ShapeTable}) lists the shapes once and gives every
 * document a shape id; such a document's bytes are its values only. A document whose keys match no
 * shape keeps them inline, so a chunk of documents that all differ costs no more than one without
 * shapes. The table is bounded ({@link #MAX_SHAPES} shapes of at most {@link #MAX_SHAPE_KEYS}
 * keys), so a reader can reject a damaged one before allocating anything.
 *
 * <p>A value split by {@link JsonKeys} is recorded as two entries: its FieldKey (type {@link
 * FieldEncoding#SPLIT_OBJECT}) and the id of its template in this writer's table of templates, so
 * that documents share a shape only when their objects have the same keys too, and the table lists
 * each template once, after its FieldKey.
 */
final class DocumentShapes {

  /** Most shapes the format allows in one chunk: a reader refuses more. */
  static final int MAX_SHAPES = 32;

  /**
   * Most shapes this writer lists in one chunk: the most frequent ones. A shape beyond the few most
   * frequent saves only the keys of the few documents that have it, which the compressor mostly
   * removes anyway: on documents whose fields vary (MDN's features, WordNet's synsets; benchmark
   * worker, bulk, one run each), 4 shapes instead of up to 32 changed bytes by -1.3% to +0.9%,
   * while reads, which then decoded every shape of their chunk, were 39-58% faster in BEST_SPEED
   * and 7-8% in BEST_COMPRESSION. GeoNames' documents have one shape a chunk.
   */
  static final int LISTED_SHAPES = 4;

  /** Most keys in one shape: a document with more fields keeps its keys inline. */
  static final int MAX_SHAPE_KEYS = 256;

  /** Distinct key sequences counted per chunk; later ones stay inline. */
  private static final int MAX_CANDIDATES = 64;

  private long[] keys = new long[64];
  private int numKeys;
  private int[] docStarts =
      new int[17]; // document d's keys are keys[docStarts[d], docStarts[d + 1])
  private int numDocs;

  // The plan of the last flushed chunk.
  private int[] docShape = new int[16]; // shape id, or numShapes for inline keys
  private int numShapes;
  private int inlineDocs;
  private final int[] shapeDoc = new int[LISTED_SHAPES]; // a document of each shape
  private final int[] candidateDoc = new int[MAX_CANDIDATES];
  private final int[] candidateCount = new int[MAX_CANDIDATES];
  private final int[] candidateShape = new int[MAX_CANDIDATES];
  private final Integer[] order = new Integer[MAX_CANDIDATES];

  /**
   * Templates of split values, by id; kept from chunk to chunk, since a writer's documents mostly
   * repeat a few, until {@link #forgetTemplatesIfLarge}.
   */
  private BytesRefHash templates;

  /**
   * New templates are refused once the table holds this many bytes: it bounds a deferred
   * (DICTIONARY) writer's table, which lives as long as the writer, and one chunk's new templates.
   */
  static final int MAX_TEMPLATE_TABLE_BYTES = 256 * 1024;

  /** Between chunks, a table of this many bytes or more is forgotten (forgetTemplatesIfLarge). */
  static final int FORGET_TEMPLATE_BYTES = 64 * 1024;

  private long templateBytes;
  private final BytesRef scratchTemplate = new BytesRef();

  /** Records the next key of the current document. */
  void add(long key) {
    keys = ArrayUtil.grow(keys, numKeys + 1);
    keys[numKeys++] = key;
  }

  /**
   * The id of {@code template} (a {@link JsonKeys} Template) in this writer's table, added if new;
   * -1 if it is new and the table is full, when the value is to be stored unsplit. With {@code
   * always} it is added even to a full table: a merge copying a split value as it is.
   */
  int template(BytesRef template, boolean always) {
    if (templates == null) {
      templates = new BytesRefHash();
    }
    if (!always && templateBytes + template.length > MAX_TEMPLATE_TABLE_BYTES) {
      return templates.find(template);
    }
    int id = templates.add(template);
    if (id < 0) {
      return -id - 1;
    }
    templateBytes += template.length;
    return id;
  }

  /** The template of id {@code id}, valid until the next {@link #template} call. */
  BytesRef templateBytes(int id) {
    return templates.get(id, scratchTemplate);
  }

  /**
   * Forgets the templates once they hold {@link #FORGET_TEMPLATE_BYTES} or more, so that data of
   * ever new objects keeps being split without growing the table for ever; returns whether it did.
   * Only between chunks, when no buffered document refers to an id.
   */
  boolean forgetTemplatesIfLarge() {
    if (templateBytes < FORGET_TEMPLATE_BYTES) {
      return false;
    }
    templates = null; // a cleared BytesRefHash must be set up again before reuse: start afresh
    templateBytes = 0;
    return true;
  }

  /** Ends the current document: the keys added since the last call are its keys. */
  void endDocument() {
    docStarts = ArrayUtil.grow(docStarts, numDocs + 2);
    docStarts[++numDocs] = numKeys;
  }

  /** Forgets every document, after a chunk or batch is written. */
  void reset() {
    numKeys = 0;
    numDocs = 0;
  }

  int numDocs() {
    return numDocs;
  }

  int keyCount(int doc) {
    return docStarts[doc + 1] - docStarts[doc];
  }

  long key(int doc, int k) {
    return keys[docStarts[doc] + k];
  }

  /**
   * Chooses the shapes of the recorded documents: key sequences of at most {@link #MAX_SHAPE_KEYS}
   * keys that two documents or more share, the {@link #LISTED_SHAPES} most frequent. Comparing
   * against the previous document's sequence first keeps this to one comparison per document when
   * all documents look alike. Returns whether any document is left to keep its keys inline.
   */
  boolean plan() {
    docShape = ArrayUtil.grow(docShape, numDocs);
    int candidates = 0;
    int previous = -1;
    for (int d = 0; d < numDocs; d++) {
      int c = -1;
      if (keyCount(d) <= MAX_SHAPE_KEYS) {
        if (previous >= 0 && sameKeys(d, candidateDoc[previous])) {
          c = previous;
        } else {
          for (int i = 0; i < candidates && c < 0; i++) {
            if (sameKeys(d, candidateDoc[i])) {
              c = i;
            }
          }
          if (c < 0 && candidates < MAX_CANDIDATES) {
            c = candidates++;
            candidateDoc[c] = d;
            candidateCount[c] = 0;
          }
        }
      }
      if (c >= 0) {
        candidateCount[c]++;
        previous = c;
      }
      docShape[d] = c; // a candidate for now
    }
    for (int i = 0; i < candidates; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, 0, candidates, (a, b) -> Integer.compare(candidateCount[b], candidateCount[a]));
    numShapes = 0;
    for (int i = 0; i < candidates; i++) {
      int c = order[i];
      if (candidateCount[c] >= 2 && numShapes < LISTED_SHAPES) {
        shapeDoc[numShapes] = candidateDoc[c];
        candidateShape[c] = numShapes++;
      } else {
        candidateShape[c] = -1;
      }
    }
    inlineDocs = 0;
    for (int d = 0; d < numDocs; d++) {
      int c = docShape[d];
      int shape = c < 0 ? -1 : candidateShape[c];
      docShape[d] = shape < 0 ? numShapes : shape;
      if (shape < 0) {
        inlineDocs++;
      }
    }
    return inlineDocs > 0;
  }

  /**
   * Plans no shape: every document keeps its keys inline (a chunk buffered with its keys inline,
   * which recorded none here).
   */
  void planAllInline() {
    docShape = ArrayUtil.grow(docShape, numDocs);
    numShapes = 0;
    Arrays.fill(docShape, 0, numDocs, 0);
    inlineDocs = numDocs;
  }

  /** After a plan: how many documents keep their keys inline. */
  int inlineDocs() {
    return inlineDocs;
  }

  private boolean sameKeys(int a, int b) {
    return Arrays.equals(
        keys, docStarts[a], docStarts[a + 1], keys, docStarts[b], docStarts[b + 1]);
  }

  /** After {@link #plan}: whether document {@code doc} keeps its keys inline. */
  boolean isInline(int doc) {
    return docShape[doc] == numShapes;
  }

  /** After {@link #plan}: how many shapes the chunk lists. */
  int numShapes() {
    return numShapes;
  }

  /** After {@link #plan}: a document whose keys are those of shape {@code s}. */
  int shapeDocument(int s) {
    return shapeDoc[s];
  }

  /** After {@link #plan}: the shape of document {@code doc}, {@link #numShapes} for inline keys. */
  int shapeId(int doc) {
    return docShape[doc];
  }

  long ramBytesUsed() {
    return RamUsageEstimator.sizeOf(keys)
        + RamUsageEstimator.sizeOf(docStarts)
        + RamUsageEstimator.sizeOf(docShape)
        + 4L * Integer.BYTES * MAX_CANDIDATES
        + Integer.BYTES * LISTED_SHAPES
        + (templates == null ? 0 : templates.ramBytesUsed());
  }
}
