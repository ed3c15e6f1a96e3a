package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.format.MergeRules.Strategy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Index-sorted merges interleave their sources' documents: each Chunkstore source's documents are
 * copied in their serialized form, without decoding a field, and read back exactly.
 */
class IndexSortedMergeTest {

  private static final Sort BY_RANK = new Sort(new SortField("rank", SortField.Type.LONG));

  @ParameterizedTest
  @EnumSource(Mode.class)
  void indexSortingWritesDocumentsInSortedOrder(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig iwc = SegmentFiles.config(mode).setIndexSort(BY_RANK);
      try (IndexWriter w = new IndexWriter(dir, iwc)) {
        for (int i = 0; i < 5000; i++) {
          long rank = (i * 7919L) % 5000;
          w.addDocument(
              List.of(
                  new NumericDocValuesField("rank", rank),
                  new StoredField("rank", rank),
                  new StringField("id", "i" + i, Field.Store.YES)));
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void sortedMergesCopySerializedDocumentsAndReadBackExactly(Mode mode) throws Exception {
    Random random = new Random(11);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig flushes =
          SegmentFiles.config(mode).setIndexSort(BY_RANK).setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter w = new IndexWriter(dir, flushes)) {
        for (int i = 0; i < 3000; i++) {
          Document doc = StoredDocs.randomDocument(random, i, 300);
          if (i % 3 == 0) { // JSON objects: split into keys and values in BEST_COMPRESSION
            doc.add(
                new StoredField(
                    "json", new BytesRef("{\"name\":\"n" + i + "\",\"rank\":" + i % 97 + "}")));
          }
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          doc.add(new NumericDocValuesField("rank", (i * 7919L) % 3000));
          w.addDocument(doc);
          if (i % 700 == 699) {
            w.commit();
          }
        }
        w.deleteDocuments(new Term("id", "42"));
        expected.remove("42");
      }
      List<Strategy> strategies = new ArrayList<>();
      IndexWriterConfig merging =
          new IndexWriterConfig().setCodec(new RecordingCodec(mode, strategies));
      merging.setIndexSort(BY_RANK).setUseCompoundFile(false);
      try (IndexWriter w = new IndexWriter(dir, merging)) {
        w.forceMerge(1);
      }
      assertEquals(5, strategies.size(), strategies.toString());
      assertTrue(
          strategies.stream().allMatch(s -> s == Strategy.COPY_DOCUMENTS), strategies.toString());
      RoundTripTest.verify(dir, expected);
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        assertEquals(1, r.leaves().size());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aForeignSourceOfASortedMergeIsVisited(Mode mode) throws IOException {
    try (Directory lucene = new ByteBuffersDirectory();
        Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig luceneConfig =
          new IndexWriterConfig().setCodec(new Lucene104Codec()).setIndexSort(BY_RANK);
      try (IndexWriter w = new IndexWriter(lucene, luceneConfig)) {
        for (int i = 0; i < 100; i++) {
          w.addDocument(
              List.of(
                  new NumericDocValuesField("rank", 2 * i + 1),
                  new StoredField("v", "lucene " + i)));
        }
      }
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode).setIndexSort(BY_RANK))) {
        for (int i = 0; i < 100; i++) {
          w.addDocument(
              List.of(
                  new NumericDocValuesField("rank", 2 * i),
                  new StoredField("v", "chunkstore " + i)));
        }
        w.commit();
      }
      List<Strategy> strategies = new ArrayList<>();
      IndexWriterConfig merging =
          new IndexWriterConfig().setCodec(new RecordingCodec(mode, strategies));
      try (IndexWriter w = new IndexWriter(dir, merging.setIndexSort(BY_RANK))) {
        w.addIndexes(lucene);
        w.forceMerge(1);
      }
      assertTrue(strategies.contains(Strategy.VISIT), strategies.toString());
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        StoredFields fields = r.storedFields();
        for (int d = 0; d < 200; d++) {
          String source = d % 2 == 0 ? "chunkstore " : "lucene ";
          assertEquals(source + d / 2, fields.document(d).get("v"), "doc " + d);
        }
      }
    }
  }

  /**
   * Chunkstore, whose stored-fields writers record the strategy of each merge source. Named as the
   * real codec, which reads what it writes.
   */
  private static final class RecordingCodec extends FilterCodec {
    private final StoredFieldsFormat format;

    RecordingCodec(Mode mode, List<Strategy> strategies) {
      super(ChunkstoreCodec.NAME, new ChunkstoreCodec(mode));
      StoredFieldsFormat chunkstore = delegate.storedFieldsFormat();
      ModeSettings settings = ModeSettings.of(SegmentMode.valueOf(mode.name()));
      this.format =
          new StoredFieldsFormat() {
            @Override
            public StoredFieldsReader fieldsReader(
                Directory dir, SegmentInfo si, FieldInfos fn, IOContext context)
                throws IOException {
              return chunkstore.fieldsReader(dir, si, fn, context);
            }

            @Override
            public StoredFieldsWriter fieldsWriter(Directory dir, SegmentInfo si, IOContext context)
                throws IOException {
              return new RecordingWriter(
                  chunkstore.fieldsWriter(dir, si, context), settings, strategies);
            }
          };
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
      return format;
    }
  }

  /** Passes everything on to a Chunkstore writer, recording the strategies its merges choose. */
  private static final class RecordingWriter extends StoredFieldsWriter {
    private final StoredFieldsWriter in;
    private final ModeSettings settings;
    private final List<Strategy> strategies;

    RecordingWriter(StoredFieldsWriter in, ModeSettings settings, List<Strategy> strategies) {
      this.in = in;
      this.settings = settings;
      this.strategies = strategies;
    }

    @Override
    public int merge(MergeState state) throws IOException {
      strategies.addAll(StoredFieldsMerger.strategies(state, settings));
      return in.merge(state);
    }

    @Override
    public void startDocument() throws IOException {
      in.startDocument();
    }

    @Override
    public void finishDocument() throws IOException {
      in.finishDocument();
    }

    @Override
    public void writeField(FieldInfo info, int value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, long value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, float value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, double value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, StoredFieldDataInput value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, BytesRef value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, String value) throws IOException {
      in.writeField(info, value);
    }

    @Override
    public void finish(int numDocs) throws IOException {
      in.finish(numDocs);
    }

    @Override
    public long ramBytesUsed() {
      return in.ramBytesUsed();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
