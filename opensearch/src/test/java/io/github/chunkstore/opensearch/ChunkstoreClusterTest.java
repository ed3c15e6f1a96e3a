package io.github.chunkstore.opensearch;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.cluster.snapshots.create.CreateSnapshotResponse;
import org.opensearch.action.admin.cluster.snapshots.restore.RestoreSnapshotResponse;
import org.opensearch.action.admin.indices.forcemerge.ForceMergeResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequestBuilder;
import org.opensearch.action.get.MultiGetResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * Three nodes in this JVM with the plugin: an index per Chunkstore mode and one with {@code
 * index.codec: default}, each with one replica, through indexing, reads, updates, deletes, a force
 * merge, peer recovery, a node restart and a snapshot restored into new indexes. After each step
 * every shard copy is checked on its node: every segment records the codec jar's SPI name and, for
 * Chunkstore, the index's mode; the live documents' {@code _source} equal what was indexed; the
 * segments pass Lucene's checks.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 3)
public class ChunkstoreClusterTest extends OpenSearchIntegTestCase {
  private static final int DOCS = 1000;
  private static final String MAPPING = "{\"properties\":{\"suggest\":{\"type\":\"completion\"}}}";

  @Override
  protected Collection<Class<? extends Plugin>> nodePlugins() {
    return List.of(ChunkstorePlugin.class);
  }

  public void testIndexesOfEveryModeThroughTheirLifecycle() throws Exception {
    Map<String, String> rows = GeoNamesDocs.load(DOCS);
    Map<String, Optional<ChunkstoreCodec.Mode>> modes = new LinkedHashMap<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      modes.put("idx_" + ChunkstoreModes.codecValue(mode), Optional.of(mode));
    }
    modes.put("idx_default", Optional.empty());
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();

    for (Map.Entry<String, Optional<ChunkstoreCodec.Mode>> e : modes.entrySet()) {
      String index = e.getKey();
      String codec = e.getValue().map(ChunkstoreModes::codecValue).orElse("default");
      assertAcked(
          prepareCreate(index)
              .setSettings(
                  Settings.builder()
                      .put("index.codec", codec)
                      .put("index.number_of_shards", 1)
                      .put("index.number_of_replicas", 1))
              .setMapping(MAPPING));
      expected.put(index, new LinkedHashMap<>(rows));
      bulkIndex(index, rows);
    }
    ensureGreen(modes.keySet().toArray(new String[0]));
    checkEverything("bulk load", modes, expected);

    for (String index : modes.keySet()) {
      Map<String, String> docs = expected.get(index);
      List<String> ids = new ArrayList<>(docs.keySet());
      for (int i = 0; i < 50; i++) {
        String id = ids.get(i * 7);
        String changed = GeoNamesDocs.withPopulation(docs.get(id), 1_000_000L + i);
        client().prepareIndex(index).setId(id).setSource(changed, XContentType.JSON).get();
        docs.put(id, changed);
      }
      for (int i = 0; i < 30; i++) {
        String id = ids.get(i * 11 + 3);
        if (docs.remove(id) != null) {
          assertEquals("DELETED", client().prepareDelete(index, id).get().getResult().name());
        }
      }
      // A partial update: OpenSearch merges it into the stored _source and stores the result.
      String id = ids.get(999);
      client()
          .prepareUpdate(index, id)
          .setDoc("{\"timezone\":\"Etc/UTC\"}", XContentType.JSON)
          .get();
      GetResponse updated = client().prepareGet(index, id).get();
      assertEquals("Etc/UTC", updated.getSourceAsMap().get("timezone"));
      docs.put(id, updated.getSourceAsString());
    }
    refresh();
    checkEverything("updates and deletes", modes, expected);

    for (String index : modes.keySet()) {
      ForceMergeResponse merged =
          client()
              .admin()
              .indices()
              .prepareForceMerge(index)
              .setMaxNumSegments(1)
              .setFlush(true)
              .get();
      assertEquals(0, merged.getFailedShards());
    }
    refresh();
    checkEverything("force merge", modes, expected);
    for (String index : modes.keySet()) {
      for (IndexShard shard : copies(index)) {
        try (Engine.Searcher searcher = shard.acquireSearcher("chunkstore-test")) {
          assertEquals(
              shard.shardId() + " after force merge", 1, searcher.getIndexReader().leaves().size());
        }
      }
    }

    // Peer recovery: every index leaves the node that holds its primary.
    for (String index : modes.keySet()) {
      String from = nodeOfPrimary(index);
      assertAcked(
          client()
              .admin()
              .indices()
              .prepareUpdateSettings(index)
              .setSettings(Settings.builder().put("index.routing.allocation.exclude._name", from)));
      ensureGreen(index);
      assertBusy(() -> assertFalse(index + " still on " + from, nodesOf(index).contains(from)));
      ensureGreen(index);
    }
    checkEverything("peer recovery", modes, expected);

    flush();
    String restarted = nodeOfPrimary(modes.keySet().iterator().next());
    internalCluster().restartNode(restarted);
    ensureGreen(modes.keySet().toArray(new String[0]));
    checkEverything("restart of " + restarted, modes, expected);
    // The restarted node opened its copy from disk: Lucene found the codec by the recorded name.
    String first = modes.keySet().iterator().next();
    IndicesService onRestarted = internalCluster().getInstance(IndicesService.class, restarted);
    int reopened = 0;
    for (IndexService service : onRestarted) {
      if (service.index().getName().equals(first)) {
        for (IndexShard shard : service) {
          try (Engine.Searcher searcher = shard.acquireSearcher("chunkstore-test")) {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
              Codec codec = Lucene.segmentReader(leaf.reader()).getSegmentInfo().info.getCodec();
              assertTrue(restarted + " " + codec, codec instanceof ChunkstoreCodec);
              reopened++;
            }
          }
        }
      }
    }
    assertTrue("no segment of " + first + " on " + restarted, reopened > 0);

    createRepository("fs_repo", "fs", Settings.builder().put("location", randomRepoPath()));
    CreateSnapshotResponse snapshot =
        client()
            .admin()
            .cluster()
            .prepareCreateSnapshot("fs_repo", "snap")
            .setIndices(modes.keySet().toArray(new String[0]))
            .setWaitForCompletion(true)
            .get();
    assertEquals(0, snapshot.getSnapshotInfo().failedShards());
    assertEquals(modes.size(), snapshot.getSnapshotInfo().successfulShards());
    RestoreSnapshotResponse restore =
        client()
            .admin()
            .cluster()
            .prepareRestoreSnapshot("fs_repo", "snap")
            .setIndices(modes.keySet().toArray(new String[0]))
            .setRenamePattern("idx_(.+)")
            .setRenameReplacement("restored_$1")
            .setWaitForCompletion(true)
            .get();
    assertEquals(0, restore.getRestoreInfo().failedShards());
    Map<String, Optional<ChunkstoreCodec.Mode>> restored = new LinkedHashMap<>();
    for (Map.Entry<String, Optional<ChunkstoreCodec.Mode>> e : modes.entrySet()) {
      String name = e.getKey().replaceFirst("^idx_", "restored_");
      restored.put(name, e.getValue());
      expected.put(name, expected.get(e.getKey()));
    }
    ensureGreen(restored.keySet().toArray(new String[0]));
    checkEverything("snapshot restore", restored, expected);
    checkEverything("beside the restored indexes", modes, expected);
  }

  public void testUnknownValuesAndSettingsAreRefused() {
    String unknown =
        refusal(Settings.builder().put("index.codec", "chunkstore_fastest").build(), "bad1");
    assertTrue(unknown, unknown.contains("unknown value for [index.codec]"));
    assertTrue(unknown, unknown.contains("chunkstore_fastest"));
    String level =
        refusal(
            Settings.builder()
                .put("index.codec", "chunkstore_best_compression")
                .put("index.codec.compression_level", 3)
                .build(),
            "bad2");
    assertTrue(level, level.contains("Compression level cannot be set"));
  }

  private String refusal(Settings settings, String index) {
    Exception e =
        expectThrows(Exception.class, () -> prepareCreate(index).setSettings(settings).get());
    assertFalse(indexExists(index));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append(" / ");
    }
    assertNotNull(ExceptionsHelper.unwrapCause(e));
    return messages.toString();
  }

  private void bulkIndex(String index, Map<String, String> docs) {
    List<Map.Entry<String, String>> all = new ArrayList<>(docs.entrySet());
    for (int from = 0; from < all.size(); from += 250) {
      BulkRequestBuilder bulk = client().prepareBulk();
      for (Map.Entry<String, String> d : all.subList(from, Math.min(all.size(), from + 250))) {
        bulk.add(
            client()
                .prepareIndex(index)
                .setId(d.getKey())
                .setSource(d.getValue(), XContentType.JSON));
      }
      BulkResponse response = bulk.get();
      assertFalse(response.buildFailureMessage(), response.hasFailures());
    }
    refresh(index);
  }

  /** The reads through the REST-level actions, then every shard copy on its node. */
  private void checkEverything(
      String step,
      Map<String, Optional<ChunkstoreCodec.Mode>> modes,
      Map<String, Map<String, String>> expected)
      throws Exception {
    for (Map.Entry<String, Optional<ChunkstoreCodec.Mode>> e : modes.entrySet()) {
      String index = e.getKey();
      Map<String, String> docs = expected.get(index);
      checkReads(step, index, docs);
      List<IndexShard> copies = copies(index);
      assertEquals(step + ": copies of " + index, 2, copies.size());
      for (IndexShard shard : copies) {
        checkCopy(step, shard, e.getValue(), docs);
      }
    }
    logger.info("chunkstore: [{}] checked {}", step, modes.keySet());
  }

  private void checkReads(String step, String index, Map<String, String> docs) {
    SearchResponse all =
        client()
            .prepareSearch(index)
            .setQuery(QueryBuilders.matchAllQuery())
            .setSize(docs.size() + 10)
            .get();
    assertEquals(step + " " + index, docs.size(), all.getHits().getTotalHits().value());
    for (SearchHit hit : all.getHits().getHits()) {
      assertEquals(
          step + " " + index + " search " + hit.getId(),
          docs.get(hit.getId()),
          hit.getSourceAsString());
    }
    List<String> ids = new ArrayList<>(docs.keySet());
    MultiGetRequestBuilder mget = client().prepareMultiGet();
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = ids.get(random().nextInt(ids.size()));
      asked.add(id);
      mget.add(index, id);
    }
    MultiGetResponse got = mget.get();
    for (int i = 0; i < asked.size(); i++) {
      MultiGetItemResponse item = got.getResponses()[i];
      assertFalse(step + " mget", item.isFailed());
      assertEquals(
          step + " " + index + " mget " + asked.get(i),
          docs.get(asked.get(i)),
          item.getResponse().getSourceAsString());
    }
    String id = ids.get(random().nextInt(ids.size()));
    for (String preference : new String[] {"_primary", "_replica"}) {
      GetResponse get =
          client().prepareGet(index, id).setPreference(preference).setRealtime(false).get();
      assertEquals(
          step + " " + index + " get " + id + " " + preference,
          docs.get(id),
          get.getSourceAsString());
    }
    SearchResponse byName =
        client()
            .prepareSearch(index)
            .setQuery(QueryBuilders.termQuery("geonameid", Long.parseLong(id)))
            .get();
    assertEquals(1, byName.getHits().getTotalHits().value());
    assertEquals(docs.get(id), byName.getHits().getAt(0).getSourceAsString());
  }

  /** Reads the copy's own segments on its node: codec, mode, checks, and every live _source. */
  private void checkCopy(
      String step, IndexShard shard, Optional<ChunkstoreCodec.Mode> mode, Map<String, String> docs)
      throws Exception {
    String where = step + ": " + shard.shardId() + " " + shard.routingEntry();
    Set<String> sources = new HashSet<>();
    int live = 0;
    int completionSegments = 0;
    try (Engine.Searcher searcher = shard.acquireSearcher("chunkstore-test")) {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        SegmentReader segment = Lucene.segmentReader(leaf.reader());
        Codec codec = segment.getSegmentInfo().info.getCodec();
        Optional<ChunkstoreStats> stats = ChunkstoreStats.of(segment.getFieldsReader());
        if (mode.isPresent()) {
          assertEquals(where, ChunkstoreCodec.NAME, codec.getName());
          assertTrue(where + " " + segment, stats.isPresent());
          assertEquals(where + " " + segment, mode.get(), stats.get().mode());
        } else {
          assertNotEquals(where, ChunkstoreCodec.NAME, codec.getName());
          assertFalse(where, stats.isPresent());
        }
        // A segment of delete tombstones only has no suggest field.
        FieldInfo suggest = segment.getFieldInfos().fieldInfo("suggest");
        if (suggest != null) {
          String postings = suggest.getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY);
          assertTrue(where + ": suggest postings " + postings, postings.startsWith("Completion"));
          completionSegments++;
        }
        segment.checkIntegrity();
        TestUtil.checkReader(segment);

        LeafReader reader = leaf.reader();
        Bits liveDocs = reader.getLiveDocs();
        StoredFields stored = reader.storedFields();
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
          if (liveDocs != null && !liveDocs.get(doc)) {
            continue;
          }
          BytesRef source = stored.document(doc).getBinaryValue("_source");
          assertNotNull(where + " doc " + doc, source);
          sources.add(source.utf8ToString());
          live++;
        }
      }
    }
    assertEquals(where, docs.size(), live);
    assertTrue(where + ": no segment with the completion field", completionSegments > 0);
    assertEquals(where, new HashSet<>(docs.values()), sources);
  }

  private List<IndexShard> copies(String index) {
    List<IndexShard> shards = new ArrayList<>();
    for (IndicesService indices : internalCluster().getInstances(IndicesService.class)) {
      for (IndexService service : indices) {
        if (service.index().getName().equals(index)) {
          for (IndexShard shard : service) {
            if (shard.routingEntry().started()) {
              shards.add(shard);
            }
          }
        }
      }
    }
    return shards;
  }

  private String nodeOfPrimary(String index) {
    ClusterState state = clusterService().state();
    ShardRouting primary = state.routingTable().index(index).shard(0).primaryShard();
    return state.nodes().get(primary.currentNodeId()).getName();
  }

  private Set<String> nodesOf(String index) {
    ClusterState state = clusterService().state();
    Set<String> nodes = new HashSet<>();
    for (ShardRouting copy : state.routingTable().index(index).shard(0)) {
      nodes.add(state.nodes().get(copy.currentNodeId()).getName());
    }
    return nodes;
  }
}
