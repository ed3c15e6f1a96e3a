package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.IndexVerification;
import io.github.chunkstore.codectests.support.Segments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;

/**
 * Run by {@link CorruptionFuzzTest} in a JVM with a small heap, so that a damaged length that makes
 * the reader allocate a huge array ends in an {@link OutOfMemoryError} the fuzz sees.
 *
 * <p>For each of {@code indexes} seeds it builds a {@link FuzzIndex}, then damages each of its
 * Chunkstore files {@code damagesPerFile} times ({@link FileDamage}), each damage in a fresh copy
 * of the index, and checks that opening the index, reading every document through the leaves'
 * stored fields and through the codec's merge instance, and {@code checkIntegrity()} each end in
 * the exact documents (or a clean check) or an {@link java.io.IOException}: never a wrong document,
 * another exception, an out-of-memory error or a hang. A changed file must fail somewhere: at least
 * the checksum does. Prints one summary line, the failing cases, and exits 1 if there were any.
 *
 * <p>Arguments: {@code <mode> <indexes> <damagesPerFile> <seed> <caseTimeoutSeconds>}.
 */
public final class CorruptionFuzzMain {

  static final String SUMMARY_PREFIX = "corruption fuzz ";
  private static final int DETAILED_FAILURES = 10;

  private final ChunkstoreCodec.Mode mode;
  private final long caseTimeoutSeconds;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Map<String, Integer> endedAt = new TreeMap<>();
  private final Map<String, Integer> failuresByExtension = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private int cases;

  private CorruptionFuzzMain(ChunkstoreCodec.Mode mode, long caseTimeoutSeconds) {
    this.mode = mode;
    this.caseTimeoutSeconds = caseTimeoutSeconds;
  }

  public static void main(String[] args) throws Exception {
    ChunkstoreCodec.Mode mode = ChunkstoreCodec.Mode.valueOf(args[0]);
    int indexes = Integer.parseInt(args[1]);
    int damagesPerFile = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    CorruptionFuzzMain fuzz = new CorruptionFuzzMain(mode, Long.parseLong(args[4]));
    long start = System.nanoTime();
    for (int i = 0; i < indexes; i++) {
      fuzz.fuzzIndex(seed + i, damagesPerFile);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    System.out.println(fuzz.summary(indexes, seed, seconds));
    fuzz.printFailures();
    System.out.flush();
    System.exit(fuzz.failures.isEmpty() ? 0 : 1);
  }

  private void fuzzIndex(long indexSeed, int damagesPerFile) throws Exception {
    FuzzIndex index = FuzzIndex.build(mode, indexSeed);
    Random random = new Random(indexSeed);
    for (String file : index.codecFiles()) {
      int[] lengthOffsets = index.lengthOffsets().getOrDefault(file, new int[0]);
      for (int d = 0; d < damagesPerFile; d++) {
        FileDamage damage =
            FileDamage.random(random, index.files().get(file).length, lengthOffsets);
        FuzzCaseResult result = runWithTimeout(index, file, damage);
        tally(result, file, "index seed " + indexSeed + ", " + file + ": " + damage);
      }
    }
  }

  private void tally(FuzzCaseResult result, String file, String what) {
    cases++;
    outcomes.merge(result.outcome(), 1, Integer::sum);
    if (!result.outcome().equals(FuzzCaseResult.CORRECT)) {
      endedAt.merge(result.stage(), 1, Integer::sum);
    }
    if (result.failed()) {
      failuresByExtension.merge(IndexFileNames.getExtension(file), 1, Integer::sum);
      failures.add(
          what + " -> " + result.outcome() + " at " + result.stage() + "\n" + result.detail());
    }
  }

  /**
   * Runs a case on a thread of its own, so that a hang is reported instead of blocking the fuzz.
   */
  private FuzzCaseResult runWithTimeout(FuzzIndex index, String file, FileDamage damage)
      throws InterruptedException {
    AtomicReference<String> stage = new AtomicReference<>("open");
    FutureTask<FuzzCaseResult> task = new FutureTask<>(() -> runCase(index, file, damage, stage));
    Thread worker = new Thread(task, "fuzz-case");
    worker.setDaemon(true); // a hung case must not keep the JVM alive
    worker.start();
    try {
      return task.get(caseTimeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      StackTraceElement[] stack = worker.getStackTrace();
      worker.interrupt();
      return FuzzCaseResult.hang(stage.get(), stack);
    } catch (ExecutionException e) {
      return FuzzCaseResult.thrown(stage.get(), e.getCause());
    }
  }

  private static FuzzCaseResult runCase(
      FuzzIndex index, String file, FileDamage damage, AtomicReference<String> stage)
      throws Exception {
    byte[] original = index.files().get(file);
    byte[] damaged = damage.apply(original);
    List<FuzzCaseResult> ends = new ArrayList<>();
    try (Directory dir = index.withFile(file, damaged)) {
      DirectoryReader reader;
      try {
        reader = DirectoryReader.open(dir);
      } catch (Throwable t) {
        return FuzzCaseResult.thrown("open", t);
      }
      try (reader) {
        ends.add(
            stage(stage, "read", () -> IndexVerification.assertExactly(reader, index.expected())));
        ends.add(
            stage(
                stage,
                "merge-read",
                () ->
                    IndexVerification.assertExactly(
                        reader,
                        index.expected(),
                        leaf -> Segments.storedFieldsReader(leaf).getMergeInstance())));
        ends.add(
            stage(
                stage,
                "check-integrity",
                () -> {
                  for (LeafReaderContext leaf : reader.leaves()) {
                    Segments.storedFieldsReader(leaf.reader()).checkIntegrity();
                  }
                }));
      }
    }
    for (FuzzCaseResult end : ends) {
      if (end.failed()) {
        return end;
      }
    }
    for (FuzzCaseResult end : ends) {
      if (!end.outcome().equals(FuzzCaseResult.CORRECT)) {
        return end;
      }
    }
    return Arrays.equals(original, damaged)
        ? FuzzCaseResult.correct()
        : FuzzCaseResult.undetected();
  }

  private interface StageBody {
    void run() throws Exception;
  }

  private static FuzzCaseResult stage(
      AtomicReference<String> current, String name, StageBody body) {
    current.set(name);
    try {
      body.run();
      return FuzzCaseResult.correct();
    } catch (Throwable t) {
      return FuzzCaseResult.thrown(name, t);
    }
  }

  private String summary(int indexes, long seed, long seconds) {
    StringBuilder sb =
        new StringBuilder(SUMMARY_PREFIX).append(mode).append(": ").append(cases).append(" cases");
    sb.append(" (")
        .append(indexes)
        .append(" indexes from seed ")
        .append(seed)
        .append(", ")
        .append(seconds)
        .append("s): ");
    sb.append(joinCounts(outcomes));
    sb.append("; failing stage: ").append(joinCounts(endedAt));
    sb.append("; failures by file ")
        .append(failuresByExtension.isEmpty() ? "none" : joinCounts(failuresByExtension));
    return sb.toString();
  }

  private static String joinCounts(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((key, count) -> parts.add(count + " " + key));
    return String.join(", ", parts);
  }

  private void printFailures() {
    if (failures.isEmpty()) {
      System.out.println("FUZZ OK");
      return;
    }
    System.out.println(
        "FUZZ FAILED: "
            + failures.size()
            + " of "
            + cases
            + " cases; the first "
            + Math.min(DETAILED_FAILURES, failures.size())
            + ":");
    failures.stream().limit(DETAILED_FAILURES).forEach(f -> System.out.println("- " + f));
  }
}
