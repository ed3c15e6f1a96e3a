package io.github.chunkstore.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;

class GeoNamesTableTest {

  @Test
  void sampleIsEvenlySpreadGeoNamesData() throws IOException {
    List<String[]> rows = GeoNamesTable.readSample();
    assertEquals(3000, rows.size());
    Set<String> countries = new HashSet<>();
    for (String[] row : rows) {
      assertEquals(GeoNamesTable.COLUMNS.size(), row.length);
      countries.add(row[GeoNamesTable.COUNTRY_CODE]);
    }
    // Sampled across the whole file, which is grouped by country, not just its first rows.
    assertTrue(countries.size() > 100, "countries in the sample: " + countries.size());
  }

  @Test
  void columnConstantsNameTheirColumns() {
    assertEquals(19, GeoNamesTable.COLUMNS.size());
    assertEquals("geonameid", GeoNamesTable.COLUMNS.get(GeoNamesTable.GEONAMEID));
    assertEquals("name", GeoNamesTable.COLUMNS.get(GeoNamesTable.NAME));
    assertEquals("alternatenames", GeoNamesTable.COLUMNS.get(GeoNamesTable.ALTERNATENAMES));
    assertEquals("latitude", GeoNamesTable.COLUMNS.get(GeoNamesTable.LATITUDE));
    assertEquals("longitude", GeoNamesTable.COLUMNS.get(GeoNamesTable.LONGITUDE));
    assertEquals("country_code", GeoNamesTable.COLUMNS.get(GeoNamesTable.COUNTRY_CODE));
    assertEquals("population", GeoNamesTable.COLUMNS.get(GeoNamesTable.POPULATION));
    assertEquals("timezone", GeoNamesTable.COLUMNS.get(GeoNamesTable.TIMEZONE));
  }

  @Test
  void typeOfMarksTheNumericColumns() {
    for (int c = 0; c < GeoNamesTable.COLUMNS.size(); c++) {
      GeoNamesTable.Type expected =
          switch (GeoNamesTable.COLUMNS.get(c)) {
            case "geonameid", "population" -> GeoNamesTable.Type.LONG;
            case "latitude", "longitude" -> GeoNamesTable.Type.DOUBLE;
            default -> GeoNamesTable.Type.STRING;
          };
      assertEquals(expected, GeoNamesTable.typeOf(c), GeoNamesTable.COLUMNS.get(c));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> GeoNamesTable.typeOf(-1));
    assertThrows(
        IndexOutOfBoundsException.class, () -> GeoNamesTable.typeOf(GeoNamesTable.COLUMNS.size()));
  }

  @Test
  void toDocumentStoresEveryColumnWithItsType() throws IOException {
    String[] row = GeoNamesTable.readSample().get(0);
    Document doc = GeoNamesTable.toDocument(row);
    List<IndexableField> fields = doc.getFields();
    // The unstored lookup id first, then one stored field per column.
    assertEquals(1 + GeoNamesTable.COLUMNS.size(), fields.size());
    IndexableField id = fields.get(0);
    assertEquals(GeoNamesTable.ID_FIELD, id.name());
    assertEquals(row[GeoNamesTable.GEONAMEID], id.stringValue());
    assertFalse(id.fieldType().stored());
    assertNotEquals(IndexOptions.NONE, id.fieldType().indexOptions());
    for (int c = 0; c < GeoNamesTable.COLUMNS.size(); c++) {
      IndexableField field = fields.get(1 + c);
      assertEquals(GeoNamesTable.COLUMNS.get(c), field.name());
      assertTrue(field.fieldType().stored(), field.name());
      Object expected =
          switch (GeoNamesTable.typeOf(c)) {
            case LONG -> Long.parseLong(row[c]);
            case DOUBLE -> Double.parseDouble(row[c]);
            case STRING -> null;
          };
      assertEquals(expected, field.numericValue(), field.name());
      if (expected == null) {
        assertEquals(row[c], field.stringValue(), field.name());
      }
    }
  }

  @Test
  void compareSpotsEveryKindOfDifference() throws IOException {
    String[] row = GeoNamesTable.readSample().get(0);
    Document doc = GeoNamesTable.toDocument(row);
    // The unstored id field is not part of what a reader returns.
    doc.removeField(GeoNamesTable.ID_FIELD);
    assertNull(GeoNamesTable.compare(doc, row));

    String[] otherName = row.clone();
    otherName[1] = otherName[1] + "x";
    assertTrue(GeoNamesTable.compare(doc, otherName).contains("name"));

    String[] otherLatitude = row.clone();
    otherLatitude[4] = Double.toString(Double.parseDouble(row[4]) + 1e-5);
    assertTrue(GeoNamesTable.compare(doc, otherLatitude).contains("latitude"));

    // A number stored as a string is a difference even when the text is the same.
    Document stringId = new Document();
    for (IndexableField field : doc.getFields()) {
      stringId.add(field.name().equals("geonameid") ? new StoredField("geonameid", row[0]) : field);
    }
    assertTrue(GeoNamesTable.compare(stringId, row).contains("geonameid"));

    doc.removeField("timezone");
    assertTrue(GeoNamesTable.compare(doc, row).contains("stored fields"));
  }

  @Test
  void readRowsRejectsMalformedInput() {
    String good = String.join("\t", GeoNamesTable.COLUMNS.stream().map(c -> "1").toList());
    assertEquals(1, rowsOf(good).size());
    IllegalArgumentException shortLine =
        assertThrows(IllegalArgumentException.class, () -> rowsOf("1\tname\n"));
    assertTrue(shortLine.getMessage().contains("line 1"));
    String badLatitude = good.replaceFirst("^((?:[^\t]*\t){4})1", "$1north");
    IllegalArgumentException notNumber =
        assertThrows(IllegalArgumentException.class, () -> rowsOf(badLatitude));
    assertTrue(notNumber.getMessage().contains("latitude"), notNumber.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rowsOf(good + "\n" + good));
    assertFalse(rowsOf("").iterator().hasNext());
  }

  private static List<String[]> rowsOf(String text) {
    try {
      return GeoNamesTable.readRows(
          new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
