package io.github.chunkstore.codectests.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;

/**
 * A visitor that records every stored field of one document, in the order the reader reports them,
 * with the type of the callback it arrived through.
 */
public final class StoredFieldsSnapshot extends StoredFieldVisitor {

  private final List<FieldValue> values = new ArrayList<>();

  /** Reads all stored fields of {@code docID}. */
  public static List<FieldValue> read(StoredFields storedFields, int docID) throws IOException {
    StoredFieldsSnapshot visitor = new StoredFieldsSnapshot();
    storedFields.document(docID, visitor);
    return visitor.values;
  }

  @Override
  public Status needsField(FieldInfo fieldInfo) {
    return Status.YES;
  }

  @Override
  public void binaryField(FieldInfo fieldInfo, byte[] value) {
    values.add(FieldValue.ofBinary(fieldInfo.name, value));
  }

  @Override
  public void stringField(FieldInfo fieldInfo, String value) {
    values.add(FieldValue.ofString(fieldInfo.name, value));
  }

  @Override
  public void intField(FieldInfo fieldInfo, int value) {
    values.add(FieldValue.ofInt(fieldInfo.name, value));
  }

  @Override
  public void longField(FieldInfo fieldInfo, long value) {
    values.add(FieldValue.ofLong(fieldInfo.name, value));
  }

  @Override
  public void floatField(FieldInfo fieldInfo, float value) {
    values.add(FieldValue.ofFloat(fieldInfo.name, value));
  }

  @Override
  public void doubleField(FieldInfo fieldInfo, double value) {
    values.add(FieldValue.ofDouble(fieldInfo.name, value));
  }

  public List<FieldValue> values() {
    return values;
  }
}
