package io.github.chunkstore.opensearch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.opensearch.cluster.BulkLoader;
import io.github.chunkstore.opensearch.cluster.LocalCluster;
import io.github.chunkstore.opensearch.cluster.NodeProcess;
import io.github.chunkstore.opensearch.cluster.Rest;
import io.github.chunkstore.opensearch.cluster.ShardSegments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The plugin zip installed into the OpenSearch distribution with {@code bin/opensearch-plugin}, on
 * two nodes on loopback, driven only through the REST API: an index per Chunkstore mode and one
 * with {@code index.codec: default}, one replica each, through a bulk load, a force merge, a full
 * restart of both nodes, and a SIGKILL during a bulk load of the node that holds every primary
 * (moved there first, so that every index fails over). After each step every document that was
 * acknowledged is on both copies with the {@code _source} it was indexed with, and whatever else is
 * there is a document that was sent. While the nodes are down, their shard directories are read
 * with Lucene: every segment records the codec and mode of its index.
 *
 * <p>Maven (failsafe) passes the unpacked distribution, the plugin zip and a working directory as
 * system properties; see opensearch/pom.xml.
 */
public class RealClusterIT {
  private static final Duration START = Duration.ofSeconds(150);
  private static final Duration GREEN = Duration.ofSeconds(120);
  private static final Duration STOP = Duration.ofSeconds(60);
  private static final Duration REQUEST = Duration.ofSeconds(60);
  private static final int FIRST = 1000; // documents per index before the restart
  private static final int LATER = 1000; // documents per index sent while a node is killed
  private static final int BULK = 50;
  private static final int KILL_AFTER_BULKS = 8;
  private static final String MAPPING = "{\"properties\":{\"suggest\":{\"type\":\"completion\"}}}";

  private final long started = System.nanoTime();

  @Test
  public void twoNodesThroughForceMergeRestartAndKill() throws Exception {
    Map<String, String> rows = GeoNamesDocs.load(FIRST + LATER);
    assertEquals("GeoNames rows in the sample", FIRST + LATER, rows.size());
    Map<String, String> codecs = new LinkedHashMap<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      codecs.put("real_" + ChunkstoreModes.codecValue(mode), ChunkstoreModes.codecValue(mode));
    }
    codecs.put("real_default", "default");
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    Map<String, Map<String, String>> uncertain = new LinkedHashMap<>();

    try (LocalCluster cluster =
        new LocalCluster(
            Path.of(property("chunkstore.opensearch.home")),
            Path.of(property("chunkstore.cluster.dir")),
            System.getProperty("chunkstore.node.user"))) {
      cluster.installPlugin(Path.of(property("chunkstore.plugin.zip")), Duration.ofSeconds(120));
      log("plugin installed");
      cluster.start(cluster.nodes(), START);
      cluster.awaitGreen(2, GREEN);
      log("2 nodes up");
      Rest rest = cluster.rest(REQUEST);
      for (Map<String, Object> plugin : rest.jsonList("GET", "/_cat/plugins?format=json")) {
        assertEquals("plugin on node " + plugin.get("name"), "chunkstore", plugin.get("component"));
      }
      assertEquals("plugins listed", 2, rest.jsonList("GET", "/_cat/plugins?format=json").size());

      for (Map.Entry<String, String> index : codecs.entrySet()) {
        rest.json(
            "PUT",
            "/" + index.getKey(),
            "{\"settings\":{\"index.codec\":\""
                + index.getValue()
                + "\",\"number_of_shards\":1,\"number_of_replicas\":1},\"mappings\":"
                + MAPPING
                + "}");
        Map<String, String> docs = first(rows, FIRST);
        BulkLoader load = new BulkLoader(rest, BulkLoader.batches(index.getKey(), docs, 200));
        load.run();
        assertTrue(
            index.getKey() + ": bulk items failed: " + load.errors(),
            load.uncertain().isEmpty() && load.errors().isEmpty());
        expected.put(index.getKey(), new LinkedHashMap<>(docs));
        uncertain.put(index.getKey(), new LinkedHashMap<>());
      }
      rest.json("POST", "/real_*/_refresh", null);
      cluster.awaitGreen(2, GREEN);
      checkDocuments("after the bulk load", cluster, expected, uncertain);
      checkCodecSettings(rest, codecs);

      rest.json("POST", "/real_*/_forcemerge?max_num_segments=1", null);
      rest.json("POST", "/real_*/_refresh", null);
      Map<String, Integer> segmentsPerCopy = new LinkedHashMap<>();
      for (Map<String, Object> segment :
          rest.jsonList("GET", "/_cat/segments/real_*?format=json&h=index,shard,prirep,segment")) {
        segmentsPerCopy.merge(segment.get("index") + " " + segment.get("prirep"), 1, Integer::sum);
      }
      assertEquals("shard copies in _cat/segments", 2 * codecs.size(), segmentsPerCopy.size());
      segmentsPerCopy.forEach(
          (copy, n) -> assertEquals("segments of " + copy + " after the force merge", 1, (int) n));
      log("force-merged");

      Map<String, String> indexByUuid = uuids(rest);
      cluster.stopAll(STOP);
      log("both nodes stopped by pid");
      checkSegmentsOnDisk("after the force merge", cluster, indexByUuid, codecs, true);
      cluster.start(cluster.nodes(), START);
      cluster.awaitGreen(2, GREEN);
      log("full restart: green");
      checkDocuments("after the full restart", cluster, expected, uncertain);

      NodeProcess survivor = cluster.node(0);
      NodeProcess victim = cluster.node(1);
      List<BulkLoader.Batch> batches = new ArrayList<>();
      Map<String, String> later = new LinkedHashMap<>(rows);
      later.keySet().retainAll(new ArrayList<>(rows.keySet()).subList(FIRST, FIRST + LATER));
      for (String index : codecs.keySet()) {
        batches.addAll(BulkLoader.batches(index, later, BULK));
      }
      batches = interleave(batches, codecs.size());
      movePrimaries(rest, cluster, victim, codecs.size());
      BulkLoader loader = new BulkLoader(new Rest(survivor.httpPort(), REQUEST), batches);
      Thread loading = new Thread(loader, "bulk-loader");
      loading.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (loader.answered() < KILL_AFTER_BULKS && loading.isAlive()) {
        if (System.nanoTime() > deadline) {
          fail("bulk load: only " + loader.answered() + " requests answered in 60 s");
        }
        Thread.sleep(20);
      }
      long victimPid = victim.pid();
      loader.mark();
      victim.kill(STOP);
      log(
          "SIGKILL to "
              + victim.name()
              + " (pid "
              + victimPid
              + ", every primary) after "
              + loader.answered()
              + " of "
              + batches.size()
              + " bulk requests");
      loading.join(TimeUnit.SECONDS.toMillis(240));
      assertTrue("the bulk load did not finish within 240 s", !loading.isAlive());
      log(
          "bulk load done: "
              + loader.acknowledgedAfterMark()
              + " documents acknowledged after the kill; errors: "
              + loader.errors().size());
      assertTrue(
          "no document was acknowledged after the kill, with one node left: " + loader.errors(),
          loader.acknowledgedAfterMark() > 0);
      loader.acknowledged().forEach((index, docs) -> expected.get(index).putAll(docs));
      loader.uncertain().forEach((index, docs) -> uncertain.get(index).putAll(docs));

      cluster.start(List.of(victim), START);
      cluster.awaitGreen(2, GREEN);
      log(victim.name() + " restarted: green");
      rest.json("POST", "/real_*/_refresh", null);
      checkDocuments("after the SIGKILL and the restart", cluster, expected, uncertain);

      indexByUuid = uuids(rest);
      cluster.stopAll(STOP);
      for (NodeProcess node : cluster.nodes()) {
        assertTrue(node.name() + " still runs after SIGTERM", !node.isRunning());
      }
      log("both nodes stopped by pid");
      checkSegmentsOnDisk("after the SIGKILL", cluster, indexByUuid, codecs, false);
    }
    log("cluster directory removed");
  }

  /**
   * On each node (each holds a copy of every shard when green): the document count, and every
   * expected document's {@code _source} through {@code _mget} on that node's copy, and the hits of
   * a search. Documents of unanswered requests may be there, and must then be exact too.
   */
  @SuppressWarnings("unchecked")
  private void checkDocuments(
      String step,
      LocalCluster cluster,
      Map<String, Map<String, String>> expected,
      Map<String, Map<String, String>> uncertain)
      throws Exception {
    for (NodeProcess node : cluster.nodes()) {
      Rest rest = new Rest(node.httpPort(), REQUEST);
      for (String index : expected.keySet()) {
        String where = step + ", " + index + " on " + node.name();
        Map<String, String> maybe = uncertain.get(index);
        List<String> ids = new ArrayList<>(expected.get(index).keySet());
        ids.addAll(maybe.keySet());
        int found = 0;
        for (int from = 0; from < ids.size(); from += 500) {
          List<String> some = ids.subList(from, Math.min(ids.size(), from + 500));
          String body = "{\"ids\":[\"" + String.join("\",\"", some) + "\"]}";
          Map<String, Object> mget =
              rest.json("POST", "/" + index + "/_mget?preference=_only_local", body);
          for (Object d : (List<Object>) mget.get("docs")) {
            Map<String, Object> doc = (Map<String, Object>) d;
            String id = (String) doc.get("_id");
            String json = expected.get(index).getOrDefault(id, maybe.get(id));
            if (!Boolean.TRUE.equals(doc.get("found"))) {
              assertTrue(
                  where + ": acknowledged document " + id + " is missing", maybe.containsKey(id));
              continue;
            }
            found++;
            assertEquals(where + ": _source of " + id, Rest.parse(json), doc.get("_source"));
          }
        }
        Map<String, Object> count =
            rest.json("GET", "/" + index + "/_count?preference=_only_local", null);
        assertEquals(where + ": _count", (long) found, ((Number) count.get("count")).longValue());
        Map<String, Object> search =
            rest.json(
                "POST",
                "/" + index + "/_search?preference=_only_local",
                "{\"size\":10,\"query\":{\"match\":{\"name\":\"San\"}}}");
        List<Object> hits = (List<Object>) ((Map<String, Object>) search.get("hits")).get("hits");
        assertTrue(where + ": search for San found nothing", !hits.isEmpty());
        for (Object h : hits) {
          Map<String, Object> hit = (Map<String, Object>) h;
          String id = (String) hit.get("_id");
          String json = expected.get(index).getOrDefault(id, maybe.get(id));
          assertEquals(where + ": search hit " + id, Rest.parse(json), hit.get("_source"));
        }
      }
    }
    log("checked every document " + step);
  }

  @SuppressWarnings("unchecked")
  private static void checkCodecSettings(Rest rest, Map<String, String> codecs) throws Exception {
    Map<String, Object> settings =
        rest.json("GET", "/real_*/_settings?include_defaults=true&filter_path=**.codec", null);
    for (Map.Entry<String, String> index : codecs.entrySet()) {
      Map<String, Object> all = (Map<String, Object>) settings.get(index.getKey());
      String text = String.valueOf(all);
      assertTrue(
          index.getKey() + " index.codec: " + text, text.contains("codec=" + index.getValue()));
    }
  }

  /** Every shard copy on both stopped nodes, read from disk: codec and mode of every segment. */
  private void checkSegmentsOnDisk(
      String step,
      LocalCluster cluster,
      Map<String, String> indexByUuid,
      Map<String, String> codecs,
      boolean oneSegment)
      throws Exception {
    Map<String, Integer> copies = new LinkedHashMap<>();
    for (NodeProcess node : cluster.nodes()) {
      for (ShardSegments.Segment segment : ShardSegments.read(node.dataDir(), indexByUuid)) {
        String codec = codecs.get(segment.index());
        String where = step + ", " + node.name() + " " + segment;
        if (codec.equals("default")) {
          assertEquals(where, "Lucene104", segment.codec());
          assertEquals(where, "-", segment.mode());
        } else {
          assertEquals(where, ChunkstoreCodec.NAME, segment.codec());
          assertEquals(where, ChunkstoreModes.BY_CODEC_VALUE.get(codec).name(), segment.mode());
        }
        copies.merge(segment.index() + " " + node.name(), 1, Integer::sum);
      }
    }
    for (String index : codecs.keySet()) {
      for (NodeProcess node : cluster.nodes()) {
        Integer segments = copies.get(index + " " + node.name());
        assertTrue(step + ": no segment of " + index + " on " + node.name(), segments != null);
        if (oneSegment) {
          assertEquals(step + ": segments of " + index + " on " + node.name(), 1, (int) segments);
        }
      }
    }
    log("segments on disk " + step + ": " + copies);
  }

  /**
   * Makes {@code target} hold every primary, so that killing it fails every index over: cancelling
   * a primary promotes its in-sync replica, and the cancelled copy comes back as a replica.
   */
  private void movePrimaries(Rest rest, LocalCluster cluster, NodeProcess target, int indexes)
      throws Exception {
    for (Map<String, Object> shard :
        rest.jsonList("GET", "/_cat/shards/real_*?format=json&h=index,shard,prirep,node")) {
      if ("p".equals(shard.get("prirep")) && !target.name().equals(shard.get("node"))) {
        rest.json(
            "POST",
            "/_cluster/reroute",
            "{\"commands\":[{\"cancel\":{\"index\":\""
                + shard.get("index")
                + "\",\"shard\":"
                + shard.get("shard")
                + ",\"node\":\""
                + shard.get("node")
                + "\",\"allow_primary\":true}}]}");
      }
    }
    cluster.awaitGreen(2, GREEN);
    long primaries =
        rest.jsonList("GET", "/_cat/shards/real_*?format=json&h=index,prirep,node").stream()
            .filter(s -> "p".equals(s.get("prirep")) && target.name().equals(s.get("node")))
            .count();
    assertEquals("primaries on " + target.name() + " after the reroute", indexes, primaries);
    log("every primary moved to " + target.name());
  }

  private static Map<String, String> uuids(Rest rest) throws Exception {
    Map<String, String> byUuid = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rest.jsonList("GET", "/_cat/indices/real_*?format=json&h=index,uuid")) {
      byUuid.put((String) row.get("uuid"), (String) row.get("index"));
    }
    return byUuid;
  }

  private static Map<String, String> first(Map<String, String> rows, int n) {
    Map<String, String> docs = new LinkedHashMap<>();
    for (Map.Entry<String, String> row : rows.entrySet()) {
      if (docs.size() == n) {
        break;
      }
      docs.put(row.getKey(), row.getValue());
    }
    return docs;
  }

  /** The batches of each index in turn, so that the kill falls amid writes to every index. */
  private static List<BulkLoader.Batch> interleave(List<BulkLoader.Batch> byIndex, int indexes) {
    int perIndex = byIndex.size() / indexes;
    List<BulkLoader.Batch> mixed = new ArrayList<>();
    for (int i = 0; i < perIndex; i++) {
      for (int k = 0; k < indexes; k++) {
        mixed.add(byIndex.get(k * perIndex + i));
      }
    }
    return mixed;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run this test through Maven (failsafe)");
    }
    return value;
  }

  private void log(String what) {
    System.out.printf("[real-cluster] %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}
