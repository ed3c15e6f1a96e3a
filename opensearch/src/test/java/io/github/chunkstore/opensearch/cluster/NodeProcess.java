package io.github.chunkstore.opensearch.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One OpenSearch node of the distribution, run as its own process with its own configuration, data
 * and logs directory. It is started in the foreground (so the process cannot outlive a cleanup that
 * knows it), and stopped or killed by the process id it writes to its pid file.
 */
public final class NodeProcess {
  private final String name;
  private final Path home;
  private final Path dir;
  private final int httpPort;
  private final int transportPort;
  private final String runAs;
  private Process launcher;
  private long pid = -1;
  private int starts;

  /**
   * @param home the unpacked distribution
   * @param dir this node's directory: config/, data/, logs/
   * @param runAs the user to run the node as (through runuser, when this JVM is root), or null
   */
  NodeProcess(String name, Path home, Path dir, int httpPort, int transportPort, String runAs) {
    this.name = name;
    this.home = home;
    this.dir = dir;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.runAs = runAs;
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The process id of the running node, or -1. */
  public long pid() {
    return pid;
  }

  /**
   * Writes this node's configuration: a copy of the distribution's, with its own opensearch.yml, a
   * 512 MiB heap, and the GC log, error files and heap dumps in the node's directory. The
   * distribution writes those relative to its own directory, where both nodes would share them and
   * where a node running as another user may not write.
   */
  void configure(String cluster, List<String> seeds, String manager, boolean managerEligible)
      throws IOException {
    Path config = dir.resolve("config");
    copyTree(home.resolve("config"), config);
    Files.createDirectories(dataDir());
    Path logs = Files.createDirectories(dir.resolve("logs"));
    String yml =
        String.join(
            "\n",
            "cluster.name: " + cluster,
            "node.name: " + name,
            "node.roles: "
                + (managerEligible ? "[cluster_manager, data, ingest]" : "[data, ingest]"),
            "path.data: " + dataDir(),
            "path.logs: " + logs,
            "network.host: 127.0.0.1",
            "http.port: " + httpPort,
            "transport.port: " + transportPort,
            "discovery.seed_hosts: [" + String.join(", ", seeds) + "]",
            "cluster.initial_cluster_manager_nodes: [" + manager + "]",
            // The disk watermarks would leave replicas unassigned on a machine whose disk is more
            // than 85% full, a CI runner's for instance; these indexes are a few megabytes.
            "cluster.routing.allocation.disk.threshold_enabled: false",
            "");
    Files.writeString(config.resolve("opensearch.yml"), yml, StandardCharsets.UTF_8);
    Path jvmOptions = config.resolve("jvm.options");
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(jvmOptions, StandardCharsets.UTF_8)) {
      options.add(
          line.replace("-Xms1g", "-Xms512m")
              .replace("-Xmx1g", "-Xmx512m")
              .replace("logs/", logs + "/")
              .replace("HeapDumpPath=data", "HeapDumpPath=" + logs));
    }
    Files.write(jvmOptions, options, StandardCharsets.UTF_8);
  }

  /** Starts the node; {@link #awaitHttp} then waits until it answers. */
  void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running as process " + pid);
    }
    Path pidFile = dir.resolve("pid");
    Files.deleteIfExists(pidFile);
    starts++;
    List<String> command = new ArrayList<>();
    if (runAs != null) {
      command.addAll(List.of("runuser", "-u", runAs, "--", "env"));
      command.add("OPENSEARCH_JAVA_HOME=" + javaHome());
      command.add("OPENSEARCH_PATH_CONF=" + dir.resolve("config"));
    }
    command.addAll(List.of(home.resolve("bin/opensearch").toString(), "-p", pidFile.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("OPENSEARCH_JAVA_HOME", javaHome());
    builder.environment().put("OPENSEARCH_PATH_CONF", dir.resolve("config").toString());
    builder.environment().remove("OPENSEARCH_JAVA_OPTS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("console-" + starts + ".log").toFile());
    pid = -1;
    launcher = builder.start();
  }

  /**
   * Waits until the node answers HTTP, and reads its process id. Fails early, with the end of its
   * console output, when the node exits instead.
   */
  void awaitHttp(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Rest rest = new Rest(httpPort, Duration.ofSeconds(2));
    Path pidFile = dir.resolve("pid");
    while (true) {
      if (!launcher.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + launcher.exitValue() + " while starting; " + tail());
      }
      if (pid < 0 && Files.isRegularFile(pidFile)) {
        String text = Files.readString(pidFile).trim();
        if (!text.isEmpty()) {
          pid = Long.parseLong(text);
        }
      }
      if (pid > 0) {
        try {
          if (rest.send("GET", "/", null).ok()) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not answer on port " + httpPort + " within " + timeout + "; " + tail());
      }
      Thread.sleep(500);
    }
  }

  /** Stops the node with SIGTERM to its process id and waits until the process is gone. */
  public void stop(Duration timeout) throws InterruptedException {
    signal(false, timeout);
  }

  /** Kills the node with SIGKILL to its process id: no shutdown, no flush. */
  public void kill(Duration timeout) throws InterruptedException {
    signal(true, timeout);
  }

  private void signal(boolean kill, Duration timeout) throws InterruptedException {
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (process.isPresent()) {
      if (kill) {
        process.get().destroyForcibly();
      } else {
        process.get().destroy();
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (process.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (process.get().isAlive()) {
        throw new IllegalStateException(
            name + " (process " + pid + ") still runs " + timeout + " after " + what(kill));
      }
    }
    if (launcher != null) {
      // The launcher is the node itself, or runuser waiting for it.
      if (!launcher.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
      }
    }
    pid = -1;
  }

  private static String what(boolean kill) {
    return kill ? "SIGKILL" : "SIGTERM";
  }

  public boolean isRunning() {
    return (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        || (launcher != null && launcher.isAlive());
  }

  /** Kills whatever is left of the node, without waiting: for cleanups. */
  void killQuietly() {
    if (pid > 0) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (launcher != null) {
      launcher.destroyForcibly();
    }
  }

  /** The last lines the node printed, to put into failure messages. */
  public String tail() {
    Path console = dir.resolve("console-" + starts + ".log");
    try {
      List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
      int from = Math.max(0, lines.size() - 30);
      return "last lines of "
          + console
          + ":\n  "
          + String.join("\n  ", lines.subList(from, lines.size()));
    } catch (IOException e) {
      return "no console output (" + e + ")";
    }
  }

  private static String javaHome() {
    return System.getProperty("java.home");
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
