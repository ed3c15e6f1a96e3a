package io.github.chunkstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WordNet synsets become documents: words, pointers, verb frames and the gloss. */
class WordNetDataTest {

  @TempDir Path tmp;

  @Test
  void oneDocumentPerSynsetInFileOrderWithoutTheLicenceLines() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.wordnet(tmp), "wordnet", DataShape.FIELDS);
    assertEquals(CorpusFixtures.WORDNET_SYNSETS, docs.size());
    assertEquals(
        List.of("n", "n", "v", "a", "s", "r"), docs.stream().map(d -> d.get("pos")).toList());
  }

  @Test
  void fieldsHoldEveryPartOfTheDataLine() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.wordnet(tmp), "wordnet", DataShape.FIELDS);
    Document thing = docs.get(1);
    assertEquals(1930, thing.getField("offset").numericValue().intValue());
    assertEquals(3, thing.getField("lexfile").numericValue().intValue());
    assertArrayEquals(new String[] {"physical_entity", "thing"}, thing.getValues("word"));
    assertArrayEquals(new String[] {"@ 00001740 n 0000"}, thing.getValues("pointer"));
    assertEquals("an entity that has physical existence", thing.get("gloss"));
    Document breathe = docs.get(2);
    assertArrayEquals(new String[] {"02 00", "08 01"}, breathe.getValues("frame"));
    assertEquals(2, breathe.getValues("pointer").length);
    assertEquals(0, docs.get(5).getValues("pointer").length);
  }

  @Test
  void jsonHasArraysAndPointerObjects() throws Exception {
    List<Document> docs = BenchData.load(CorpusFixtures.wordnet(tmp), "wordnet", DataShape.JSON);
    assertEquals(
        "{\"offset\":1740,\"lexfile\":29,\"pos\":\"v\",\"words\":[\"breathe\",\"respire\"],"
            + "\"pointers\":[{\"symbol\":\"+\",\"offset\":3121972,\"pos\":\"a\",\"source_target\":\"0301\"},"
            + "{\"symbol\":\"^\",\"offset\":4227,\"pos\":\"v\",\"source_target\":\"0103\"}],"
            + "\"frames\":[\"02 00\",\"08 01\"],"
            + "\"gloss\":\"draw air into, and expel out of, the lungs; \\\"I can breathe\\\"\"}",
        docs.get(2).getBinaryValue(BenchData.SOURCE_FIELD).utf8ToString());
  }

  @Test
  void badDataIsRefusedNamingTheFileAndLine() throws Exception {
    Path dict = CorpusFixtures.wordnet(tmp);
    Files.writeString(dict.resolve("data.adv"), "  licence\n00001740 02 r 02 barely 0 | gloss\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WordNetData.load(dict, DataShape.FIELDS));
    assertTrue(e.getMessage().contains("data.adv line 2: not a synset"), e.getMessage());
    Files.delete(dict.resolve("data.adv"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> WordNetData.load(dict, DataShape.FIELDS));
    assertTrue(e.getMessage().contains("data.adv: no such file"), e.getMessage());
  }
}
