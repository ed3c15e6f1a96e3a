package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.store.Record;
import io.github.chunkstore.codectests.store.RecordStore;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.TestDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the codec in the lifecycle of an application's document store ({@link RecordStore}:
 * records as stored fields, a unique id term, an NRT reader), in every mode: append one and many,
 * get by id and by position, update, delete, contains, iterate all in insertion order, prune
 * (deleted records' bytes leave the directory), reload (a closed store's reader sees commits made
 * later by another writer or another store instance) and clear (empty, then usable again), and
 * reopening the store finds everything as it was left.
 */
class RecordStoreLifecycleTest {

  /** GeoNames-style records: the real places first, then synthetic ones. */
  private static List<Record> places(long seed, int count) {
    Random random = new Random(seed);
    List<Record> records = new ArrayList<>();
    for (TestDocuments.GeoName place : TestDocuments.REAL_PLACES) {
      records.add(new Record(Integer.toString(place.geonameId()), place.storedFields()));
    }
    for (int i = 0; records.size() < count; i++) {
      TestDocuments.GeoName place = TestDocuments.syntheticPlace(random, 10_000_000 + i);
      records.add(new Record(Integer.toString(place.geonameId()), place.storedFields()));
    }
    return records;
  }

  /**
   * Same records in the same order; on failure names the first difference instead of printing all.
   */
  private static void assertRecords(List<Record> expected, List<Record> actual) {
    assertRecords(expected, actual, "records");
  }

  private static void assertRecords(List<Record> expected, List<Record> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        throw new AssertionError(
            what
                + ": first difference at position "
                + i
                + ": expected "
                + expected.get(i)
                + ", got "
                + actual.get(i));
      }
    }
    assertEquals(expected.size(), actual.size(), what + ": number of records");
  }

  private static Record withNote(Record record, String note) {
    List<FieldValue> payload = new ArrayList<>(record.payload());
    payload.add(FieldValue.ofString("note", note));
    return new Record(record.id(), payload);
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void appendOneThenGetByIdAndByPosition(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    Record paris = places(1, 1).get(0);
    Record empty = new Record("nothing-stored-but-the-id", List.of());
    try (Directory dir = FSDirectory.open(tmp);
        RecordStore store = RecordStore.open(dir, mode)) {
      assertEquals(0, store.size());
      assertFalse(store.contains(paris.id()));
      assertEquals(Optional.empty(), store.get(paris.id()));

      store.append(paris);
      assertTrue(store.contains(paris.id()));
      assertEquals(Optional.of(paris), store.get(paris.id()));
      assertEquals(1, store.size());
      assertEquals(0, store.positionOf(paris.id()).getAsInt());
      assertEquals(Optional.of(paris), store.getAt(0));
      assertThrows(IllegalArgumentException.class, () -> store.append(paris), "ids are unique");

      store.append(empty);
      assertEquals(Optional.of(empty), store.get(empty.id()));
      assertEquals(Optional.of(empty), store.getAt(1));
      assertEquals(List.of(paris, empty), store.all());
      assertThrows(IllegalArgumentException.class, () -> store.getAt(2));
      assertThrows(IllegalArgumentException.class, () -> store.getAt(-1));

      for (LeafReaderContext leaf : store.currentReader().leaves()) {
        assertEquals(mode, Segments.chunkstoreStats(leaf.reader()).mode());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void appendManyThenIterateInInsertionOrderAndReopen(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    List<Record> records = places(2, 6000);
    try (Directory dir = FSDirectory.open(tmp)) {
      try (RecordStore store = RecordStore.open(dir, mode)) {
        store.appendAll(records.subList(0, 2000));
        store.commit();
        for (Record r : records.subList(2000, 2100)) {
          store.append(r); // one at a time, reading in between
          assertTrue(store.contains(r.id()));
        }
        store.appendAll(records.subList(2100, records.size()));
        assertThrows(
            IllegalArgumentException.class,
            () -> store.appendAll(List.of(new Record("new-1", List.of()), records.get(17))),
            "a batch with a taken id is refused whole");
        assertFalse(store.contains("new-1"));

        assertEquals(records.size(), store.size());
        assertRecords(records, store.all(), "iteration returns every record in insertion order");
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
          Record r = records.get(random.nextInt(records.size()));
          assertEquals(Optional.of(r), store.get(r.id()));
          int position = store.positionOf(r.id()).getAsInt();
          assertEquals(records.indexOf(r), position, "position follows insertion order");
          assertEquals(Optional.of(r), store.getAt(position));
        }
      }
      // The application restarts: everything is still there, in the same order.
      try (RecordStore store = RecordStore.open(dir, mode)) {
        assertRecords(records, store.all());
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void updateAndDelete(ChunkstoreCodec.Mode mode, @TempDir Path tmp) throws Exception {
    List<Record> records = places(4, 1500);
    List<Record> expected = new ArrayList<>(records);
    try (Directory dir = FSDirectory.open(tmp);
        RecordStore store = RecordStore.open(dir, mode)) {
      store.appendAll(records);
      store.commit();

      // Updates: new content under the same id, moved to the end; the old version is gone.
      for (int i = 0; i < records.size(); i += 50) {
        Record updated = withNote(records.get(i), "revised " + i);
        int oldPosition = store.positionOf(updated.id()).getAsInt();
        store.update(updated);
        expected.remove(records.get(i));
        expected.add(updated);
        assertEquals(Optional.of(updated), store.get(updated.id()));
        assertEquals(
            Optional.empty(), store.getAt(oldPosition), "the replaced version's position is dead");
      }
      // An update may empty a record's payload.
      Record emptied = new Record(records.get(7).id(), List.of());
      store.update(emptied);
      expected.remove(records.get(7));
      expected.add(emptied);
      assertThrows(
          IllegalArgumentException.class, () -> store.update(new Record("no-such-id", List.of())));

      // Deletes.
      for (int i = 3; i < records.size(); i += 40) {
        String id = records.get(i).id();
        int position = store.positionOf(id).getAsInt();
        assertTrue(store.delete(id));
        expected.removeIf(r -> r.id().equals(id));
        assertFalse(store.contains(id));
        assertEquals(Optional.empty(), store.get(id));
        assertEquals(Optional.empty(), store.getAt(position));
        assertFalse(store.delete(id), "a second delete finds nothing");
      }
      assertEquals(expected.size(), store.size());
      assertRecords(expected, store.all());
      store.commit();
      try (DirectoryReader committed = DirectoryReader.open(dir)) {
        assertEquals(expected.size(), committed.numDocs());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void pruneShrinksTheDirectory(ChunkstoreCodec.Mode mode, @TempDir Path tmp) throws Exception {
    List<Record> records = places(5, 4000);
    try (Directory dir = FSDirectory.open(tmp)) {
      List<Record> kept = new ArrayList<>();
      try (RecordStore store = RecordStore.open(dir, mode)) {
        for (int i = 0; i < records.size(); i += 500) {
          store.appendAll(records.subList(i, i + 500));
          store.commit(); // several segments
        }
        long full = store.sizeInBytes();
        for (int i = 0; i < records.size(); i++) {
          if (i % 5 < 3) {
            assertTrue(store.delete(records.get(i).id()));
          } else {
            kept.add(records.get(i));
          }
        }
        store.commit();
        long withDeletions = store.sizeInBytes();
        assertTrue(store.currentReader().numDeletedDocs() > 0);

        store.prune();
        long pruned = store.sizeInBytes();
        assertTrue(
            pruned < withDeletions && pruned < full,
            () ->
                "prune: "
                    + full
                    + " bytes full, "
                    + withDeletions
                    + " with deletions, "
                    + pruned
                    + " after");
        assertEquals(0, store.currentReader().numDeletedDocs(), "no deleted record left");
        assertEquals(kept.size(), store.positions(), "positions are compact again");
        assertRecords(kept, store.all());
      }
      Segments.CheckResult check = Segments.checkIndex(dir);
      assertTrue(check.clean(), () -> "CheckIndex:\n" + check.log());
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void reloadSeesAnotherWritersCommit(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    List<Record> records = places(6, 300);
    try (Directory dir = FSDirectory.open(tmp);
        RecordStore store = RecordStore.open(dir, mode)) {
      store.appendAll(records.subList(0, 200));
      store.closeWriter();
      assertFalse(store.isWritable());
      assertThrows(IllegalStateException.class, () -> store.append(records.get(250)));
      assertFalse(store.reload(), "nothing changed yet");

      // Another writer, knowing nothing of the store but its layout, appends and commits.
      try (IndexWriter other =
          new IndexWriter(dir, new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode)))) {
        Document doc = new Document();
        doc.add(new StringField(RecordStore.ID_FIELD, "from-another-writer", Field.Store.YES));
        doc.add(new org.apache.lucene.document.StoredField("note", "hello"));
        other.addDocument(doc);
        other.deleteDocuments(
            new org.apache.lucene.index.Term(RecordStore.ID_FIELD, records.get(0).id()));
        other.commit();
      }
      assertFalse(store.contains("from-another-writer"), "not visible before reload");
      assertTrue(store.reload());
      assertEquals(
          Optional.of(
              new Record("from-another-writer", List.of(FieldValue.ofString("note", "hello")))),
          store.get("from-another-writer"));
      assertFalse(store.contains(records.get(0).id()));
      assertEquals(200, store.size());
      assertFalse(store.reload());
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void reloadSeesASecondStoreInstance(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    ChunkstoreCodec.Mode[] modes = ChunkstoreCodec.Mode.values();
    ChunkstoreCodec.Mode otherMode = modes[(mode.ordinal() + 1) % modes.length];
    List<Record> records = places(7, 1200);
    try (Directory dir = FSDirectory.open(tmp);
        RecordStore first = RecordStore.open(dir, mode)) {
      first.appendAll(records.subList(0, 600));
      first.closeWriter();

      // A second instance on the same directory (the first has let go of the write lock),
      // possibly writing in another mode, updates, deletes and appends, then closes.
      try (RecordStore second = RecordStore.open(dir, otherMode)) {
        assertRecords(records.subList(0, 600), second.all());
        second.update(withNote(records.get(1), "edited by the second store"));
        assertTrue(second.delete(records.get(2).id()));
        second.appendAll(records.subList(600, 1200));
      }
      try (RecordStore readOnly = RecordStore.openReadOnly(dir)) {
        assertEquals(1199, readOnly.size());
      }

      assertEquals(600, first.size(), "the first store still reads its own last commit");
      assertTrue(first.reload());
      assertEquals(1199, first.size());
      assertEquals(
          Optional.of(withNote(records.get(1), "edited by the second store")),
          first.get(records.get(1).id()));
      assertFalse(first.contains(records.get(2).id()));
      for (Record r : records.subList(600, 1200)) {
        assertEquals(Optional.of(r), first.get(r.id()));
      }
      boolean sawOtherMode = false;
      for (LeafReaderContext leaf : first.currentReader().leaves()) {
        sawOtherMode |= Segments.chunkstoreStats(leaf.reader()).mode() == otherMode;
      }
      assertTrue(sawOtherMode, "the second store's segments are in its own mode");
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void clearEmptiesTheStoreWhichStaysUsable(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    List<Record> records = places(8, 1000);
    try (Directory dir = FSDirectory.open(tmp)) {
      try (RecordStore store = RecordStore.open(dir, mode)) {
        store.appendAll(records);
        store.commit();
        store.clear();
        assertEquals(0, store.size());
        assertEquals(0, store.positions());
        assertEquals(List.of(), store.all());
        assertFalse(store.contains(records.get(0).id()));
        assertEquals(Optional.empty(), store.get(records.get(0).id()));
        try (DirectoryReader committed = DirectoryReader.open(dir)) {
          assertEquals(0, committed.maxDoc(), "the clear is committed");
        }

        store.appendAll(records.subList(0, 10));
        store.append(records.get(500));
        assertEquals(11, store.size());
        assertEquals(Optional.of(records.get(500)), store.get(records.get(500).id()));
      }
      try (RecordStore store = RecordStore.openReadOnly(dir)) {
        List<Record> expected = new ArrayList<>(records.subList(0, 10));
        expected.add(records.get(500));
        assertRecords(expected, store.all());
      }
    }
  }
}
