package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Seed;
import java.io.IOException;

/**
 * The fixed-seed variant of the conformance suite: each concrete class (one per mode) fixes the
 * master seed with a class-level {@code @Seed}, so its run is the same in every build; the two
 * tests here are pinned to seeds of their own (method-level {@code @Seed}), the same in every mode.
 * A {@code -Dtests.seed} given on the command line overrides the class seed.
 *
 * <p>(One {@code @Seed} per method rather than {@code @Seeds}: the runner names each repetition of
 * a multi-seed method with its seed, which Surefire's report cannot map back to a method.)
 */
public abstract class FixedSeedConformanceBase extends ChunkstoreConformanceBase {

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
