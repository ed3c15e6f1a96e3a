package io.github.chunkstore.opensearch.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends bulk requests one after another, on its own thread, and records which documents the cluster
 * acknowledged: an item with status 200 or 201 in a bulk response. A document whose item failed, or
 * whose request got no answer, may or may not be there afterwards; only the acknowledged ones must
 * be.
 */
public final class BulkLoader implements Runnable {
  /** One bulk request: documents (id to JSON) for one index. */
  public record Batch(String index, Map<String, String> docs) {}

  private final Rest rest;
  private final List<Batch> batches;
  private final Map<String, Map<String, String>> acknowledged = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> uncertain = new LinkedHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int answeredAtMark = -1;
  private volatile int acknowledgedAfterMark;

  public BulkLoader(Rest rest, List<Batch> batches) {
    this.rest = rest;
    this.batches = batches;
  }

  @Override
  public void run() {
    for (Batch batch : batches) {
      StringBuilder body = new StringBuilder();
      batch
          .docs()
          .forEach(
              (id, json) ->
                  body.append("{\"index\":{\"_id\":\"")
                      .append(id)
                      .append("\"}}\n")
                      .append(json)
                      .append('\n'));
      Map<String, Map<String, Object>> items = new LinkedHashMap<>();
      try {
        Rest.Response response = rest.send("POST", "/" + batch.index() + "/_bulk", body.toString());
        if (response.ok()) {
          items = items(response.body());
        } else {
          errors.add(batch.index() + ": HTTP " + response.status() + " " + response.body());
        }
      } catch (IOException e) {
        errors.add(batch.index() + ": " + e.getMessage());
      }
      int acks = 0;
      synchronized (this) {
        for (Map.Entry<String, String> doc : batch.docs().entrySet()) {
          Map<String, Object> item = items.get(doc.getKey());
          int status = item == null ? 0 : ((Number) item.get("status")).intValue();
          boolean ok = status == 200 || status == 201;
          (ok ? acknowledged : uncertain)
              .computeIfAbsent(batch.index(), k -> new LinkedHashMap<>())
              .put(doc.getKey(), doc.getValue());
          if (ok) {
            acks++;
          } else if (item != null && errors.size() < 20) {
            errors.add(batch.index() + "/" + doc.getKey() + ": " + item.get("error"));
          }
        }
      }
      if (answeredAtMark >= 0 && acks > 0) {
        acknowledgedAfterMark += acks;
      }
      answered.incrementAndGet();
    }
  }

  /** The documents of one index cut into batches of {@code size}, in their order. */
  public static List<Batch> batches(String index, Map<String, String> docs, int size) {
    List<Batch> batches = new ArrayList<>();
    Map<String, String> batch = new LinkedHashMap<>();
    for (Map.Entry<String, String> doc : docs.entrySet()) {
      batch.put(doc.getKey(), doc.getValue());
      if (batch.size() == size) {
        batches.add(new Batch(index, batch));
        batch = new LinkedHashMap<>();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(new Batch(index, batch));
    }
    return batches;
  }

  /** Bulk requests answered (successfully or not) so far. */
  public int answered() {
    return answered.get();
  }

  /** Remembers this moment (a node was killed): acknowledgements after it are counted. */
  public void mark() {
    answeredAtMark = answered.get();
  }

  /** Documents acknowledged in bulk requests answered after {@link #mark}. */
  public int acknowledgedAfterMark() {
    return acknowledgedAfterMark;
  }

  /** Per index, the acknowledged documents. */
  public synchronized Map<String, Map<String, String>> acknowledged() {
    return acknowledged;
  }

  /** Per index, the documents sent but not acknowledged. */
  public synchronized Map<String, Map<String, String>> uncertain() {
    return uncertain;
  }

  public List<String> errors() {
    return errors;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> items(String body) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Object item : (List<Object>) Rest.parse(body).get("items")) {
      Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) item).get("index");
      byId.put((String) result.get("_id"), result);
    }
    return byId;
  }
}
