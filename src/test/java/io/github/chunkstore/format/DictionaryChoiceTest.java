package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.chunkstore.compression.DictionaryTrainer;
import io.github.chunkstore.compression.ZstdDictionary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataInput;
import org.junit.jupiter.api.Test;

/** When a new DICTIONARY segment trains a dictionary, and when it reuses one it was offered. */
class DictionaryChoiceTest {

  private static final int LEVEL = 3;
  private static final int BLOCK_BYTES = 3 * 1024;

  /** Phrases of random letters: too many for a 3 KiB block to repeat, the stuff of dictionaries. */
  private static List<String> phrases(int count, long seed) {
    Random random = new Random(seed);
    List<String> phrases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < 24; c++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      phrases.add(sb.toString());
    }
    return phrases;
  }

  /** Documents of three phrases from each list given, and a number. */
  @SafeVarargs
  private static List<byte[]> documents(int count, long seed, List<String>... vocabularies) {
    Random random = new Random(seed);
    List<byte[]> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder sb = new StringBuilder();
      for (List<String> vocabulary : vocabularies) {
        for (int p = 0; p < 3; p++) {
          sb.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
        }
      }
      sb.append(random.nextInt(1_000_000));
      docs.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return docs;
  }

  private static DocumentSampler sample(List<byte[]> docs) throws IOException {
    DocumentSampler sampler = new DocumentSampler();
    for (byte[] doc : docs) {
      sampler.offer(new ByteArrayDataInput(doc), doc.length);
    }
    return sampler;
  }

  private static final List<String> COMMON = phrases(300, 1);
  private static final List<String> LOCAL = phrases(300, 2);

  @Test
  void aSegmentTooSmallForADictionaryOfItsOwnReusesTheOneOffered() throws IOException {
    DocumentSampler sampler = sample(documents(5000, 3, COMMON, LOCAL));
    // Knows half of the segment's vocabulary: better than none, clearly worse than a fresh one.
    ZstdDictionary offered = DictionaryTrainer.train(documents(5000, 4, COMMON), 16 * 1024);

    // With room for it (all of the segment's bytes), the fresh dictionary wins.
    ZstdDictionary roomy =
        DictionaryChoice.choose(sampler, List.of(offered), LEVEL, BLOCK_BYTES, 0, 1.0);
    assertNotNull(roomy);
    assertFalse(roomy.sameContent(offered), "the fresh dictionary is clearly better");

    // Within 1% of the segment's ~0.2 MB stored, a fresh dictionary of its own (~55 KiB once
    // digested) does not fit: the offered one, already held elsewhere, is reused.
    ZstdDictionary tight =
        DictionaryChoice.choose(sampler, List.of(offered), LEVEL, BLOCK_BYTES, 0, 0.01);
    assertSame(offered, tight);
  }

  @Test
  void anOfferedDictionaryNoBetterThanNoneIsNotReused() throws IOException {
    DocumentSampler sampler = sample(documents(5000, 5, COMMON, LOCAL));
    ZstdDictionary offered =
        DictionaryTrainer.train(documents(5000, 6, phrases(300, 7)), 16 * 1024);
    ZstdDictionary chosen =
        DictionaryChoice.choose(sampler, List.of(offered), LEVEL, BLOCK_BYTES, 0, 0.01);
    assertNotNull(chosen);
    assertFalse(chosen.sameContent(offered), "a fresh dictionary, though over its share");
  }
}
