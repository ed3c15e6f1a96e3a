package io.github.chunkstore.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;

/** Random documents of every stored type, and an exact comparison of what reads back. */
final class StoredDocs {

  private StoredDocs() {}

  static Document randomDocument(Random random, int id, int maxValueBytes) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
    int fields = random.nextInt(8);
    for (int f = 0; f < fields; f++) {
      String name = "f" + random.nextInt(6);
      switch (random.nextInt(6)) {
        case 0 -> doc.add(new StoredField(name + "_s", randomString(random, maxValueBytes)));
        case 1 -> {
          byte[] bytes = new byte[random.nextInt(maxValueBytes + 1)];
          random.nextBytes(bytes);
          doc.add(new StoredField(name + "_b", new BytesRef(bytes)));
        }
        case 2 -> doc.add(new StoredField(name + "_i", random.nextInt()));
        case 3 -> doc.add(new StoredField(name + "_l", random.nextLong()));
        case 4 -> doc.add(new StoredField(name + "_f", random.nextFloat() * 1000));
        default -> doc.add(new StoredField(name + "_d", randomDouble(random)));
      }
    }
    return doc;
  }

  static double randomDouble(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextInt(100000); // integral
      case 1 -> (float) (random.nextDouble() * 100); // float-exact
      case 2 -> -0.0;
      case 3 -> Double.NaN;
      case 4 -> Math.round(random.nextDouble() * 1e5) / 1e5; // like a coordinate
      default -> random.nextGaussian() * 1e300;
    };
  }

  static String randomString(Random random, int maxBytes) {
    int length = random.nextInt(maxBytes / 3 + 1);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      sb.append(kind < 7 ? (char) ('a' + random.nextInt(26)) : kind < 9 ? 'é' : '文');
    }
    return sb.toString();
  }

  /** Stored values of a document in order, as comparable strings (type-tagged, bit-exact). */
  static List<String> values(Document doc) {
    List<String> out = new ArrayList<>();
    for (IndexableField f : doc.getFields()) {
      if (f.fieldType().stored()) {
        out.add(describe(f));
      }
    }
    return out;
  }

  static String describe(IndexableField f) {
    if (f.stringValue() != null) {
      return f.name() + ":s:" + f.stringValue();
    }
    Number n = f.numericValue();
    if (n instanceof Double d) {
      return f.name() + ":d:" + Double.doubleToRawLongBits(d);
    } else if (n instanceof Float x) {
      return f.name() + ":f:" + Float.floatToRawIntBits(x);
    } else if (n instanceof Long l) {
      return f.name() + ":l:" + l;
    } else if (n instanceof Integer i) {
      return f.name() + ":i:" + i;
    }
    return f.name() + ":b:" + f.binaryValue();
  }

  static List<String> read(StoredFields fields, int docID) throws java.io.IOException {
    return values(fields.document(docID));
  }
}
