package io.github.chunkstore.codectests.store;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.Segments;
import io.github.chunkstore.codectests.support.StoredFieldsSnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;

/**
 * A small document store of the kind applications build on Lucene: records kept as stored fields,
 * found by a unique {@value #ID_FIELD} term, listed in insertion order.
 *
 * <p>Writes go through one {@link IndexWriter} using {@link ChunkstoreCodec}; reads go through a
 * {@link DirectoryReader} that is reopened with {@link DirectoryReader#openIfChanged} before a read
 * that follows a write (near-real-time while the store writes, from the latest commit once it has
 * closed its writer). A record's <em>position</em> is its docID in the current reader. The store
 * uses a merge policy that only merges adjacent segments, so positions follow insertion order (an
 * update moves a record to the end).
 *
 * <p>Not thread-safe: one caller at a time.
 */
public final class RecordStore implements Closeable {

  /** The indexed and stored field holding a record's id. */
  public static final String ID_FIELD = "id";

  private final Directory directory;
  private IndexWriter writer;
  private DirectoryReader reader;
  private IndexSearcher searcher;
  private boolean stale;
  private boolean closed;

  private RecordStore(Directory directory, IndexWriter writer, DirectoryReader reader) {
    this.directory = directory;
    this.writer = writer;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
  }

  /**
   * Opens (or creates) a writable store in {@code directory}; new segments are written in {@code
   * mode}.
   */
  public static RecordStore open(Directory directory, ChunkstoreCodec.Mode mode)
      throws IOException {
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setMergePolicy(new LogByteSizeMergePolicy());
    IndexWriter writer = new IndexWriter(directory, config);
    try {
      writer.commit(); // an empty store is still an index others can open
      return new RecordStore(directory, writer, DirectoryReader.open(writer));
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Opens a store that only reads the latest commit in {@code directory} (see {@link #reload()}).
   */
  public static RecordStore openReadOnly(Directory directory) throws IOException {
    return new RecordStore(directory, null, DirectoryReader.open(directory));
  }

  public boolean isWritable() {
    return writer != null;
  }

  // ---------------------------------------------------------------------------------- writing

  /** Adds a new record; fails if its id is already stored. */
  public void append(Record record) throws IOException {
    appendAll(List.of(record));
  }

  /**
   * Adds new records in order, as one batch; fails (adding none) if any id is taken or repeated.
   */
  public void appendAll(Collection<Record> records) throws IOException {
    IndexWriter w = requireWriter();
    Set<String> batch = new HashSet<>();
    for (Record record : records) {
      if (!batch.add(record.id()) || contains(record.id())) {
        throw new IllegalArgumentException("id already stored: " + record.id());
      }
    }
    w.addDocuments(records.stream().map(RecordStore::toDocument).toList());
    stale = true;
  }

  /** Replaces the record with the same id; fails if there is none. */
  public void update(Record record) throws IOException {
    IndexWriter w = requireWriter();
    if (!contains(record.id())) {
      throw new IllegalArgumentException("no record with id " + record.id());
    }
    w.updateDocument(idTerm(record.id()), toDocument(record));
    stale = true;
  }

  /** Deletes the record with this id; returns whether there was one. */
  public boolean delete(String id) throws IOException {
    IndexWriter w = requireWriter();
    if (!contains(id)) {
      return false;
    }
    w.deleteDocuments(idTerm(id));
    stale = true;
    return true;
  }

  /** Makes every change so far durable. */
  public void commit() throws IOException {
    requireWriter().commit();
  }

  /** Merges deleted records away, commits, and lets go of the files they occupied. */
  public void prune() throws IOException {
    IndexWriter w = requireWriter();
    w.forceMergeDeletes(true);
    w.commit();
    stale = true;
    refresh(); // the old reader held the pre-merge files
  }

  /** Removes every record and commits; the store stays usable. */
  public void clear() throws IOException {
    IndexWriter w = requireWriter();
    w.deleteAll();
    w.commit();
    stale = true;
    refresh();
  }

  /**
   * Commits and closes the writer; the store keeps reading the directory's latest commit, and
   * {@link #reload()} picks up commits made later by other writers.
   */
  public void closeWriter() throws IOException {
    IndexWriter w = requireWriter();
    w.commit();
    w.close();
    writer = null;
    DirectoryReader fromCommit = DirectoryReader.open(directory);
    reader.close();
    setReader(fromCommit);
    stale = false;
  }

  /** Sees changes made since the last read: this store's own, or other writers' commits. */
  public boolean reload() throws IOException {
    DirectoryReader newer = DirectoryReader.openIfChanged(reader);
    stale = false;
    if (newer == null) {
      return false;
    }
    reader.close();
    setReader(newer);
    return true;
  }

  // ---------------------------------------------------------------------------------- reading

  public boolean contains(String id) throws IOException {
    return positionOf(id).isPresent();
  }

  public Optional<Record> get(String id) throws IOException {
    OptionalInt position = positionOf(id);
    return position.isPresent() ? getAt(position.getAsInt()) : Optional.empty();
  }

  /** The position (docID) of the record with this id. */
  public OptionalInt positionOf(String id) throws IOException {
    refresh();
    TopDocs hits = searcher.search(new TermQuery(idTerm(id)), 2);
    if (hits.scoreDocs.length > 1) {
      throw new IllegalStateException("id stored twice: " + id);
    }
    return hits.scoreDocs.length == 0 ? OptionalInt.empty() : OptionalInt.of(hits.scoreDocs[0].doc);
  }

  /**
   * The record at a position, or empty if the record there was deleted.
   *
   * @throws IllegalArgumentException if the position is outside {@code [0, positions())}
   */
  public Optional<Record> getAt(int position) throws IOException {
    refresh();
    Bits live = MultiBits.getLiveDocs(reader);
    if (position >= 0 && position < reader.maxDoc() && live != null && !live.get(position)) {
      return Optional.empty();
    }
    return Optional.of(toRecord(StoredFieldsSnapshot.read(reader.storedFields(), position)));
  }

  /** One past the largest position, deleted records included. */
  public int positions() throws IOException {
    refresh();
    return reader.maxDoc();
  }

  /** Number of records. */
  public int size() throws IOException {
    refresh();
    return reader.numDocs();
  }

  /** Every record, in position order. */
  public List<Record> all() throws IOException {
    List<Record> records = new ArrayList<>();
    forEach(records::add);
    return records;
  }

  /** Visits every record in position order, reading stored fields sequentially. */
  public void forEach(Consumer<Record> action) throws IOException {
    refresh();
    Bits live = MultiBits.getLiveDocs(reader);
    StoredFields storedFields = reader.storedFields();
    for (int doc = 0; doc < reader.maxDoc(); doc++) {
      if (live == null || live.get(doc)) {
        action.accept(toRecord(StoredFieldsSnapshot.read(storedFields, doc)));
      }
    }
  }

  /** Bytes the store's directory occupies. */
  public long sizeInBytes() throws IOException {
    return Segments.sizeInBytes(directory);
  }

  /** The reader records are currently read from (for inspection; do not close). */
  public DirectoryReader currentReader() throws IOException {
    refresh();
    return reader;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer != null) {
        writer.commit();
        writer.close();
        writer = null;
      }
    } finally {
      reader.close();
    }
  }

  // ---------------------------------------------------------------------------------- internals

  private void refresh() throws IOException {
    if (stale) {
      reload();
    }
  }

  private void setReader(DirectoryReader newReader) {
    reader = newReader;
    searcher = new IndexSearcher(newReader);
  }

  private IndexWriter requireWriter() {
    if (writer == null) {
      throw new IllegalStateException("the store is read-only");
    }
    return writer;
  }

  private static Term idTerm(String id) {
    return new Term(ID_FIELD, id);
  }

  private static Document toDocument(Record record) {
    Document doc = new Document();
    doc.add(new StringField(ID_FIELD, record.id(), Field.Store.YES));
    int variant = record.id().hashCode();
    for (FieldValue value : record.payload()) {
      doc.add(value.toStoredField(variant++));
    }
    return doc;
  }

  private static Record toRecord(List<FieldValue> stored) {
    if (stored.isEmpty()
        || !stored.get(0).name().equals(ID_FIELD)
        || stored.get(0).kind() != FieldValue.Kind.STRING) {
      throw new IllegalStateException("stored document does not start with its id: " + stored);
    }
    return new Record(stored.get(0).stringValue(), stored.subList(1, stored.size()));
  }
}
