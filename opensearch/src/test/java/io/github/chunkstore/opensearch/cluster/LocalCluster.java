package io.github.chunkstore.opensearch.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Two nodes of the OpenSearch distribution on loopback, with the plugin installed: {@code n1}
 * (cluster manager, data) and {@code n2} (data only). With two manager-eligible nodes only one of
 * them holds the vote, and killing that one would stop the cluster instead of testing recovery; so
 * n2 is the node that tests kill. Everything the cluster writes is under one temporary directory,
 * which {@link #close} removes after killing whatever still runs, also when the JVM exits without
 * closing it.
 */
public final class LocalCluster implements AutoCloseable {
  private static final String CLUSTER = "chunkstore-real";

  private final Path home;
  private final Path base;
  private final String runAs;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final Thread cleanupAtExit;

  /**
   * @param home the unpacked distribution (the plugin is installed into its plugins/)
   * @param parent where to create the cluster's temporary directory
   * @param runAs the user the nodes run as when this JVM is root; OpenSearch refuses root
   */
  public LocalCluster(Path home, Path parent, String runAs) throws IOException {
    if (!Files.isExecutable(home.resolve("bin/opensearch"))) {
      makeExecutable(home.resolve("bin"));
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root && runAs == null) {
      throw new IllegalStateException(
          "OpenSearch refuses to run as root: run this as an ordinary user (scripts/test does so"
              + " as the user chunkstore-test), or name a user to run the nodes as");
    }
    this.home = home;
    this.runAs = root ? runAs : null;
    Files.createDirectories(parent);
    this.base = Files.createTempDirectory(parent, "real-cluster-");
    this.cleanupAtExit = new Thread(this::killAll, "real-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    int[] ports = freePorts(4);
    List<String> seeds =
        List.of("\"127.0.0.1:" + ports[2] + "\"", "\"127.0.0.1:" + ports[3] + "\"");
    for (int i = 0; i < 2; i++) {
      String name = "n" + (i + 1);
      NodeProcess node =
          new NodeProcess(name, home, base.resolve(name), ports[i], ports[2 + i], this.runAs);
      node.configure(CLUSTER, seeds, "n1", i == 0);
      nodes.add(node);
    }
    if (this.runAs != null) {
      chown(base, this.runAs);
    }
  }

  /**
   * Installs the plugin zip with the distribution's own installer, replacing an earlier install.
   */
  public void installPlugin(Path zip, Duration timeout) throws IOException, InterruptedException {
    Path installed = home.resolve("plugins/chunkstore");
    if (Files.exists(installed)) {
      delete(installed);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/opensearch-plugin").toString(),
                "install",
                "--batch",
                zip.toAbsolutePath().toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(base.resolve("plugin-install.log").toFile());
    builder.environment().put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("OPENSEARCH_PATH_CONF", home.resolve("config").toString());
    builder.environment().remove("OPENSEARCH_JAVA_OPTS");
    Process install = builder.start();
    String output = base.resolve("plugin-install.log").toString();
    if (!install.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      install.destroyForcibly();
      throw new IllegalStateException("opensearch-plugin install took over " + timeout);
    }
    if (install.exitValue() != 0) {
      throw new IllegalStateException(
          "opensearch-plugin install "
              + zip
              + " exited with "
              + install.exitValue()
              + ":\n"
              + Files.readString(Path.of(output), StandardCharsets.UTF_8));
    }
  }

  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  public List<NodeProcess> nodes() {
    return nodes;
  }

  /** A client of the first node, the cluster manager. */
  public Rest rest(Duration timeout) {
    return new Rest(nodes.get(0).httpPort(), timeout);
  }

  /** Starts the given nodes together and waits until each answers HTTP. */
  public void start(List<NodeProcess> which, Duration timeout)
      throws IOException, InterruptedException {
    for (NodeProcess node : which) {
      node.start();
    }
    for (NodeProcess node : which) {
      node.awaitHttp(timeout);
    }
  }

  /** Waits until the cluster has {@code nodeCount} nodes and every shard copy is started. */
  public void awaitGreen(int nodeCount, Duration timeout) throws IOException {
    Rest rest = new Rest(nodes.get(0).httpPort(), timeout.plusSeconds(10));
    String path =
        "/_cluster/health?wait_for_status=green&wait_for_nodes="
            + nodeCount
            + "&wait_for_no_initializing_shards=true&timeout="
            + timeout.toSeconds()
            + "s";
    Rest.Response response = rest.send("GET", path, null);
    Map<String, Object> health = Rest.parse(response.body());
    if (!response.ok() || Boolean.TRUE.equals(health.get("timed_out"))) {
      String shards = rest.send("GET", "/_cat/shards?v", null).body();
      throw new IllegalStateException(
          "cluster not green with "
              + nodeCount
              + " nodes within "
              + timeout
              + ": "
              + response.body()
              + "\nshards:\n"
              + shards);
    }
  }

  /** Stops every running node by its process id (SIGTERM) and waits for each to exit. */
  public void stopAll(Duration timeout) throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.stop(timeout);
    }
  }

  /** Kills every node that still runs, then removes the cluster's directory. */
  @Override
  public void close() throws IOException {
    killAll();
    for (NodeProcess node : nodes) {
      for (int i = 0; i < 100 && node.isRunning(); i++) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already exiting: the hook runs anyway
    }
    delete(base);
  }

  private void killAll() {
    for (NodeProcess node : nodes) {
      node.killQuietly();
    }
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : open) {
        socket.close();
      }
    }
    return ports;
  }

  /** Some unzip tools drop the execute bits of the scripts (Maven's unpack keeps them). */
  private static void makeExecutable(Path bin) throws IOException {
    try (var files = Files.list(bin)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.toString().endsWith(".bat") && !file.toString().endsWith(".exe")) {
          Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
          permissions.add(PosixFilePermission.OWNER_EXECUTE);
          permissions.add(PosixFilePermission.GROUP_EXECUTE);
          permissions.add(PosixFilePermission.OTHERS_EXECUTE);
          Files.setPosixFilePermissions(file, permissions);
        }
      }
    }
  }

  private static void chown(Path dir, String user) throws IOException {
    UserPrincipal owner =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    try (var paths = Files.walk(dir)) {
      paths.forEach(
          p -> {
            try {
              Files.setOwner(p, owner);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
