package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.packed.PackedInts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Field keys listed once per chunk (DocumentShapes) and documents that keep theirs inline. */
class DocumentShapesTest {

  static IndexWriterConfig config(Mode mode) {
    LogDocMergePolicy mp = new LogDocMergePolicy();
    mp.setNoCFSRatio(0.0);
    return new IndexWriterConfig()
        .setCodec(new ChunkstoreCodec(mode))
        .setUseCompoundFile(false)
        .setMergePolicy(mp)
        .setMaxBufferedDocs(700);
  }

  /**
   * Document {@code id}: one of 40 recurring key sequences (more than a chunk may list), now and
   * then one with more fields than a shape may have, or a one-off of random fields and types.
   */
  private static Document document(Random random, int id) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
    int kind = random.nextInt(100);
    if (kind < 2) {
      for (int f = 0; f < DocumentShapes.MAX_SHAPE_KEYS + 5; f++) {
        doc.add(new StoredField("many" + (f % 7), f));
      }
    } else if (kind < 10) {
      return StoredDocs.randomDocument(random, id, 200);
    } else {
      int shape = random.nextInt(40);
      for (int f = 0; f <= shape % 6; f++) {
        String name = "s" + ((shape + f) % 9);
        switch ((shape + f) % 5) {
          case 0 -> doc.add(new StoredField(name, "text " + random.nextInt(1000)));
          case 1 -> doc.add(new StoredField(name, random.nextLong()));
          case 2 -> doc.add(new StoredField(name, StoredDocs.randomDouble(random)));
          case 3 -> doc.add(new StoredField(name, random.nextFloat()));
          default -> doc.add(new StoredField(name, new byte[] {(byte) shape, (byte) f}));
        }
      }
    }
    return doc;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void mixedShapesAndInlineKeysSurviveFlushesDeletesAndMerges(Mode mode) throws Exception {
    Random random = new Random(11);
    Map<String, List<String>> expected = new HashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, config(mode))) {
        for (int i = 0; i < 6_000; i++) {
          Document doc = document(random, i);
          expected.put(Integer.toString(i), StoredDocs.values(doc));
          w.addDocument(doc);
        }
        w.commit();
        // Deletions make the merge copy documents one by one (values and keys) instead of chunks.
        for (int i = 0; i < 6_000; i += 13) {
          w.deleteDocuments(new Term("id", Integer.toString(i)));
          expected.remove(Integer.toString(i));
        }
        w.forceMerge(1);
      }
      RoundTripTest.verify(dir, expected);
    }
  }

  /**
   * Six key sequences used by 7, 6, 5, 4, 3 and 2 documents: the chunk lists the four most
   * frequent, and the documents of the other two keep their keys inline.
   */
  @Test
  void aChunkListsOnlyItsMostFrequentShapes() {
    DocumentShapes shapes = new DocumentShapes();
    int[] sequenceOfDoc = new int[27];
    int doc = 0;
    for (int sequence = 0; sequence < 6; sequence++) {
      for (int n = 0; n < 7 - sequence; n++) {
        for (int k = 0; k <= sequence; k++) { // sequence s has s + 1 keys
          shapes.add(((long) k << FieldEncoding.TYPE_BITS) | FieldEncoding.STRING);
        }
        shapes.endDocument();
        sequenceOfDoc[doc++] = sequence;
      }
    }
    assertTrue(shapes.plan(), "some documents keep their keys inline");
    assertEquals(DocumentShapes.LISTED_SHAPES, shapes.numShapes());
    for (int d = 0; d < doc; d++) {
      int expected = sequenceOfDoc[d] < 4 ? sequenceOfDoc[d] : shapes.numShapes();
      assertEquals(expected, shapes.shapeId(d), "document " + d);
    }
  }

  @Test
  void documentsOfOneShapeShareOneListOfKeys() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(dir, config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (int i = 0; i < 500; i++) {
          w.addDocument(
              List.of(
                  new StoredField("name", "place " + i), new StoredField("population", i * 7L)));
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        ChunkstoreStoredFieldsReader reader =
            (ChunkstoreStoredFieldsReader)
                ((CodecReader) r.leaves().get(0).reader()).getFieldsReader();
        IndexInput data = reader.dataInput().clone();
        data.seek(reader.chunkIndex().chunkStartPointer(0));
        skipToShapes(data);
        assertEquals(1, data.readVInt(), "NumShapes");
        int shapesBytes = data.readVInt();
        long shapesStart = data.getFilePointer();
        int shapeBytes = data.readVInt();
        long keysStart = data.getFilePointer();
        assertEquals(2, data.readVInt(), "NumKeys");
        data.readVLong();
        data.readVLong();
        assertEquals(shapeBytes, data.getFilePointer() - keysStart, "ShapeBytes");
        assertEquals(shapesBytes, data.getFilePointer() - shapesStart, "ShapesBytes");
        assertEquals(0, data.readByte(), "BitsPerShapeId: every document has shape 0");
      }
    }
  }

  @Test
  void aShapeCountBeyondTheLimitIsReportedAsDamage() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w =
          new IndexWriter(dir, config(Mode.BEST_SPEED).setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (int i = 0; i < 50; i++) {
          w.addDocument(List.of(new StoredField("name", "place " + i)));
        }
      }
      String data = null;
      for (String file : dir.listAll()) {
        if (file.endsWith("." + StoredFieldsFiles.DATA_EXTENSION)) {
          data = file;
        }
      }
      long shapesAt;
      byte[] bytes;
      try (IndexInput in = dir.openInput(data, IOContext.READONCE)) {
        bytes = new byte[(int) in.length()];
        in.readBytes(bytes, 0, bytes.length);
        in.seek(52); // the first chunk, right after the data file's header
        skipToShapes(in);
        shapesAt = in.getFilePointer();
      }
      assertEquals(1, bytes[(int) shapesAt]);
      bytes[(int) shapesAt] = (byte) (DocumentShapes.MAX_SHAPES + 1);
      dir.deleteFile(data);
      try (IndexOutput out = dir.createOutput(data, IOContext.DEFAULT)) {
        out.writeBytes(bytes, bytes.length);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        CorruptIndexException e =
            assertThrows(CorruptIndexException.class, () -> r.storedFields().document(3));
        assertTrue(
            e.getMessage().contains("invalid shape count " + (DocumentShapes.MAX_SHAPES + 1)),
            e.getMessage());
        assertTrue(e.getMessage().contains(data), e.getMessage());
      }
    }
  }

  /** Skips ChunkDocs, NumBlocks, PresetLength and DocLengths of the chunk header at {@code in}. */
  static void skipToShapes(IndexInput in) throws IOException {
    int docs = in.readVInt();
    in.readVInt();
    in.readVInt();
    if (docs == 1) {
      in.readVInt();
      return;
    }
    int bits = in.readByte() & 0xFF;
    if (bits == 0) {
      in.readVInt();
    } else {
      in.skipBytes(PackedInts.Format.PACKED.byteCount(PackedInts.VERSION_CURRENT, docs, bits));
    }
  }
}
