package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.ChildMain;
import io.github.chunkstore.codectests.support.FieldValue;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.TestDocuments;
import io.github.chunkstore.format.ChunkstoreStoredFieldsWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.Directory;

/**
 * Run by {@link OversizedDocumentTest} in a JVM with a heap large enough for the writer to buffer a
 * document just over {@link ChunkstoreStoredFieldsWriter#MAX_DOCUMENT_BYTES} (the writer holds a
 * document's serialized bytes until it is complete). To an index with a commit and some uncommitted
 * documents it adds a document of eight 256 MiB strings ({@code BEST_SPEED}), then, in another
 * index, a document holding one binary value of {@link Integer#MAX_VALUE} bytes, streamed, never
 * held in memory ({@code BEST_COMPRESSION}); each time it checks that the exception names the
 * limit, that the last commit is intact, and that a writer (the same one if it survived, else a new
 * one) can add and commit.
 *
 * <p>Prints {@code OK <mode> <case> ...} per case, then {@code ALL OK}; exits 1 on the first
 * failure.
 */
public final class OversizedDocumentMain {

  private static final int STRING_CHARS = 256 << 20;
  private static final int STRING_FIELDS = 8; // 2 GiB of UTF-8, just over the limit

  private OversizedDocumentMain() {}

  public static void main(String[] args) {
    ChildMain.exitAfter(
        () -> {
          // The limit is checked before compression, so one case per mode covers both modes and
          // both ways a document gets that big while keeping the run to two 2 GiB documents.
          run(
              ChunkstoreCodec.Mode.BEST_SPEED,
              "document-of-strings",
              () -> {
                String big = "x".repeat(STRING_CHARS);
                Document doc = TestDocuments.toDocument("oversized", List.of());
                for (int i = 0; i < STRING_FIELDS; i++) {
                  doc.add(new StoredField("text", big));
                }
                return doc;
              });
          run(
              ChunkstoreCodec.Mode.BEST_COMPRESSION,
              "binary-value",
              () -> {
                Document doc = TestDocuments.toDocument("oversized", List.of());
                doc.add(
                    new StoredField(
                        "blob", new StoredFieldDataInput(new ZeroInput(), Integer.MAX_VALUE)));
                return doc;
              });
          System.out.println("ALL OK");
        });
  }

  private interface DocumentFactory {
    Document create();
  }

  private static void run(ChunkstoreCodec.Mode mode, String name, DocumentFactory oversized)
      throws IOException {
    Map<String, List<FieldValue>> committed = new LinkedHashMap<>();
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriter writer = new IndexWriter(dir, config(mode));
      add(writer, committed, 0, 50);
      writer.commit();
      Map<String, List<FieldValue>> uncommitted = new LinkedHashMap<>(committed);
      add(writer, uncommitted, 50, 10);

      Throwable failure = null;
      try {
        writer.addDocument(oversized.create());
      } catch (Throwable t) {
        failure = t;
      }
      if (failure == null) {
        throw new AssertionError(mode + " " + name + ": a document over the limit was accepted");
      }
      if (!String.valueOf(failure.getMessage()).contains("exceeds Chunkstore's maximum")) {
        throw new AssertionError(
            mode + " " + name + ": the exception does not name the limit", failure);
      }
      boolean survived = writer.isOpen();
      if (!survived) {
        writer = new IndexWriter(dir, config(mode));
      }
      Map<String, List<FieldValue>> expected =
          survived ? uncommitted : new LinkedHashMap<>(committed);
      add(writer, expected, 60, 10);
      writer.commit();
      writer.close();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexVerification.assertExactly(reader, expected);
      }
      System.out.println(
          "OK "
              + mode
              + " "
              + name
              + ": "
              + failure.getClass().getSimpleName()
              + ": "
              + failure.getMessage()
              + (survived
                  ? "; the writer stayed open and kept its uncommitted documents"
                  : "; the writer was closed (its 10 uncommitted documents are lost); the last commit was intact"
                      + " and a new writer added and committed"));
    }
  }

  private static IndexWriterConfig config(ChunkstoreCodec.Mode mode) {
    return new IndexWriterConfig().setCodec(new ChunkstoreCodec(mode));
  }

  private static void add(
      IndexWriter writer, Map<String, List<FieldValue>> docs, int first, int count)
      throws IOException {
    for (int i = first; i < first + count; i++) {
      String id = "doc-" + i;
      List<FieldValue> fields = new ArrayList<>(TestDocuments.storedFields(i, id));
      docs.put(id, fields);
      writer.addDocument(TestDocuments.toDocument(id, fields));
    }
  }

  /** An endless run of zero bytes: a huge value that costs no memory to supply. */
  private static final class ZeroInput extends DataInput {
    @Override
    public byte readByte() {
      return 0;
    }

    @Override
    public void readBytes(byte[] b, int offset, int len) {
      java.util.Arrays.fill(b, offset, offset + len, (byte) 0);
    }

    @Override
    public void skipBytes(long numBytes) {}
  }
}
