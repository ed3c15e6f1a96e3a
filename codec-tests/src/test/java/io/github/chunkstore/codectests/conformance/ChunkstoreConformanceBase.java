package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Listeners;
import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import io.github.chunkstore.codectests.support.RandomChunkingCodec;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.format.ChunkstoreStoredFieldsReader;
import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.BaseStoredFieldsFormatTestCase;

/**
 * Lucene's stored-fields conformance suite ({@link BaseStoredFieldsFormatTestCase} and the
 * index-file checks it inherits) run against {@link ChunkstoreCodec} in the mode named by the
 * concrete class's {@link ConformanceMode}, as shipped or with random small chunks ({@link
 * RandomChunkingCodec}).
 *
 * <p>The suite installs {@link #getCodec()} as the default codec for every test, so everything it
 * indexes goes through the packaged codec; {@link #testSegmentsAreWrittenByChunkstore()} makes sure
 * of that, so the suite cannot pass by testing some other codec.
 *
 * <p>Every variant also runs the suite's {@code @Nightly} big-documents test (documents of 500,000
 * to 1,000,000 small fields or one 1-5 MB field, far larger than a chunk, merged into one segment)
 * through {@link #testBigDocumentsInEveryBuild()}, without switching on the other nightly tests.
 */
@Listeners(MavenReproduceLine.class)
public abstract class ChunkstoreConformanceBase extends BaseStoredFieldsFormatTestCase {

  /** The mode this suite writes segments in. */
  protected final ChunkstoreCodec.Mode mode() {
    return declaration().value();
  }

  private ConformanceMode declaration() {
    ConformanceMode annotation = getClass().getAnnotation(ConformanceMode.class);
    if (annotation == null) {
      throw new IllegalStateException(
          getClass().getName() + " lacks @" + ConformanceMode.class.getSimpleName());
    }
    return annotation;
  }

  /** The codec as shipped, or one with random small chunks drawn from the test's seed. */
  @Override
  protected Codec getCodec() {
    if (declaration().randomChunking()) {
      return RandomChunkingCodec.randomInstance(random(), mode());
    }
    return new ChunkstoreCodec(mode());
  }

  /**
   * {@link #testBigDocuments()} is {@code @Nightly} upstream and so skipped unless {@code
   * -Dtests.nightly=true}; the runner decides that from the annotations of the method it runs, and
   * this one has none. (With nightly tests on, the original runs and this one steps aside.)
   */
  public void testBigDocumentsInEveryBuild() throws IOException {
    assumeFalse("-Dtests.nightly=true runs testBigDocuments itself", TEST_NIGHTLY);
    testBigDocuments();
  }

  /** Documents indexed with a default config land in Chunkstore segments of {@link #mode()}. */
  public void testSegmentsAreWrittenByChunkstore() throws IOException {
    String codecName = Codec.getDefault().getName();
    assertEquals(getCodec().getName(), codecName);
    try (Directory dir = newDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
        for (int i = 0; i < 50; i++) {
          Document doc = new Document();
          doc.add(new StoredField("n", i));
          doc.add(new StoredField("s", "value " + i));
          writer.addDocument(doc);
        }
        writer.commit();
      }
      for (String committed : Segments.committedCodecNames(dir)) {
        assertEquals(codecName, committed);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(50, reader.numDocs());
        for (LeafReaderContext leaf : reader.leaves()) {
          StoredFieldsReader fieldsReader = Segments.storedFieldsReader(leaf.reader());
          assertTrue(
              "stored fields read by " + fieldsReader.getClass().getName(),
              fieldsReader instanceof ChunkstoreStoredFieldsReader);
          assertEquals(mode(), ChunkstoreStats.of(fieldsReader).orElseThrow().mode());
        }
      }
    }
  }

  /**
   * In mode DICTIONARY with random chunking, a segment large enough to train on gets a dictionary
   * ({@link RandomChunkingCodec}'s threshold is at most 64 KiB), so the suite exercises dictionary
   * segments and not only segments too small for one. The codec as shipped trains none below 1 MiB,
   * more than the suite writes.
   */
  public void testDictionarySegmentsAreTrained() throws IOException {
    assumeTrue(
        "only mode DICTIONARY trains dictionaries", mode() == ChunkstoreCodec.Mode.DICTIONARY);
    assumeTrue("the shipped threshold is above this test's index", declaration().randomChunking());
    try (Directory dir = newDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
        for (int i = 0; i < 2000; i++) {
          Document doc = new Document();
          doc.add(
              new StoredField(
                  "s", "city " + i + " in region " + (i % 17) + " of country " + (i % 5)));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        ChunkstoreStats fieldsReader = Segments.chunkstoreStats(reader.leaves().get(0).reader());
        assertTrue("no dictionary in " + fieldsReader, fieldsReader.dictionaryBytes() > 0);
        assertEquals(
            "city 1234 in region 10 of country 4", reader.storedFields().document(1234).get("s"));
      }
    }
  }
}
