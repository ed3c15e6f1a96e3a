package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.codectests.support.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A running {@link CrashingIndexerMain} and the commits it has reported so far. */
final class IndexerChild implements AutoCloseable {

  /** A commit as the child reported it: the steps it covers and its generation (-1: none). */
  record Commit(int steps, long generation) {}

  private final Process process;
  private final Thread pump;
  private final StringBuilder output = new StringBuilder();
  private final CountDownLatch opened = new CountDownLatch(1);
  private Commit lastCommitted;
  private Integer committing; // steps of a commit started and not yet reported done

  private IndexerChild(Process process) {
    this.process = process;
    this.pump = new Thread(this::readReports, "indexer-child-output");
    pump.setDaemon(true);
    pump.start();
  }

  static IndexerChild start(Path index, ChunkstoreCodec.Mode mode, long seed, long maxSeconds)
      throws IOException {
    return new IndexerChild(
        ChildJvm.start(
            ChildJvm.testClasspath(),
            "512m",
            CrashingIndexerMain.class,
            List.of(
                index.toString(), mode.name(), Long.toString(seed), Long.toString(maxSeconds))));
  }

  private void readReports() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.split(" ");
        synchronized (this) {
          output.append(line).append('\n');
          switch (words[0]) {
            case "opened" ->
                lastCommitted = new Commit(Integer.parseInt(words[1]), Long.parseLong(words[2]));
            case "committing" -> committing = Integer.parseInt(words[1]);
            case "committed" -> {
              lastCommitted = new Commit(Integer.parseInt(words[1]), Long.parseLong(words[2]));
              committing = null;
            }
            default -> {}
          }
        }
        if (words[0].equals("opened")) {
          opened.countDown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void awaitOpened(long timeoutSeconds) throws InterruptedException {
    if (!opened.await(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new AssertionError(
          "the indexer did not open its writer within " + timeoutSeconds + "s:\n" + output());
    }
  }

  /** Kills the child with SIGKILL (on Linux) and waits until it and its output are gone. */
  void kill() throws InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError("the indexer ended before it was killed:\n" + output());
    }
    process.destroyForcibly().waitFor();
    pump.join(10_000);
  }

  synchronized Commit lastCommitted() {
    return lastCommitted;
  }

  /** Steps of the commit the child was inside when it died, or null. */
  synchronized Integer committing() {
    return committing;
  }

  synchronized String output() {
    return output.toString();
  }

  /** Makes sure the child is gone, even when the test failed before killing it. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
