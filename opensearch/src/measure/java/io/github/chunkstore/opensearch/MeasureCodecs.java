package io.github.chunkstore.opensearch;

import io.github.chunkstore.opensearch.cluster.BulkLoader;
import io.github.chunkstore.opensearch.cluster.LocalCluster;
import io.github.chunkstore.opensearch.cluster.NodeProcess;
import io.github.chunkstore.opensearch.cluster.Rest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What each {@code index.codec} costs and buys on the real 2-node cluster: the same GeoNames
 * documents indexed once per codec (1 shard, 1 replica), force-merged to one segment, then the
 * primary's store size, the part of it that is stored fields, and the rate of {@code _source}
 * fetches through one node: searches of up to 10 hits and {@code _mget} of 10 random ids. Reads use
 * {@code preference=_only_local} on n1, which holds a copy of every shard, so no index pays a
 * network hop that another does not. The codecs are read in turns, over several rounds, so that a
 * change in the machine's load spreads over all of them; the table shows each rate's median round
 * and its lowest and highest round. Run by opensearch/scripts/measure; opensearch/README.md shows a
 * run.
 */
public final class MeasureCodecs {
  private static final List<String> CODECS =
      List.of(
          "default",
          "best_compression",
          "chunkstore_best_speed",
          "chunkstore_best_compression",
          "chunkstore_dictionary");
  private static final Duration REQUEST = Duration.ofMinutes(10);

  private MeasureCodecs() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path data = Path.of(options.getOrDefault("data", ""));
    int limit = Integer.parseInt(options.getOrDefault("docs", "1000000000"));
    int requests = Integer.parseInt(options.getOrDefault("requests", "3000"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "500"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    Map<String, String> docs =
        options.containsKey("data") ? GeoNamesDocs.load(data, limit) : GeoNamesDocs.load(limit);
    System.out.printf(
        "measure: %,d documents (%s), %,d requests of each kind per codec after %,d of warm-up,"
            + " in %d rounds%n",
        docs.size(), options.getOrDefault("data", "the bundled sample"), requests, warmup, rounds);

    try (LocalCluster cluster =
        new LocalCluster(
            Path.of(options.get("home")),
            Path.of(options.get("work")),
            options.getOrDefault("user", null))) {
      cluster.installPlugin(Path.of(options.get("zip")), Duration.ofMinutes(2));
      cluster.start(cluster.nodes(), Duration.ofMinutes(3));
      cluster.awaitGreen(2, Duration.ofMinutes(2));
      Rest rest = cluster.rest(REQUEST);
      for (String codec : CODECS) {
        String index = "m_" + codec;
        rest.json(
            "PUT",
            "/" + index,
            "{\"settings\":{\"index.codec\":\""
                + codec
                + "\",\"number_of_shards\":1,\"number_of_replicas\":1}}");
        long start = System.nanoTime();
        BulkLoader load = new BulkLoader(rest, BulkLoader.batches(index, docs, 1000));
        load.run();
        if (!load.errors().isEmpty() || !load.uncertain().isEmpty()) {
          throw new IllegalStateException(index + ": bulk load failed: " + load.errors());
        }
        rest.json("POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
        rest.json("POST", "/" + index + "/_refresh", null);
        // Only a progress line: the first index also pays for warming the nodes up.
        System.out.printf(
            "measure: %s loaded and force-merged in %.1f s%n",
            index, (System.nanoTime() - start) / 1e9);
      }
      cluster.awaitGreen(2, Duration.ofMinutes(5));

      Rest reads = new Rest(cluster.node(0).httpPort(), Duration.ofSeconds(60));
      List<String> ids = new ArrayList<>(docs.keySet());
      Random random = new Random(42);
      List<String> searches = new ArrayList<>();
      List<String> mgets = new ArrayList<>();
      for (int i = 0; i < warmup + requests; i++) {
        searches.add(searchBody(docs.get(ids.get(random.nextInt(ids.size())))));
        StringBuilder body = new StringBuilder("{\"ids\":[");
        for (int k = 0; k < 10; k++) {
          body.append(k == 0 ? "\"" : ",\"")
              .append(ids.get(random.nextInt(ids.size())))
              .append('"');
        }
        mgets.add(body.append("]}").toString());
      }
      // Per codec, per round: the nanoseconds of its searches and of its _mget requests.
      Map<String, long[][]> nanos = new LinkedHashMap<>();
      for (String codec : CODECS) {
        String index = "/m_" + codec;
        time(reads, index + "/_search?preference=_only_local", searches.subList(0, warmup));
        time(reads, index + "/_mget?preference=_only_local", mgets.subList(0, warmup));
        nanos.put(codec, new long[rounds][2]);
      }
      int perRound = requests / rounds;
      for (int round = 0; round < rounds; round++) {
        int from = warmup + round * perRound;
        for (String codec : CODECS) {
          String index = "/m_" + codec;
          long[] sum = nanos.get(codec)[round];
          sum[0] =
              time(
                  reads,
                  index + "/_search?preference=_only_local",
                  searches.subList(from, from + perRound));
          sum[1] =
              time(
                  reads,
                  index + "/_mget?preference=_only_local",
                  mgets.subList(from, from + perRound));
        }
        System.out.printf("measure: read round %d of %d done%n", round + 1, rounds);
      }

      Map<String, Long> storedFields = storedFieldsBytes(cluster, rest);
      report(rest, docs.size(), perRound, nanos, storedFields);
      cluster.stopAll(Duration.ofMinutes(1));
    }
  }

  /** A match query on the first word of a document's name: 10 hits anywhere in the index. */
  private static String searchBody(String json) {
    String name = (String) Rest.parse(json).get("asciiname");
    String word = name.isBlank() ? "a" : name.trim().split("\\s+")[0].replace("\"", "");
    word = word.replace("\\", "");
    return "{\"size\":10,\"query\":{\"match\":{\"asciiname\":\"" + word + "\"}}}";
  }

  /** Sends the requests one after another and returns the time they took, in nanoseconds. */
  private static long time(Rest rest, String path, List<String> bodies) throws IOException {
    long start = System.nanoTime();
    for (String body : bodies) {
      Rest.Response response = rest.send("POST", path, body);
      if (!response.ok() || response.body().contains("\"found\":false")) {
        throw new IllegalStateException(path + " answered " + response.status() + ": " + response);
      }
    }
    return System.nanoTime() - start;
  }

  /**
   * Per index, the bytes of the stored-fields files of its primary copy: Lucene's .fdt, .fdx and
   * .fdm, Chunkstore's .csd, .csx and .csm. The rest of the store (postings, doc values, points of
   * the dynamically mapped fields) is written by the same codec for every index.
   */
  private static Map<String, Long> storedFieldsBytes(LocalCluster cluster, Rest rest)
      throws IOException {
    Map<String, String> uuids = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rest.jsonList("GET", "/_cat/indices/m_*?format=json&h=index,uuid")) {
      uuids.put((String) row.get("index"), (String) row.get("uuid"));
    }
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rest.jsonList("GET", "/_cat/shards/m_*?format=json&h=index,prirep,node")) {
      if (!"p".equals(row.get("prirep"))) {
        continue;
      }
      String index = (String) row.get("index");
      NodeProcess node =
          cluster.nodes().stream().filter(n -> n.name().equals(row.get("node"))).findFirst().get();
      long sum = 0;
      try (var files = Files.walk(node.dataDir())) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = file.getFileName().toString();
          if (!file.toString().contains(uuids.get(index)) || !Files.isRegularFile(file)) {
            continue;
          }
          if (name.endsWith(".cfs")) {
            throw new IllegalStateException(index + " has a compound file: " + file);
          }
          if (name.matches(".*\\.(fdt|fdx|fdm|csd|csx|csm)")) {
            sum += Files.size(file);
          }
        }
      }
      bytes.put(index.substring(2), sum);
    }
    return bytes;
  }

  private static void report(
      Rest rest,
      int docCount,
      int perRound,
      Map<String, long[][]> nanos,
      Map<String, Long> storedFields)
      throws IOException {
    Map<String, Long> primaryBytes = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rest.jsonList(
            "GET", "/_cat/indices/m_*?bytes=b&format=json&h=index,docs.count,pri.store.size")) {
      String codec = ((String) row.get("index")).substring(2);
      if (Long.parseLong((String) row.get("docs.count")) != docCount) {
        throw new IllegalStateException("index m_" + codec + " holds " + row.get("docs.count"));
      }
      primaryBytes.put(codec, Long.parseLong((String) row.get("pri.store.size")));
    }
    long base = primaryBytes.get("default");
    long baseStored = storedFields.get("default");
    System.out.println();
    System.out.println(
        "| index.codec | primary store, bytes | vs default | stored fields, bytes | vs default"
            + " | search, 10 hits, req/s | _mget, 10 ids, req/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (String codec : CODECS) {
      long bytes = primaryBytes.get(codec);
      long stored = storedFields.get(codec);
      long[][] t = nanos.get(codec);
      System.out.printf(
          Locale.ROOT,
          "| `%s` | %,d | %.2f | %,d | %.2f | %s | %s |%n",
          codec,
          bytes,
          (double) bytes / base,
          stored,
          (double) stored / baseStored,
          rates(t, 0, perRound),
          rates(t, 1, perRound));
    }
    System.out.println();
  }

  /**
   * The median of the rounds' requests per second, then the lowest and highest round. The median,
   * not the total: on a shared machine a few rounds may run beside someone else's work.
   */
  private static String rates(long[][] nanos, int kind, int perRound) {
    double[] rates = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      rates[i] = perRound / (nanos[i][kind] / 1e9);
    }
    Arrays.sort(rates);
    int n = rates.length;
    double median = n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", median, rates[0], rates[n - 1]);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("home", "zip", "work")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    if (options.containsKey("data") && !Files.isRegularFile(Path.of(options.get("data")))) {
      throw new IllegalArgumentException("--data " + options.get("data") + ": no such file");
    }
    return options;
  }
}
