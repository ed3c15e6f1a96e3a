package io.github.chunkstore.benchmarks;

import io.github.chunkstore.tools.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;

/**
 * MDN's browser-compatibility data ({@code data.json} of npm {@code @mdn/browser-compat-data}): one
 * document per feature, that is per object with a {@code __compat} key, identified by its path
 * ({@code api.AbortController.abort}). As fields, the {@code __compat} object flattened: its scalar
 * keys, {@code status.*} flags as 0/1 ints, and per browser the keys of its first (current) support
 * statement as {@code support.BROWSER.KEY}; arrays of strings become repeated fields, other nested
 * values compact JSON. Keys a feature does not have are absent, so documents differ in their
 * fields. As JSON, the {@code __compat} object compactly, with the path as {@code id} first.
 */
final class MdnCompatData {

  static final String COMPAT = "__compat";

  private MdnCompatData() {}

  static List<Document> load(Path file, DataShape shape) throws IOException {
    Object root;
    try {
      root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": not a JSON object");
    }
    List<Document> docs = new ArrayList<>();
    collect(map, "", shape, docs);
    if (docs.isEmpty()) {
      throw new IllegalArgumentException(file + ": no feature (no object with a __compat key)");
    }
    return docs;
  }

  private static void collect(Map<?, ?> node, String path, DataShape shape, List<Document> docs) {
    if (node.get(COMPAT) instanceof Map<?, ?> compat) {
      docs.add(shape == DataShape.JSON ? json(path, compat) : fields(path, compat));
    }
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String key = (String) e.getKey();
      if (!key.equals(COMPAT) && !key.equals("__meta") && e.getValue() instanceof Map<?, ?> child) {
        collect(child, path.isEmpty() ? key : path + "." + key, shape, docs);
      }
    }
  }

  private static Document json(String path, Map<?, ?> compat) {
    StringBuilder out = new StringBuilder(1024).append("{\"id\":");
    JsonText.appendString(out, path);
    String body = Json.write(compat);
    out.append(body.length() > 2 ? "," + body.substring(1) : "}");
    return BenchData.sourceDocument(out.toString());
  }

  private static Document fields(String path, Map<?, ?> compat) {
    Document doc = new Document();
    doc.add(new StoredField("id", path));
    for (Map.Entry<?, ?> e : compat.entrySet()) {
      String key = (String) e.getKey();
      Object value = e.getValue();
      if (key.equals("status") && value instanceof Map<?, ?> status) {
        for (Map.Entry<?, ?> flag : status.entrySet()) {
          add(doc, "status." + flag.getKey(), flag.getValue());
        }
      } else if (key.equals("support") && value instanceof Map<?, ?> support) {
        for (Map.Entry<?, ?> browser : support.entrySet()) {
          Object statement = browser.getValue();
          if (statement instanceof List<?> list && !list.isEmpty()) {
            statement = list.get(0);
          }
          if (statement instanceof Map<?, ?> first) {
            for (Map.Entry<?, ?> s : first.entrySet()) {
              add(doc, "support." + browser.getKey() + "." + s.getKey(), s.getValue());
            }
          }
        }
      } else {
        add(doc, key, value);
      }
    }
    return doc;
  }

  /** Booleans as 0/1 ints, strings as they are, arrays of strings repeated, the rest as JSON. */
  private static void add(Document doc, String name, Object value) {
    if (value instanceof Boolean b) {
      doc.add(new StoredField(name, b ? 1 : 0));
    } else if (value instanceof String s) {
      doc.add(new StoredField(name, s));
    } else if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String)) {
      for (Object v : list) {
        doc.add(new StoredField(name, (String) v));
      }
    } else {
      doc.add(new StoredField(name, Json.write(value)));
    }
  }
}
