package io.github.chunkstore.codectests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.ChildJvm;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged Chunkstore files end in an {@link java.io.IOException} or in the exact documents: never a
 * wrong document, another exception, a hang or an out-of-memory error. The fuzz runs in a child JVM
 * with a 128 MiB heap ({@link CorruptionFuzzMain} describes the cases).
 *
 * <p>{@code -Dchunkstore.fuzz.iterations=N} builds and damages N indexes per mode (default 30:
 * about 3,200 cases); {@code -Dchunkstore.fuzz.seed=S} replays the run whose summary line printed
 * seed S.
 */
class CorruptionFuzzTest {

  private static final int DEFAULT_INDEXES = 30;
  private static final int DAMAGES_PER_FILE = 12;
  private static final long CASE_TIMEOUT_SECONDS = 60;

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void damagedFilesFailCleanlyOrReadExactly(ChunkstoreCodec.Mode mode) throws Exception {
    int indexes = Integer.getInteger("chunkstore.fuzz.iterations", DEFAULT_INDEXES);
    long seed =
        Long.getLong("chunkstore.fuzz.seed", ThreadLocalRandom.current().nextLong(1L << 48));
    ChildJvm.Result child =
        ChildJvm.run(
            ChildJvm.testClasspath(),
            "128m",
            CorruptionFuzzMain.class,
            List.of(
                mode.name(),
                Integer.toString(indexes),
                Integer.toString(DAMAGES_PER_FILE),
                Long.toString(seed),
                Long.toString(CASE_TIMEOUT_SECONDS)),
            120 + indexes * 60L);
    child.echo("fuzz " + mode);
    assertTrue(
        child.output().contains(CorruptionFuzzMain.SUMMARY_PREFIX + mode),
        () -> "no summary:\n" + child.output());
    assertEquals(
        0,
        child.exitCode(),
        () -> "damaged files were mishandled; replay with -Dchunkstore.fuzz.seed=" + seed);
  }
}
