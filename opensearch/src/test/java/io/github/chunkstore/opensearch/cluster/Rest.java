package io.github.chunkstore.opensearch.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;

/**
 * JSON over HTTP to one node, with the JDK's client: the real-cluster test and the measurement talk
 * to the nodes only as a user would, through the REST API. Every call has a timeout, and a failure
 * names the request, so a stuck or refusing node shows up as a message, not a hang.
 */
public final class Rest {
  /** A response: its HTTP status and body. */
  public record Response(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final String base;
  private final Duration timeout;

  /** A client of the node whose HTTP port is {@code port} on loopback. */
  public Rest(int port, Duration timeout) {
    // HTTP/1.1 as OpenSearch speaks it: no attempt to upgrade each new connection to HTTP/2.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.base = "http://127.0.0.1:" + port;
    this.timeout = timeout;
  }

  public String base() {
    return base;
  }

  /** Sends a request; a body is sent as JSON, or as NDJSON when the path is a bulk request. */
  public Response send(String method, String path, String body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String type = path.contains("_bulk") ? "application/x-ndjson" : "application/json";
      request
          .header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new IOException(method + " " + base + path + ": no answer within " + timeout, e);
    } catch (IOException e) {
      // The JDK's message alone ("header parser received no bytes") does not say which node.
      throw new IOException(method + " " + base + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(method + " " + base + path + ": interrupted", e);
    }
  }

  /** Sends a request that must succeed (2xx) and returns its body as a JSON object. */
  public Map<String, Object> json(String method, String path, String body) throws IOException {
    return parse(expectOk(method, path, body));
  }

  /** Sends a request that must succeed (2xx) and returns its body, a JSON array of objects. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> jsonList(String method, String path) throws IOException {
    Map<String, Object> wrapped = parse("{\"list\":" + expectOk(method, path, null) + "}");
    return (List<Map<String, Object>>) wrapped.get("list");
  }

  private String expectOk(String method, String path, String body) throws IOException {
    Response response = send(method, path, body);
    if (!response.ok()) {
      throw new IOException(
          method + " " + base + path + " answered " + response.status() + ": " + response.body());
    }
    return response.body();
  }

  /** Parses a JSON object into maps, lists, strings, numbers and booleans. */
  public static Map<String, Object> parse(String json) {
    return XContentHelper.convertToMap(XContentType.JSON.xContent(), json, false);
  }
}
