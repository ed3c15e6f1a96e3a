package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * The documents waiting for the next chunk: their serialized values ({@link FieldEncoding}), their
 * lengths, and their field keys apart in {@link DocumentShapes}. Binary values that are JSON
 * objects are split here ({@link JsonKeys}) when the mode asks for it. When the chunk is written,
 * {@link #inlineKeys} puts the keys back before the values of the documents that got no shape. Or,
 * for a chunk that {@link #bufferKeysInline} asks it of, every value's key is written before it
 * from the start: the chunk then lists no shape and nothing is rebuilt.
 */
final class DocumentBuffer {

  private final ModeSettings settings;
  private final String segment;
  private ByteBuffersDataOutput values;
  private ByteBuffersDataOutput inlined; // the chunk rebuilt when some documents need inline keys
  private final DocumentShapes shapes = new DocumentShapes();
  private int[] lengths = new int[16];
  private int numDocs;
  private long docStart;

  // JSON splitting: scratch of JsonKeys.split, and the template of the last split value.
  private final BytesRefBuilder splitTemplate = new BytesRefBuilder();
  private final BytesRefBuilder splitValues = new BytesRefBuilder();
  private final BytesRefBuilder splitInput = new BytesRefBuilder();
  private final BytesRefBuilder lastTemplate = new BytesRefBuilder();
  private int lastTemplateId = -1; // its id in `shapes`, -1 for none
  private boolean keysInline;
  private final byte[] doubleBytes = new byte[16]; // the longest encoding of a double takes 10
  private final ByteArrayDataOutput doubleOut = new ByteArrayDataOutput();

  DocumentBuffer(ModeSettings settings, String segment, BlockRecycler pages) {
    this.settings = settings;
    this.segment = segment;
    this.values = pages.newOutput();
    this.inlined = pages.newOutput();
  }

  void startDocument() {
    docStart = values.size();
  }

  /** Ends the document started last and returns its serialized length. */
  int finishDocument() {
    long length = values.size() - docStart;
    if (length > FieldEncoding.MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException(
          "document of "
              + length
              + " serialized bytes exceeds Chunkstore's maximum of "
              + FieldEncoding.MAX_DOCUMENT_BYTES
              + " (segment "
              + segment
              + ")");
    }
    shapes.endDocument();
    lengths = ArrayUtil.grow(lengths, numDocs + 1);
    lengths[numDocs++] = (int) length;
    return (int) length;
  }

  void writeInt(FieldInfo info, int value) throws IOException {
    key(FieldEncoding.key(info, FieldEncoding.INT));
    values.writeZInt(value);
  }

  void writeLong(FieldInfo info, long value) throws IOException {
    key(FieldEncoding.key(info, FieldEncoding.LONG));
    values.writeZLong(value);
  }

  void writeFloat(FieldInfo info, float value) throws IOException {
    key(FieldEncoding.key(info, FieldEncoding.FLOAT));
    values.writeInt(Float.floatToRawIntBits(value));
  }

  void writeDouble(FieldInfo info, double value) throws IOException {
    if (!keysInline) {
      shapes.add(FieldEncoding.key(info, FieldEncoding.writeDouble(values, value)));
      return;
    }
    // The encoding chooses the type, which the key before it holds: encoded aside first.
    doubleOut.reset(doubleBytes);
    int type = FieldEncoding.writeDouble(doubleOut, value);
    values.writeVLong(FieldEncoding.key(info, type));
    values.writeBytes(doubleBytes, 0, doubleOut.getPosition());
  }

  void writeString(FieldInfo info, String value) throws IOException {
    key(FieldEncoding.key(info, FieldEncoding.STRING));
    values.writeString(value);
  }

  void writeBytes(FieldInfo info, BytesRef value) throws IOException {
    int split =
        settings.splitsJsonObjects() && !keysInline
            ? JsonKeys.split(
                value, lastTemplateId < 0 ? null : lastTemplate.get(), splitTemplate, splitValues)
            : JsonKeys.NOT_SPLIT;
    if (split != JsonKeys.NOT_SPLIT) {
      int template = lastTemplateId;
      if (split == JsonKeys.NEW_TEMPLATE) {
        template = shapes.template(splitTemplate.get(), false);
        if (template >= 0) {
          lastTemplate.copyBytes(splitTemplate);
          lastTemplateId = template;
        }
      }
      if (template >= 0) {
        shapes.add(FieldEncoding.key(info, FieldEncoding.SPLIT_OBJECT));
        shapes.add(template);
        values.writeVInt(splitValues.length());
        values.writeBytes(splitValues.bytes(), 0, splitValues.length());
        return;
      }
    }
    key(FieldEncoding.key(info, FieldEncoding.BYTES));
    FieldEncoding.writeBytes(values, value);
  }

  void writeBytes(FieldInfo info, StoredFieldDataInput value) throws IOException {
    if (!settings.splitsJsonObjects()
        || keysInline
        || value.getLength() > JsonKeys.MAX_SPLIT_BYTES) {
      // Copied straight from the source, without a byte[] per value.
      key(FieldEncoding.key(info, FieldEncoding.BYTES));
      FieldEncoding.writeBytes(values, value.getDataInput(), value.getLength());
      return;
    }
    // Read into a reused array to split it.
    int length = value.getLength();
    splitInput.grow(length);
    value.getDataInput().readBytes(splitInput.bytes(), 0, length);
    splitInput.setLength(length);
    writeBytes(info, splitInput.get());
  }

  /**
   * Appends document {@code doc} of {@code source} as it is serialized there; returns its length.
   */
  int copyDocument(ChunkstoreStoredFieldsReader source, int doc) throws IOException {
    checkKeysApart();
    startDocument();
    source.copySerializedDocument(doc, values, shapes);
    return finishDocument();
  }

  /**
   * Appends a document of {@code length} value bytes read from {@code in}, its keys already added.
   */
  void appendDocument(DataInput in, int length) throws IOException {
    checkKeysApart();
    startDocument();
    values.copyBytes(in, length);
    finishDocument();
  }

  /**
   * Whether the next chunk's documents are buffered with every value's key written before it; only
   * between chunks. Merges and DICTIONARY's deferred writes add documents whose keys come apart
   * ({@link #copyDocument}, {@link #appendDocument}), which such a chunk refuses.
   */
  void bufferKeysInline(boolean on) {
    if (numDocs > 0 || values.size() > 0) {
      throw new IllegalStateException("documents are buffered");
    }
    keysInline = on;
  }

  boolean keysInline() {
    return keysInline;
  }

  private void key(long key) throws IOException {
    if (keysInline) {
      values.writeVLong(key);
    } else {
      shapes.add(key);
    }
  }

  private void checkKeysApart() {
    if (keysInline) {
      throw new IllegalStateException(
          "documents with their keys apart added to a chunk buffered with keys inline");
    }
  }

  /** The keys of the buffered documents, and of the document being added. */
  DocumentShapes shapes() {
    return shapes;
  }

  ByteBuffersDataOutput values() {
    return values;
  }

  int numDocs() {
    return numDocs;
  }

  /** Serialized bytes of the buffered documents. */
  long size() {
    return values.size();
  }

  /** Lengths of the buffered documents, valid for [0, numDocs()). */
  int[] lengths() {
    return lengths;
  }

  /**
   * Forgets the buffered documents once they are written. With {@code keepTemplates} the table of
   * JSON templates stays whole: documents waiting elsewhere (a spill file) refer to its ids.
   */
  void clear(boolean keepTemplates) {
    values.reset();
    shapes.reset();
    numDocs = 0;
    if (!keepTemplates && shapes.forgetTemplatesIfLarge()) {
      lastTemplateId = -1;
    }
  }

  /**
   * Rebuilds the buffered bytes with the keys written before each value of the documents that
   * {@link DocumentShapes#plan} left without a shape, their split values joined again (a template
   * is listed only in a shape); the other documents are copied as they are.
   */
  void inlineKeys() throws IOException {
    ByteBuffersDataInput in = values.toDataInput();
    inlined.reset();
    for (int d = 0; d < numDocs; d++) {
      long start = inlined.size();
      if (shapes.isInline(d)) {
        for (int k = 0; k < shapes.keyCount(d); k++) {
          long key = shapes.key(d, k);
          if (FieldEncoding.type(key) == FieldEncoding.SPLIT_OBJECT) {
            joinValue(in, shapes.templateBytes((int) shapes.key(d, ++k)));
            inlined.writeVLong(key - FieldEncoding.SPLIT_OBJECT + FieldEncoding.BYTES);
            FieldEncoding.writeBytes(inlined, splitInput.get());
            continue;
          }
          inlined.writeVLong(key);
          FieldEncoding.copyValue(in, FieldEncoding.type(key), inlined);
        }
        lengths[d] = Math.toIntExact(inlined.size() - start);
      } else {
        inlined.copyBytes(in, lengths[d]);
      }
    }
    ByteBuffersDataOutput keyless = values;
    values = inlined;
    inlined = keyless;
    inlined.reset();
  }

  /** Reads a split value from {@code in} and joins it with {@code template} into splitInput. */
  private void joinValue(DataInput in, BytesRef template) throws IOException {
    int length = in.readVInt();
    splitValues.grow(length);
    in.readBytes(splitValues.bytes(), 0, length);
    byte[] object =
        JsonKeys.join(
            template.bytes,
            template.offset,
            template.offset + template.length,
            splitValues.bytes(),
            0,
            length);
    if (object == null) {
      throw new IllegalStateException(
          "segment " + segment + ": a split value does not join its template");
    }
    splitInput.copyBytes(object, 0, object.length);
  }

  long ramBytesUsed() {
    return values.ramBytesUsed()
        + inlined.ramBytesUsed()
        + shapes.ramBytesUsed()
        + splitTemplate.bytes().length
        + splitValues.bytes().length
        + splitInput.bytes().length
        + lastTemplate.bytes().length
        + RamUsageEstimator.sizeOf(lengths);
  }
}
