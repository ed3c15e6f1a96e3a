package io.github.chunkstore.codectests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An indexing JVM killed with SIGKILL at random moments (while adding, flushing, merging in the
 * background or committing) leaves an index that opens at the last commit it reported, or at the
 * commit it was inside when it died, passes CheckIndex, and holds exactly that commit's documents.
 * Each index takes {@value #KILLS_PER_INDEX} kills, the indexer resuming after the last commit each
 * time, so recovery from a killed writer's leftovers is exercised too.
 *
 * <p>{@code -Dchunkstore.crash.kills=N} kills N times per mode (default 20); {@code
 * -Dchunkstore.crash.seed=S} reuses the documents and kill delays of a run that printed seed S.
 */
class CrashSafetyTest {

  private static final int DEFAULT_KILLS = 20;
  private static final int KILLS_PER_INDEX = 5;
  private static final int MAX_KILL_DELAY_MILLIS = 3000;

  @ParameterizedTest
  @EnumSource(ChunkstoreCodec.Mode.class)
  void killedIndexerLeavesItsLastCommitIntact(ChunkstoreCodec.Mode mode, @TempDir Path tmp)
      throws Exception {
    int kills = Integer.getInteger("chunkstore.crash.kills", DEFAULT_KILLS);
    long seed =
        Long.getLong("chunkstore.crash.seed", ThreadLocalRandom.current().nextLong(1L << 48));
    Random random = new Random(seed);
    long start = System.nanoTime();
    int atReported = 0;
    int atInFlight = 0;
    int withoutCommit = 0;
    long verified = 0;
    for (int k = 0; k < kills; k++) {
      Path index = tmp.resolve("index-" + k / KILLS_PER_INDEX);
      try (IndexerChild child = IndexerChild.start(index, mode, seed, 300)) {
        child.awaitOpened(120);
        Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
        child.kill();
        String context =
            "kill " + k + " of " + mode + " (seed " + seed + "); child output:\n" + child.output();
        IndexerChild.Commit reported = child.lastCommitted();
        try (Directory dir = FSDirectory.open(index)) {
          if (!DirectoryReader.indexExists(dir)) {
            assertEquals(-1, reported.generation(), () -> "a reported commit is gone; " + context);
            withoutCommit++;
            continue;
          }
          SegmentInfos commit = SegmentInfos.readLatestCommit(dir);
          int steps = Integer.parseInt(commit.getUserData().get(CrashScript.STEPS));
          if (commit.getGeneration() == reported.generation()) {
            assertEquals(reported.steps(), steps, () -> "the reported commit's steps; " + context);
            atReported++;
          } else {
            // Killed after the commit became durable but before the child said so.
            assertTrue(
                commit.getGeneration() > reported.generation(),
                () -> "an older commit is latest; " + context);
            assertEquals(
                child.committing(), steps, () -> "a commit nobody started is latest; " + context);
            atInFlight++;
          }
          try (DirectoryReader reader = DirectoryReader.open(dir)) {
            assertEquals(commit.getGeneration(), reader.getIndexCommit().getGeneration(), context);
            verified +=
                IndexVerification.assertExactly(reader, CrashScript.expectedAfter(seed, steps));
          }
          Segments.CheckResult check = Segments.checkIndex(dir);
          assertTrue(check.clean(), () -> "CheckIndex after " + context + "\n" + check.log());
          assertFalse(
              child.output().contains("Exception"),
              () -> "the child failed before the kill; " + context);
        }
      }
    }
    System.out.printf(
        "crash safety %s: %d kills survived (%d at the reported commit, %d at the commit in flight, %d before"
            + " any commit), %d documents verified, CheckIndex clean every time; seed %d, %ds%n",
        mode,
        kills,
        atReported,
        atInFlight,
        withoutCommit,
        verified,
        seed,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
  }
}
