package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import io.github.chunkstore.TestCodecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binary fields holding JSON objects, whose top-level keys go to the chunk's shapes (JsonKeys). */
class JsonObjectsTest {

  private static final String[][] KEY_SETS = {
    {"geonameid", "name", "latitude", "longitude", "population"},
    {"id", "title", "tags"},
    {"id", "title", "tags", "nested"},
    {"a"},
    {"user", "message", "when", "where", "score", "flags"},
  };

  private static String value(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> Integer.toString(random.nextInt());
      case 1 -> Double.toString(random.nextDouble() * 180 - 90);
      case 2 -> "\"" + "place \\\"" + random.nextInt(500) + "\\\" , } ] {" + "\"";
      case 3 -> "{\"inner\":[1,{\"deep\":\"}\"}],\"more\":" + random.nextInt(9) + "}";
      case 4 -> "[" + random.nextInt(5) + ",\"x,y\",[]]";
      case 5 -> random.nextBoolean() ? "true" : "null";
      case 6 -> "\"\"";
      case 7 -> "\"Zürich, 東京 \\\\ " + random.nextInt(100) + "\"";
      default ->
          "\"" + StoredDocs.randomString(random, 40).replace("\\", "").replace("\"", "") + "\"";
    };
  }

  private static String object(String[] keys, Random random, boolean pretty) {
    StringBuilder json = new StringBuilder("{");
    for (int k = 0; k < keys.length; k++) {
      if (k > 0) {
        json.append(',');
      }
      json.append(pretty ? "\n  \"" : "\"")
          .append(keys[k])
          .append(pretty ? "\" : " : "\":")
          .append(value(random));
    }
    return json.append(pretty ? "\n}" : "}").toString();
  }

  /**
   * A `_source` of a recurring key set most of the time, else something that does not split or is
   * new.
   */
  private static byte[] source(Random random, int id) {
    int kind = random.nextInt(100);
    String json;
    if (kind < 70) {
      json = object(KEY_SETS[random.nextInt(KEY_SETS.length)], random, kind < 10);
    } else if (kind < 80) {
      json = object(new String[] {"k" + id, "v"}, random, false); // a template used once
    } else if (kind < 84) {
      String[] many = new String[JsonKeys.MAX_MEMBERS + 1 + random.nextInt(3) - 1]; // 127 to 129
      for (int i = 0; i < many.length; i++) {
        many[i] = "m" + i;
      }
      json = object(many, random, false);
    } else if (kind < 88) {
      json = object(KEY_SETS[0], random, false) + " "; // not exactly one object
    } else if (kind < 92) {
      return ("{\"a\":\"zero" + '\0' + "\"}").getBytes(StandardCharsets.UTF_8);
    } else if (kind < 96) {
      json = "{\"a\":1,\"b\"";
    } else {
      byte[] bytes = new byte[random.nextInt(60)];
      random.nextBytes(bytes);
      if (bytes.length > 1 && random.nextBoolean()) {
        bytes[0] = '{';
        bytes[bytes.length - 1] = '}';
      }
      return bytes;
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static Document document(Random random, int id) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
    doc.add(new StoredField("_source", new BytesRef(source(random, id))));
    if (id % 5 == 0) {
      doc.add(new StoredField("title", "title " + id));
      doc.add(new StoredField("_meta", new BytesRef(source(random, id))));
    }
    return doc;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void objectsReadBackByteForByteThroughFlushesMergesAndOtherCodecs(Mode mode) throws Exception {
    Random random = new Random(21);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory();
        Directory lucene = new ByteBuffersDirectory()) {
      // Documents from Lucene's own format reach the writer as StoredFieldDataInput in a merge.
      try (IndexWriter w =
          new IndexWriter(lucene, new IndexWriterConfig().setCodec(new Lucene104Codec()))) {
        for (int i = 100_000; i < 101_500; i++) {
          Document doc = document(random, i);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
      }
      try (IndexWriter w = new IndexWriter(dir, DocumentShapesTest.config(mode))) {
        for (int i = 0; i < 7_000; i++) {
          Document doc = document(random, i);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
        w.commit();
        RoundTripTest.verify(
            dir,
            expected.entrySet().stream()
                .filter(e -> Integer.parseInt(e.getKey()) < 100_000)
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        // Deletions make the merge copy documents one by one, templates and all.
        for (int i = 0; i < 7_000; i += 11) {
          w.deleteDocuments(new Term("id", Integer.toString(i)));
          expected.remove(Integer.toString(i));
        }
        w.addIndexes(lucene);
        w.forceMerge(1);
      }
      RoundTripTest.verify(dir, expected);
      // And a merge that copies whole chunks (no deletions) after more documents.
      try (IndexWriter w = new IndexWriter(dir, DocumentShapesTest.config(mode))) {
        for (int i = 7_000; i < 9_000; i++) {
          Document doc = document(random, i);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
        w.forceMerge(1);
      }
      RoundTripTest.verify(dir, expected);
    }
  }

  @Test
  void aTemplateIsListedOnceInItsShapeAndTheValuesHoldNoKeys() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      long splitBytes = dataBytes(dir, i -> "{\"a\":" + i + ",\"b\":\"x\"}");
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        IndexInput data = firstChunkShapes(r);
        assertEquals(1, data.readVInt(), "NumShapes");
        data.readVInt(); // ShapesBytes
        data.readVInt(); // ShapeBytes
        assertEquals(1, data.readVInt(), "NumKeys");
        assertEquals(FieldEncoding.SPLIT_OBJECT, FieldEncoding.type(data.readVLong()));
        byte[] template = new byte[12];
        data.readBytes(template, 0, template.length);
        byte[] expected = {2, 5, '{', '"', 'a', '"', ':', 4, '"', 'b', '"', ':'};
        assertArrayEquals(expected, template);
        assertEquals(0, data.readByte(), "BitsPerShapeId: every document has shape 0");
        assertEquals(
            "{\"a\":7,\"b\":\"x\"}",
            r.storedFields().document(7).getBinaryValue("v").utf8ToString());
      }
      // The same objects with a trailing space do not split: their keys cost bytes again.
      try (Directory other = new ByteBuffersDirectory()) {
        long unsplitBytes = dataBytes(other, i -> "{\"a\":" + i + ",\"b\":\"x\"} ");
        assertTrue(
            splitBytes < unsplitBytes, splitBytes + " bytes split, " + unsplitBytes + " unsplit");
      }
    }
  }

  @Test
  void bestSpeedStoresObjectsWhole() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(
              dir,
              DocumentShapesTest.config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (int i = 0; i < 100; i++) {
          w.addDocument(List.of(new StoredField("v", new BytesRef("{\"a\":" + i + "}"))));
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        IndexInput data = firstChunkShapes(r);
        assertEquals(1, data.readVInt(), "NumShapes");
        data.readVInt(); // ShapesBytes
        data.readVInt(); // ShapeBytes
        assertEquals(1, data.readVInt(), "NumKeys");
        assertEquals(FieldEncoding.BYTES, FieldEncoding.type(data.readVLong()));
      }
    }
  }

  @Test
  void theWriterForgetsItsTemplatesOnceTheyAreManyAndGoesOnSplitting() throws Exception {
    // Every other document has keys of its own, ~200 bytes each: a chunk of them (4,096 documents)
    // fills the writer's table of templates past the bound at which it is forgotten between
    // chunks, while the recurring template's id is the writer's last.
    Map<String, List<String>> expected = new HashMap<>();
    String longKey = "k".repeat(190);
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(
              dir, DocumentShapesTest.config(Mode.BEST_COMPRESSION).setMaxBufferedDocs(10_000))) {
        for (int i = 0; i < 6_000; i++) {
          String json =
              i % 2 == 0
                  ? "{\"id\":" + i + ",\"name\":\"n" + i + "\"}"
                  : "{\"" + longKey + i + "\":" + i + "}";
          Document doc = new Document();
          doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
          doc.add(new StoredField("_source", new BytesRef(json)));
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
      }
      assertTrue(
          4_096 / 2 * (longKey.length() + 5) > DocumentShapes.FORGET_TEMPLATE_BYTES,
          "one chunk fills it");
      RoundTripTest.verify(dir, expected);
    }
  }

  /** The data file of the reader's first segment, positioned at the Shapes of its first chunk. */
  private static IndexInput firstChunkShapes(DirectoryReader r) throws IOException {
    ChunkstoreStoredFieldsReader reader =
        (ChunkstoreStoredFieldsReader) ((CodecReader) r.leaves().get(0).reader()).getFieldsReader();
    IndexInput data = reader.dataInput().clone();
    data.seek(reader.chunkIndex().chunkStartPointer(0));
    DocumentShapesTest.skipToShapes(data);
    return data;
  }

  /**
   * Writes 3,000 documents of one binary field "v" in BEST_COMPRESSION; returns the data file's
   * size.
   */
  private static long dataBytes(Directory dir, java.util.function.IntFunction<String> json)
      throws IOException {
    try (IndexWriter w =
        new IndexWriter(
            dir,
            DocumentShapesTest.config(Mode.BEST_COMPRESSION)
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setMaxBufferedDocs(5000))) {
      for (int i = 0; i < 3_000; i++) {
        w.addDocument(List.of(new StoredField("v", new BytesRef(json.apply(i)))));
      }
    }
    return dir.fileLength(dataFile(dir));
  }

  @Test
  void aDamagedTemplateIsReportedAsDamageNamingTheFile() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      dataBytes(dir, i -> "{\"a\":" + i + ",\"b\":\"x\"}");
      String data = dataFile(dir);
      byte[] bytes;
      long templateAt;
      try (IndexInput in = dir.openInput(data, IOContext.READONCE)) {
        bytes = new byte[(int) in.length()];
        in.readBytes(bytes, 0, bytes.length);
        in.seek(52); // the first chunk, right after the data file's header
        DocumentShapesTest.skipToShapes(in);
        in.readVInt(); // NumShapes
        in.readVInt(); // ShapesBytes
        in.readVInt(); // ShapeBytes
        in.readVInt(); // NumKeys
        in.readVLong(); // FieldKey
        templateAt = in.getFilePointer();
      }
      assertEquals(2, bytes[(int) templateAt], "NumMembers");
      bytes[(int) templateAt] = 0;
      dir.deleteFile(data);
      try (IndexOutput out = dir.createOutput(data, IOContext.DEFAULT)) {
        out.writeBytes(bytes, bytes.length);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        CorruptIndexException e =
            assertThrows(CorruptIndexException.class, () -> r.storedFields().document(3));
        assertTrue(e.getMessage().contains("checksum mismatch in its header"), e.getMessage());
        assertTrue(e.getMessage().contains(data), e.getMessage());
        // Templates are checked when a document's shape is decoded, which is after the checksum:
        // reading without checksums shows the check itself.
        SegmentReader segment = (SegmentReader) r.leaves().get(0).reader();
        try (StoredFieldsReader unverified =
            TestCodecs.codec(TestCodecs.settings(Mode.BEST_COMPRESSION), false)
                .storedFieldsFormat()
                .fieldsReader(
                    dir,
                    segment.getSegmentInfo().info,
                    segment.getFieldInfos(),
                    IOContext.DEFAULT)) {
          e =
              assertThrows(
                  CorruptIndexException.class,
                  () -> unverified.document(3, new DocumentStoredFieldVisitor()));
          assertTrue(e.getMessage().contains("invalid member count 0"), e.getMessage());
          assertTrue(e.getMessage().contains(data), e.getMessage());
        }
      }
    }
  }

  private static String dataFile(Directory dir) throws IOException {
    for (String file : dir.listAll()) {
      if (file.endsWith("." + StoredFieldsFiles.DATA_EXTENSION)) {
        return file;
      }
    }
    throw new AssertionError("no data file in " + List.of(dir.listAll()));
  }
}
