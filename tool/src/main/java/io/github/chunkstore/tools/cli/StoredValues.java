package io.github.chunkstore.tools.cli;

import io.github.chunkstore.tools.JsonText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;

/**
 * A document's stored fields in stored order, as read back: compared exactly and printed as JSON.
 */
record StoredValues(List<Value> values) {

  /** One stored value: a String, byte[], Integer, Long, Float or Double. */
  record Value(String field, Object value) {

    boolean sameAs(Value other) {
      if (!field.equals(other.field)) {
        return false;
      }
      if (value instanceof byte[] bytes) {
        return other.value instanceof byte[] otherBytes && Arrays.equals(bytes, otherBytes);
      }
      // Float/Double equals() compares bits: NaN equals NaN, -0.0 differs from 0.0.
      return value.equals(other.value);
    }

    /** Bytes of the value as a document holds it: UTF-8 for strings. */
    long rawBytes() {
      return switch (value) {
        case byte[] bytes -> bytes.length;
        case String s -> utf8Length(s);
        case Integer i -> Integer.BYTES;
        case Float f -> Float.BYTES;
        case Long l -> Long.BYTES;
        case Double d -> Double.BYTES;
        default -> 0;
      };
    }
  }

  /** Reads document {@code docID}'s stored fields. */
  static StoredValues read(StoredFields storedFields, int docID) throws IOException {
    List<Value> values = new ArrayList<>();
    storedFields.document(
        docID,
        new StoredFieldVisitor() {
          @Override
          public Status needsField(FieldInfo fieldInfo) {
            return Status.YES;
          }

          @Override
          public void binaryField(FieldInfo fieldInfo, byte[] value) {
            values.add(new Value(fieldInfo.name, value));
          }

          @Override
          public void stringField(FieldInfo fieldInfo, String value) {
            values.add(new Value(fieldInfo.name, value));
          }

          @Override
          public void intField(FieldInfo fieldInfo, int value) {
            values.add(new Value(fieldInfo.name, value));
          }

          @Override
          public void longField(FieldInfo fieldInfo, long value) {
            values.add(new Value(fieldInfo.name, value));
          }

          @Override
          public void floatField(FieldInfo fieldInfo, float value) {
            values.add(new Value(fieldInfo.name, value));
          }

          @Override
          public void doubleField(FieldInfo fieldInfo, double value) {
            values.add(new Value(fieldInfo.name, value));
          }
        });
    return new StoredValues(values);
  }

  /** Whether both documents hold the same fields with the same values in the same order. */
  boolean sameAs(StoredValues other) {
    if (values.size() != other.values.size()) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).sameAs(other.values.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Sum of the values' {@link Value#rawBytes()}. */
  long rawBytes() {
    long bytes = 0;
    for (Value v : values) {
      bytes += v.rawBytes();
    }
    return bytes;
  }

  /**
   * The document as one JSON object, {@code {"_doc": docID, "field": value, ...}}: numbers as
   * numbers (NaN and infinities as strings), binary values as base64 strings, and a field stored
   * more than once as an array of its values.
   */
  String toJson(int docID) {
    StringBuilder sb = new StringBuilder("{\"_doc\":").append(docID);
    List<String> seen = new ArrayList<>();
    for (Value v : values) {
      if (seen.contains(v.field)) {
        continue;
      }
      seen.add(v.field);
      List<Value> same = values.stream().filter(o -> o.field.equals(v.field)).toList();
      sb.append(',');
      JsonText.appendString(sb, v.field);
      sb.append(':');
      if (same.size() == 1) {
        json(sb, v.value);
      } else {
        sb.append('[');
        for (int i = 0; i < same.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          json(sb, same.get(i).value);
        }
        sb.append(']');
      }
    }
    return sb.append('}').toString();
  }

  private static void json(StringBuilder sb, Object value) {
    switch (value) {
      case String s -> JsonText.appendString(sb, s);
      case byte[] bytes -> JsonText.appendString(sb, Base64.getEncoder().encodeToString(bytes));
      case Number n -> JsonText.appendNumber(sb, n);
      default -> throw new IllegalStateException("not a stored value: " + value.getClass());
    }
  }

  private static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
