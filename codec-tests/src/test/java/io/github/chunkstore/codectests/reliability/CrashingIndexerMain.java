package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.ChunkstoreCodec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The crash test's child: opens (or creates) the index, resumes {@link CrashScript} after the steps
 * its last commit covers, and indexes until it is killed, flushing, merging and committing at
 * random. Merges are frequent (three segments of a size merge) and run in the background.
 *
 * <p>Prints {@code opened <steps> <generation>} once the writer is open (generation -1: no commit
 * yet), {@code committing <steps>} before each commit and {@code committed <steps> <generation>}
 * once it returned. Ends by itself, printing {@code deadline}, after {@code maxSeconds}.
 *
 * <p>Arguments: {@code <index directory> <mode> <seed> <maxSeconds>}.
 */
public final class CrashingIndexerMain {

  private CrashingIndexerMain() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    ChunkstoreCodec.Mode mode = ChunkstoreCodec.Mode.valueOf(args[1]);
    long seed = Long.parseLong(args[2]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
    Random timing = new Random(); // when to flush or commit does not change what a commit holds

    LogDocMergePolicy mergePolicy = new LogDocMergePolicy();
    mergePolicy.setMergeFactor(3);
    mergePolicy.setMinMergeDocs(10);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(new ChunkstoreCodec(mode))
            .setMergePolicy(mergePolicy)
            .setMaxBufferedDocs(20 + timing.nextInt(200))
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    try (Directory dir = FSDirectory.open(path)) {
      IndexWriter writer = new IndexWriter(dir, config);
      int steps = committedSteps(writer);
      System.out.println("opened " + steps + " " + SegmentInfos.getLastCommitGeneration(dir));
      while (System.nanoTime() < deadline) {
        CrashScript.apply(writer, seed, CrashScript.step(seed, steps));
        steps++;
        int dice = timing.nextInt(1000);
        if (dice < 8) {
          System.out.println("committing " + steps);
          writer.setLiveCommitData(Map.of(CrashScript.STEPS, Integer.toString(steps)).entrySet());
          writer.commit();
          System.out.println(
              "committed " + steps + " " + SegmentInfos.getLastCommitGeneration(dir));
        } else if (dice < 14) {
          writer.flush();
        } else if (dice == 14) {
          writer.forceMerge(2, false); // in the background, so kills land in big merges too
        }
      }
      writer.rollback();
      System.out.println("deadline");
    }
  }

  private static int committedSteps(IndexWriter writer) {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> entry : data) {
        if (entry.getKey().equals(CrashScript.STEPS)) {
          return Integer.parseInt(entry.getValue());
        }
      }
    }
    return 0;
  }
}
