package io.github.chunkstore.benchmarks;

import io.github.chunkstore.tools.GeoNamesTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The corpus' tiny test fixtures (src/test/resources/corpus: made-up records in MDN's and WordNet's
 * formats) and the first rows of the tool's GeoNames sample, laid out in a data directory as
 * scripts/bench lays out the corpus.
 */
final class CorpusFixtures {

  static final int GEONAMES_ROWS = 50;
  static final int MDN_FEATURES = 3;
  static final int WORDNET_SYNSETS = 6;

  private CorpusFixtures() {}

  static Path dataDir(Path dir) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String[] row : GeoNamesTable.readSample().subList(0, GEONAMES_ROWS)) {
      text.append(String.join("\t", row)).append('\n');
    }
    Files.writeString(dir.resolve("cities1000.txt"), text, StandardCharsets.UTF_8);
    mdn(dir);
    wordnet(dir);
    return dir;
  }

  static Path mdn(Path dir) throws IOException {
    return copy("browser-compat-data.json", dir);
  }

  static Path wordnet(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("wordnet-3.1"));
    for (String file : WordNetData.FILES) {
      copy("wordnet-3.1/" + file, dir);
    }
    return dir.resolve("wordnet-3.1");
  }

  private static Path copy(String resource, Path dir) throws IOException {
    Path target = dir.resolve(resource);
    try (InputStream in = CorpusFixtures.class.getResourceAsStream("/corpus/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource corpus/" + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
