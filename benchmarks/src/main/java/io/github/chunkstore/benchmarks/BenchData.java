package io.github.chunkstore.benchmarks;

import io.github.chunkstore.tools.GeoNamesTable;
import io.github.chunkstore.tools.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a data file into the documents the benchmark indexes. Five file formats: {@code geonames}
 * (GeoNames' 19 tab-separated columns, as in {@code cities1000.txt}), {@code mdn} (MDN's {@code
 * data.json}, {@link MdnCompatData}), {@code wordnet} (WordNet's {@code dict/} directory, {@link
 * WordNetData}), {@code tsv} (a header line naming the columns, then tab-separated rows, every
 * value a string) and {@code jsonl} (one JSON object per line, stored as it is; only the {@code
 * json} shape).
 */
public final class BenchData {

  /** The field of the {@link DataShape#JSON} shape, named as in Elasticsearch. */
  public static final String SOURCE_FIELD = "_source";

  /** File formats {@code --format} accepts. */
  public static final List<String> FILE_FORMATS =
      List.of("geonames", "mdn", "wordnet", "tsv", "jsonl");

  private BenchData() {}

  /**
   * Reads {@code file} and returns one document per row, in file order (each stored field only).
   *
   * @throws IllegalArgumentException if the format is unknown, the shape does not fit it, or a row
   *     is malformed
   */
  public static List<Document> load(Path file, String fileFormat, DataShape shape)
      throws IOException {
    return switch (fileFormat) {
      case "geonames" -> geonames(file, shape);
      case "mdn" -> MdnCompatData.load(file, shape);
      case "wordnet" -> WordNetData.load(file, shape);
      case "tsv" -> tsv(file, shape);
      case "jsonl" -> jsonl(file, shape);
      default ->
          throw new IllegalArgumentException(
              "unknown data format '" + fileFormat + "'; known: " + FILE_FORMATS);
    };
  }

  private static List<Document> geonames(Path file, DataShape shape) throws IOException {
    List<String[]> rows;
    try (InputStream in = Files.newInputStream(file)) {
      rows = GeoNamesTable.readRows(in);
    }
    List<Document> docs = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      if (shape == DataShape.JSON) {
        docs.add(jsonDocument(GeoNamesTable.COLUMNS, row, true));
      } else {
        Document doc = GeoNamesTable.toDocument(row);
        doc.removeFields(GeoNamesTable.ID_FIELD); // stored fields only
        docs.add(doc);
      }
    }
    return docs;
  }

  private static List<Document> tsv(Path file, DataShape shape) throws IOException {
    List<Document> docs = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty; a tsv file starts with a header line");
      }
      List<String> columns = List.of(header.split("\t", -1));
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isEmpty()) {
          continue;
        }
        String[] row = line.split("\t", -1);
        if (row.length != columns.size()) {
          throw new IllegalArgumentException(
              file
                  + " line "
                  + lineNumber
                  + ": "
                  + row.length
                  + " columns, header has "
                  + columns.size());
        }
        if (shape == DataShape.JSON) {
          docs.add(jsonDocument(columns, row, false));
        } else {
          Document doc = new Document();
          for (int c = 0; c < row.length; c++) {
            doc.add(new StoredField(columns.get(c), row[c]));
          }
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<Document> jsonl(Path file, DataShape shape) throws IOException {
    if (shape != DataShape.JSON) {
      throw new IllegalArgumentException("jsonl data has only the json shape (use --shapes json)");
    }
    List<Document> docs = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          docs.add(sourceDocument(line));
        }
      }
    }
    return docs;
  }

  /** A row as one JSON object; with {@code geonames}, the numeric columns become JSON numbers. */
  private static Document jsonDocument(List<String> columns, String[] row, boolean geonames) {
    StringBuilder json = new StringBuilder(256).append('{');
    for (int c = 0; c < row.length; c++) {
      if (c > 0) {
        json.append(',');
      }
      JsonText.appendString(json, columns.get(c)).append(':');
      boolean number = geonames && GeoNamesTable.typeOf(c) != GeoNamesTable.Type.STRING;
      if (number) {
        json.append(row[c]);
      } else {
        JsonText.appendString(json, row[c]);
      }
    }
    return sourceDocument(json.append('}').toString());
  }

  /** A document of one binary {@value #SOURCE_FIELD} field holding {@code json} in UTF-8. */
  static Document sourceDocument(String json) {
    Document doc = new Document();
    doc.add(new StoredField(SOURCE_FIELD, new BytesRef(json.getBytes(StandardCharsets.UTF_8))));
    return doc;
  }
}
