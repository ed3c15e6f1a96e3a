package io.github.chunkstore.codectests.support;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;

/**
 * One stored value as a reader reports it: field name, value type and value.
 *
 * <p>Equality is exact: strings by {@code equals}, binary values byte by byte, floats and doubles
 * by their bit patterns as {@link Float#equals} sees them ({@code -0.0} differs from {@code 0.0},
 * every NaN equals NaN: Lucene's own stored-fields format keeps only the canonical NaN, so a NaN's
 * payload bits are not part of a stored value). A document's stored fields are compared as a {@code
 * List<FieldValue>}: names, types and values, in order.
 */
public final class FieldValue {

  /** The value types a {@link org.apache.lucene.index.StoredFieldVisitor} can report. */
  public enum Kind {
    STRING,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    BINARY
  }

  private final String name;
  private final Kind kind;
  private final Object value;

  private FieldValue(String name, Kind kind, Object value) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.value = Objects.requireNonNull(value, "value");
  }

  public static FieldValue ofString(String name, String value) {
    return new FieldValue(name, Kind.STRING, value);
  }

  public static FieldValue ofInt(String name, int value) {
    return new FieldValue(name, Kind.INT, value);
  }

  public static FieldValue ofLong(String name, long value) {
    return new FieldValue(name, Kind.LONG, value);
  }

  public static FieldValue ofFloat(String name, float value) {
    return new FieldValue(name, Kind.FLOAT, value);
  }

  public static FieldValue ofDouble(String name, double value) {
    return new FieldValue(name, Kind.DOUBLE, value);
  }

  /** A binary value; the array is copied. */
  public static FieldValue ofBinary(String name, byte[] value) {
    return new FieldValue(name, Kind.BINARY, value.clone());
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public String stringValue() {
    return (String) value;
  }

  public int intValue() {
    return (Integer) value;
  }

  public long longValue() {
    return (Long) value;
  }

  public float floatValue() {
    return (Float) value;
  }

  public double doubleValue() {
    return (Double) value;
  }

  /** A copy of the binary value. */
  public byte[] binaryValue() {
    return ((byte[]) value).clone();
  }

  /**
   * A {@link StoredField} that stores this value. {@code variant} picks among the equivalent ways
   * of handing a binary value to Lucene (whole array, a slice of a larger array, a {@link
   * StoredFieldDataInput}); every variant must read back as the same bytes.
   */
  public StoredField toStoredField(int variant) {
    return switch (kind) {
      case STRING -> new StoredField(name, (String) value);
      case INT -> new StoredField(name, (Integer) value);
      case LONG -> new StoredField(name, (Long) value);
      case FLOAT -> new StoredField(name, (Float) value);
      case DOUBLE -> new StoredField(name, (Double) value);
      case BINARY -> binaryField((byte[]) value, Math.floorMod(variant, 3));
    };
  }

  private StoredField binaryField(byte[] bytes, int variant) {
    switch (variant) {
      case 0:
        return new StoredField(name, bytes.clone());
      case 1:
        {
          // The value sits in the middle of a larger array: offset and length must be honoured.
          byte[] padded = new byte[bytes.length + 7];
          Arrays.fill(padded, (byte) 0x5A);
          System.arraycopy(bytes, 0, padded, 3, bytes.length);
          return new StoredField(name, new BytesRef(padded, 3, bytes.length));
        }
      default:
        return new StoredField(
            name, new StoredFieldDataInput(new ByteArrayDataInput(bytes.clone(), 0, bytes.length)));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FieldValue other) || !name.equals(other.name) || kind != other.kind) {
      return false;
    }
    return switch (kind) {
      case BINARY -> Arrays.equals((byte[]) value, (byte[]) other.value);
      case FLOAT ->
          Float.floatToIntBits((Float) value) == Float.floatToIntBits((Float) other.value);
      case DOUBLE ->
          Double.doubleToLongBits((Double) value) == Double.doubleToLongBits((Double) other.value);
      default -> value.equals(other.value);
    };
  }

  @Override
  public int hashCode() {
    int h = name.hashCode() * 31 + kind.hashCode();
    return switch (kind) {
      case BINARY -> h * 31 + Arrays.hashCode((byte[]) value);
      case FLOAT -> h * 31 + Float.floatToIntBits((Float) value);
      case DOUBLE -> h * 31 + Long.hashCode(Double.doubleToLongBits((Double) value));
      default -> h * 31 + value.hashCode();
    };
  }

  @Override
  public String toString() {
    String shown =
        switch (kind) {
          case BINARY -> {
            byte[] b = (byte[]) value;
            String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 24));
            yield "len=" + b.length + " hex=" + hex + (b.length > 24 ? "..." : "");
          }
          case FLOAT ->
              value + " (bits " + Integer.toHexString(Float.floatToRawIntBits((Float) value)) + ")";
          case DOUBLE ->
              value
                  + " (bits "
                  + Long.toHexString(Double.doubleToRawLongBits((Double) value))
                  + ")";
          case STRING -> {
            String s = (String) value;
            yield s.length() <= 60
                ? '"' + s + '"'
                : "len=" + s.length() + " \"" + s.substring(0, 60) + "...\"";
          }
          default -> value.toString();
        };
    return name + ':' + kind + '=' + shown;
  }
}
