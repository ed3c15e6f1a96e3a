package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MDN features become documents with the fields they have, or their __compat object as JSON. */
class MdnCompatDataTest {

  @TempDir Path tmp;

  @Test
  void oneDocumentPerFeatureWithItsPathAsId() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.mdn(tmp), "mdn", DataShape.FIELDS);
    assertEquals(CorpusFixtures.MDN_FEATURES, docs.size());
    assertEquals(
        List.of("api.Widget", "api.Widget.spin", "css.properties.gap"),
        docs.stream().map(d -> d.get("id")).toList());
  }

  @Test
  void fieldsAreTheFlattenedCompatObjectWithOptionalKeysAbsent() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.mdn(tmp), "mdn", DataShape.FIELDS);
    Document widget = docs.get(0);
    assertEquals("The <code>Widget</code> interface", widget.get("description"));
    assertArrayEquals(
        new String[] {"https://example.org/widget#a", "https://example.org/widget#b"},
        widget.getValues("spec_url"));
    assertEquals(1, widget.getField("status.experimental").numericValue().intValue());
    assertEquals(0, widget.getField("status.deprecated").numericValue().intValue());
    // The first support statement only: the current one.
    assertEquals("120", widget.get("support.chrome.version_added"));
    assertNull(widget.get("support.chrome.prefix"));
    assertEquals(0, widget.getField("support.firefox.version_added").numericValue().intValue());
    assertEquals(
        1, widget.getField("support.safari.partial_implementation").numericValue().intValue());
    assertArrayEquals(
        new String[] {"Only in \"secure\" contexts.", "No \\u escapes: \u00e9"},
        widget.getValues("support.safari.notes"));

    Document spin = docs.get(1);
    assertNull(spin.get("description"));
    assertNull(spin.get("mdn_url"));
    assertEquals("[{\"type\":\"preference\",\"name\":\"spin\"}]", spin.get("support.chrome.flags"));
    assertEquals("null", spin.get("support.firefox.version_added"));
    assertEquals("3", docs.get(2).get("count"));
    assertTrue(widget.getFields().size() > spin.getFields().size());
  }

  @Test
  void jsonIsTheIdThenTheCompatObjectCompactly() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.mdn(tmp), "mdn", DataShape.JSON);
    assertEquals(CorpusFixtures.MDN_FEATURES, docs.size());
    String spin = docs.get(1).getBinaryValue(BenchData.SOURCE_FIELD).utf8ToString();
    assertEquals(
        "{\"id\":\"api.Widget.spin\",\"source_file\":\"api/Widget.json\","
            + "\"status\":{\"deprecated\":true,\"experimental\":false,\"standard_track\":false},"
            + "\"support\":{\"chrome\":{\"version_added\":\"121\",\"flags\":[{\"type\":\"preference\","
            + "\"name\":\"spin\"}]},\"firefox\":{\"version_added\":null}}}",
        spin);
    String gap = docs.get(2).getBinaryValue(BenchData.SOURCE_FIELD).utf8ToString();
    assertTrue(gap.startsWith("{\"id\":\"css.properties.gap\",\"support\":{},"), gap);
  }

  @Test
  void badFilesAreRefusedNamingTheFile() throws Exception {
    Path none = tmp.resolve("none.json");
    Files.writeString(none, "{\"api\":{\"x\":{}}}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MdnCompatData.load(none, DataShape.JSON));
    assertTrue(e.getMessage().contains("none.json: no feature"), e.getMessage());
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{\"api\":");
    e =
        assertThrows(
            IllegalArgumentException.class, () -> MdnCompatData.load(broken, DataShape.JSON));
    assertTrue(e.getMessage().startsWith(broken + ": JSON syntax error"), e.getMessage());
  }
}
