package io.github.chunkstore.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @Test
  void demoIndexesChecksAndReadsBackEveryFormat(@TempDir Path workDir) throws IOException {
    List<String[]> rows = GeoNamesTable.readSample();
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
}
