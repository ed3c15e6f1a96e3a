package io.github.chunkstore.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One data set of a run: where it is, how to read it ({@link BenchData#FILE_FORMATS}) and which
 * shapes it has. The corpus is GeoNames, MDN and WordNet, found in the data directory where {@code
 * scripts/bench} fetches them; {@code --data FILE} names a user's own instead.
 *
 * @param id the name in options, work directories and results ({@code geonames}, ...)
 * @param label the name shown in tables and the chart
 * @param path the file (or WordNet's directory)
 * @param fileFormat one of {@link BenchData#FILE_FORMATS}
 */
public record Dataset(String id, String label, Path path, String fileFormat) {

  /** The corpus' data sets, in run order. */
  public static final List<String> CORPUS = List.of("geonames", "mdn", "wordnet");

  /** The corpus data set {@code id}, in {@code dataDir} as {@code scripts/bench} lays it out. */
  static Dataset corpus(String id, Path dataDir) {
    Dataset d =
        switch (id) {
          case "geonames" ->
              new Dataset(id, "GeoNames cities1000", dataDir.resolve("cities1000.txt"), "geonames");
          case "mdn" ->
              new Dataset(
                  id,
                  "MDN browser-compat-data",
                  dataDir.resolve("browser-compat-data.json"),
                  "mdn");
          case "wordnet" ->
              new Dataset(id, "WordNet 3.1", dataDir.resolve("wordnet-3.1"), "wordnet");
          default ->
              throw new IllegalArgumentException(
                  "unknown data set '" + id + "'; known: " + String.join(", ", CORPUS));
        };
    if (!Files.exists(d.path())) {
      throw new IllegalArgumentException(
          "data set " + id + ": " + d.path() + " is missing (scripts/bench fetches it)");
    }
    return d;
  }

  /** The shapes of {@code wanted} this data set has: jsonl files have no fields shape. */
  List<DataShape> shapes(List<DataShape> wanted) {
    return fileFormat.equals("jsonl")
        ? wanted.stream().filter(s -> s == DataShape.JSON).toList()
        : wanted;
  }

  /** Copies so that the data set has at least {@code minDocs} documents (at least one copy). */
  static int autoCopies(long rows, long minDocs) {
    return (int) Math.max(1, (minDocs + rows - 1) / Math.max(1, rows));
  }
}
