package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading documents through visitors: their statuses, empty documents and the docID range. */
class DocumentVisitingTest {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void visitorStatusesAreHonoured(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode))) {
        w.addDocument(
            List.of(
                new StoredField("a", "A"),
                new StoredField("b", 2L),
                new StoredField("c", "C"),
                new StoredField("d", 4.5)));
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        List<String> visited = new ArrayList<>();
        r.leaves()
            .get(0)
            .reader()
            .storedFields()
            .document(
                0,
                new StoredFieldVisitor() {
                  @Override
                  public Status needsField(FieldInfo info) {
                    return switch (info.name) {
                      case "a" -> Status.NO;
                      case "b" -> Status.YES;
                      default -> Status.STOP;
                    };
                  }

                  @Override
                  public void stringField(FieldInfo info, String value) {
                    visited.add(info.name + "=" + value);
                  }

                  @Override
                  public void longField(FieldInfo info, long value) {
                    visited.add(info.name + "=" + value);
                  }

                  @Override
                  public void doubleField(FieldInfo info, double value) {
                    visited.add(info.name + "=" + value);
                  }
                });
        assertEquals(List.of("b=2"), visited);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void emptyDocumentsAndDocIdRange(Mode mode) throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, SegmentFiles.config(mode))) {
        for (int i = 0; i < 2000; i++) {
          w.addDocument(i == 1500 ? List.of(new StoredField("x", "only")) : List.of());
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        LeafReader leaf = r.leaves().get(0).reader();
        StoredFields fields = leaf.storedFields();
        assertTrue(fields.document(0).getFields().isEmpty());
        assertEquals("only", fields.document(1500).get("x"));
        assertTrue(fields.document(1999).getFields().isEmpty());
        ChunkstoreStoredFieldsReader reader = SegmentFiles.fieldsReader(leaf);
        assertEquals(mode.name(), reader.mode().name());
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    reader.document(
                        2000, new org.apache.lucene.document.DocumentStoredFieldVisitor()));
        assertTrue(e.getMessage().contains("2000"), e.getMessage());
        assertThrows(
            IllegalArgumentException.class,
            () -> reader.document(-1, new org.apache.lucene.document.DocumentStoredFieldVisitor()));
        assertThrows(IllegalArgumentException.class, () -> reader.prefetch(2000));
        // A refused docID leaves the reader as it was.
        org.apache.lucene.document.DocumentStoredFieldVisitor after =
            new org.apache.lucene.document.DocumentStoredFieldVisitor();
        reader.document(1500, after);
        assertEquals("only", after.getDocument().get("x"));
      }
    }
  }
}
