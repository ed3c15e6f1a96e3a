package io.github.chunkstore.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Rows of the tool's GeoNames sample as JSON documents, keyed by their geonameid: text, numbers, an
 * array of alternate names and a {@code suggest} field for the completion mapping.
 */
final class GeoNamesDocs {
  private static final String SAMPLE = "/io/github/chunkstore/tools/geonames-sample.txt.gz";

  private GeoNamesDocs() {}

  /** The first {@code limit} rows of the sample. */
  static Map<String, String> load(int limit) throws IOException {
    try (InputStream raw = GeoNamesDocs.class.getResourceAsStream(SAMPLE)) {
      if (raw == null) {
        throw new IOException("test resource " + SAMPLE + " is missing (see opensearch/pom.xml)");
      }
      return read(new GZIPInputStream(raw), limit);
    }
  }

  /**
   * The first {@code limit} rows of a GeoNames dump such as {@code cities1000.txt} (gzipped if its
   * name ends with .gz).
   */
  static Map<String, String> load(Path file, int limit) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      return read(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, limit);
    }
  }

  private static Map<String, String> read(InputStream rows, int limit) throws IOException {
    Map<String, String> docs = new LinkedHashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(rows, StandardCharsets.UTF_8));
    String line;
    while (docs.size() < limit && (line = in.readLine()) != null) {
      String[] c = line.split("\t", -1);
      if (c.length < 19) {
        throw new IOException("GeoNames row with " + c.length + " columns: " + line);
      }
      docs.put(c[0], json(c));
    }
    return docs;
  }

  /** A document changed by an update: the population replaced. */
  static String withPopulation(String json, long population) {
    return json.replaceFirst("\"population\":[0-9]+", "\"population\":" + population);
  }

  private static String json(String[] c) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"geonameid\":").append(Long.parseLong(c[0]));
    text(b, "name", c[1]);
    text(b, "asciiname", c[2]);
    b.append(",\"alternatenames\":[");
    if (!c[3].isEmpty()) {
      String[] names = c[3].split(",");
      for (int i = 0; i < names.length; i++) {
        if (i > 0) {
          b.append(',');
        }
        quoted(b, names[i]);
      }
    }
    b.append(']');
    b.append(",\"latitude\":").append(Double.parseDouble(c[4]));
    b.append(",\"longitude\":").append(Double.parseDouble(c[5]));
    text(b, "feature_class", c[6]);
    text(b, "feature_code", c[7]);
    text(b, "country_code", c[8]);
    text(b, "admin1_code", c[10]);
    b.append(",\"population\":").append(c[14].isEmpty() ? 0 : Long.parseLong(c[14]));
    if (!c[15].isEmpty()) {
      b.append(",\"elevation\":").append(Long.parseLong(c[15]));
    }
    text(b, "timezone", c[17]);
    text(b, "modification_date", c[18]);
    text(b, "suggest", c[2].isEmpty() ? c[1] : c[2]);
    return b.append('}').toString();
  }

  private static void text(StringBuilder b, String key, String value) {
    b.append(",\"").append(key).append("\":");
    quoted(b, value);
  }

  private static void quoted(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    b.append('"');
  }
}
