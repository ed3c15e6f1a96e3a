package io.github.chunkstore.codectests.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs a main class of the test sources in a fresh JVM and captures what it prints. */
public final class ChildJvm {

  /** What a child printed (stdout and stderr interleaved) and how it exited. */
  public record Result(int exitCode, String output) {

    /** Echoes the child's output to this JVM's stdout, every line marked as the child's. */
    public void echo(String label) {
      StringBuilder sb = new StringBuilder();
      for (String line : output.split("\\R")) {
        sb.append('[').append(label).append("] ").append(line).append(System.lineSeparator());
      }
      System.out.print(sb);
      System.out.flush();
    }
  }

  private static final String DEFAULT_MAX_HEAP = "512m";

  private ChildJvm() {}

  /**
   * The classpath this test JVM runs with, as a list of entries. Surefire is configured not to hide
   * it behind a manifest-only jar; if it ever does, its own property still has the list.
   */
  public static List<String> testClasspath() {
    String cp = System.getProperty("java.class.path", "");
    List<String> entries = split(cp);
    boolean onlyBooter =
        entries.size() <= 1
            && entries.stream()
                .allMatch(e -> Path.of(e).getFileName().toString().startsWith("surefire"));
    if (onlyBooter) {
      String surefire = System.getProperty("surefire.test.class.path");
      if (surefire != null && !surefire.isBlank()) {
        entries = split(surefire);
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalStateException("cannot determine the test classpath");
    }
    return entries;
  }

  /** The test classpath without the entries {@code drop} accepts. */
  public static List<String> testClasspathWithout(Predicate<String> drop) {
    return testClasspath().stream().filter(drop.negate()).toList();
  }

  private static List<String> split(String cp) {
    return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
  }

  /**
   * Runs {@code main} with {@code args} on {@code classpath}; kills it after {@code
   * timeoutSeconds}.
   */
  public static Result run(
      List<String> classpath, Class<?> main, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    return run(classpath, DEFAULT_MAX_HEAP, main, args, timeoutSeconds);
  }

  /**
   * {@link #run(List, Class, List, long)} with a heap of at most {@code maxHeap} (an -Xmx value).
   */
  public static Result run(
      List<String> classpath, String maxHeap, Class<?> main, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = start(classpath, maxHeap, main, args);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                in.transferTo(captured);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "child-jvm-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      pump.join(5_000);
      throw new AssertionError(
          "child JVM "
              + main.getSimpleName()
              + " did not finish within "
              + timeoutSeconds
              + "s; output:\n"
              + captured.toString(StandardCharsets.UTF_8));
    }
    pump.join(10_000);
    return new Result(process.exitValue(), captured.toString(StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code main} in a fresh JVM with stdout and stderr merged and stdin closed; the caller
   * reads {@link Process#getInputStream()} and ends the process.
   */
  public static Process start(
      List<String> classpath, String maxHeap, Class<?> main, List<String> args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-ea");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx" + maxHeap);
    // Chunkstore's own settings (such as the lowered dictionary threshold) apply in children too.
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("chunkstore.") && !name.startsWith("chunkstore.tests.")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(main.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    return process;
  }
}
