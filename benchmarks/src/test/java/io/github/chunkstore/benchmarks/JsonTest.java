package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's JSON reader gives values back as they were, compactly. */
class JsonTest {

  @Test
  void parsesAndWritesBackCompactlyInKeyOrder() {
    String text =
        " { \"b\" : [1, -2.5e3, true, false, null], \"a\": {\"x\": \"y\\\"z\\n\\u00e9\"}, \"e\": {} } ";
    Object value = Json.parse(text);
    assertEquals(List.of("b", "a", "e"), List.copyOf(((Map<?, ?>) value).keySet()));
    assertEquals(
        "{\"b\":[1,-2.5e3,true,false,null],\"a\":{\"x\":\"y\\\"z\\n\u00e9\"},\"e\":{}}",
        Json.write(value));
    assertEquals("y\"z\n\u00e9", ((Map<?, ?>) ((Map<?, ?>) value).get("a")).get("x"));
  }

  @Test
  void syntaxErrorsNameTheirOffset() {
    for (String bad : List.of("{\"a\" 1}", "[1,", "\"open", "{\"a\":1} x", "tru", "{1:2}")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("JSON syntax error at offset "), e.getMessage());
    }
  }
}
