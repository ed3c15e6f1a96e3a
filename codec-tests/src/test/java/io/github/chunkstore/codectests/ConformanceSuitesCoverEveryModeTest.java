package io.github.chunkstore.codectests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.conformance.ChunkstoreConformanceBase;
import io.github.chunkstore.codectests.conformance.ConformanceMode;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that Lucene's conformance suite is wired up for every {@link ChunkstoreCodec.Mode}: a
 * random-seed suite, a merge-instance suite, a fixed-seed suite and a random-chunking suite per
 * mode, each running the mode it is named after, only the last with random chunking. A mode added
 * to the codec without its suites fails here.
 */
class ConformanceSuitesCoverEveryModeTest {

  private static final String RANDOM_CHUNKING = "RandomChunking";
  private static final String[] VARIANTS = {"", "MergeInstance", "FixedSeed", RANDOM_CHUNKING};

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void everyModeHasItsConformanceSuites(ChunkstoreCodec.Mode mode) {
    for (String variant : VARIANTS) {
      String name =
          ChunkstoreConformanceBase.class.getPackageName()
              + ".Test"
              + camel(mode)
              + "StoredFieldsFormat"
              + variant;
      Class<?> suite;
      try {
        // Do not initialize: that would start Lucene's test framework outside its runner.
        suite = Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        fail("mode " + mode + " has no conformance suite " + name);
        return;
      }
      assertTrue(ChunkstoreConformanceBase.class.isAssignableFrom(suite), name);
      assertTrue(
          Modifier.isPublic(suite.getModifiers()) && !Modifier.isAbstract(suite.getModifiers()),
          name);
      ConformanceMode declared = suite.getAnnotation(ConformanceMode.class);
      assertNotNull(declared, name + " declares no mode");
      assertEquals(mode, declared.value(), name + " runs the wrong mode");
      assertEquals(
          variant.equals(RANDOM_CHUNKING), declared.randomChunking(), name + " random chunking");
    }
  }

  /** BEST_COMPRESSION -> BestCompression. */
  private static String camel(ChunkstoreCodec.Mode mode) {
    StringBuilder sb = new StringBuilder();
    for (String part : mode.name().toLowerCase(Locale.ROOT).split("_")) {
      sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }
}
