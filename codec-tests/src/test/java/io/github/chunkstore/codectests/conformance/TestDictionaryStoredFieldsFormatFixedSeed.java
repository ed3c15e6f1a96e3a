package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Seed;
import io.github.chunkstore.ChunkstoreCodec;
import java.io.IOException;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code DICTIONARY} under a fixed master
 * seed (class-level {@code @Seed}), so this run is the same in every build, plus two tests pinned
 * to seeds of their own (method-level {@code @Seed}). A {@code -Dtests.seed} given on the command
 * line overrides the class seed.
 *
 * <p>(One {@code @Seed} per method rather than {@code @Seeds}: the runner names each repetition of
 * a multi-seed method with its seed, which Surefire's report cannot map back to a method.)
 */
@Seed("8BADF00D")
@ConformanceMode(ChunkstoreCodec.Mode.DICTIONARY)
public class TestDictionaryStoredFieldsFormatFixedSeed extends ChunkstoreConformanceBase {

  /** {@link #testRandomStoredFields()} under a seed of its own. */
  @Seed("5EED")
  public void testRandomStoredFieldsAtFixedSeed() throws IOException {
    testRandomStoredFields();
  }

  /** {@link #testWriteReadMerge()} under a seed of its own. */
  @Seed("C0DEC0DE")
  public void testWriteReadMergeAtFixedSeed() throws IOException {
    testWriteReadMerge();
  }
}
