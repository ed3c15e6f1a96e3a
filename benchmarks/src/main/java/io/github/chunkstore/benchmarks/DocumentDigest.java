package io.github.chunkstore.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * An exact text form of a document's stored fields (name, value type and value of every field in
 * order; floating-point values by their bits), so that "reads back identical" is a string
 * comparison, and a 64-bit hash of it for per-docID checks.
 */
final class DocumentDigest {

  private static final HexFormat HEX = HexFormat.of();

  private DocumentDigest() {}

  static String canonical(Iterable<? extends IndexableField> fields) {
    StringBuilder out = new StringBuilder(256);
    for (IndexableField field : fields) {
      out.append(field.name()).append('\u0001');
      Number number = field.numericValue();
      BytesRef bytes = field.binaryValue();
      if (number instanceof Double d) {
        out.append('D').append(Long.toHexString(Double.doubleToRawLongBits(d)));
      } else if (number instanceof Float f) {
        out.append('F').append(Integer.toHexString(Float.floatToRawIntBits(f)));
      } else if (number != null) {
        out.append(number.getClass().getSimpleName().charAt(0)).append(number.longValue());
      } else if (bytes != null) {
        out.append('B')
            .append(HEX.formatHex(bytes.bytes, bytes.offset, bytes.offset + bytes.length));
      } else {
        out.append('S').append(field.stringValue());
      }
      out.append('\u0002');
    }
    return out.toString();
  }

  static long hash(String canonical) {
    byte[] utf8 = canonical.getBytes(StandardCharsets.UTF_8);
    long high = StringHelper.murmurhash3_x86_32(utf8, 0, utf8.length, 0x9747b28c);
    long low = StringHelper.murmurhash3_x86_32(utf8, 0, utf8.length, 0x5bd1e995);
    return (high << 32) | (low & 0xFFFFFFFFL);
  }
}
