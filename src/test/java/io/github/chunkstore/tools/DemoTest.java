package io.github.chunkstore.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @Test
  void sampleIsEvenlySpreadGeoNamesData() throws IOException {
    List<String[]> rows = Demo.readSample();
    assertEquals(3000, rows.size());
    Set<String> countries = new HashSet<>();
    for (String[] row : rows) {
      assertEquals(Demo.COLUMNS.size(), row.length);
      countries.add(row[8]);
    }
    // Sampled across the whole file, which is grouped by country, not just its first rows.
    assertTrue(countries.size() > 100, "countries in the sample: " + countries.size());
  }

  @Test
  void demoIndexesChecksAndReadsBackEveryFormat(@TempDir Path workDir) throws IOException {
    List<String[]> rows = Demo.readSample();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Demo.Result result;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      result = Demo.run(rows, workDir, out);
    }
    String report = printed.toString(StandardCharsets.UTF_8);

    assertTrue(result.ok(), report);
    assertEquals(ChunkstoreCodec.Mode.values().length + 2, result.formats().size(), report);
    for (Demo.FormatResult format : result.formats()) {
      assertTrue(format.checkIndexClean(), format.format() + " not clean\n" + report);
      assertEquals(List.of(), format.problems(), format.format());
      assertEquals(rows.size(), format.docs(), format.format());
      assertEquals(rows.size(), format.documentsMatched(), format.format());
      assertTrue(format.storedFieldsBytes() > 0, format.format());
      if (format.format().startsWith("Chunkstore")) {
        assertTrue(format.chunks() > 0, format.format() + " chunks");
        assertTrue(format.indexHeapBytes() > 0, format.format() + " index heap");
      } else {
        assertEquals(-1, format.chunks(), format.format());
        assertEquals(-1, format.indexHeapBytes(), format.format());
      }
    }
    assertEquals(3, result.shownDocuments().size());
    assertTrue(report.contains("Result: OK"), report);
    assertTrue(report.contains("docs/chunk"), report);
  }

  @Test
  void compareSpotsEveryKindOfDifference() throws IOException {
    String[] row = Demo.readSample().get(0);
    Document doc = Demo.toDocument(row);
    // The unstored id field is not part of what a reader returns.
    doc.removeField(Demo.ID_FIELD);
    assertNull(Demo.compare(doc, row));

    String[] otherName = row.clone();
    otherName[1] = otherName[1] + "x";
    assertTrue(Demo.compare(doc, otherName).contains("name"));

    String[] otherLatitude = row.clone();
    otherLatitude[4] = Double.toString(Double.parseDouble(row[4]) + 1e-5);
    assertTrue(Demo.compare(doc, otherLatitude).contains("latitude"));

    // A number stored as a string is a difference even when the text is the same.
    Document stringId = new Document();
    for (IndexableField field : doc.getFields()) {
      stringId.add(
          field.name().equals("geonameid")
              ? new StoredField("geonameid", row[0])
              : field);
    }
    assertTrue(Demo.compare(stringId, row).contains("geonameid"));

    doc.removeField("timezone");
    assertTrue(Demo.compare(doc, row).contains("stored fields"));
  }

  @Test
  void readRowsRejectsMalformedInput() {
    String good = String.join("\t", Demo.COLUMNS.stream().map(c -> "1").toList());
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
      return Demo.readRows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
