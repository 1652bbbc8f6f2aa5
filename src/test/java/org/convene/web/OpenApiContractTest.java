package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * /openapi.yaml is what generated clients and API consoles read: it must be a valid OpenAPI
 * document (checked with Vert.x's own OpenAPI schema validation and reference resolution), and
 * it must describe exactly the /api/v1 operations the server mounts, no more and no fewer.
 */
class OpenApiContractTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  static TestServer server;
  static Vertx vertx;
  static JsonObject document;

  @BeforeAll
  static void load() {
    server = TestServer.start();
    vertx = Vertx.vertx();
    // the document as clients get it, with the server's absolute address
    Map<String, Object> yaml = new Yaml().load(server.get("/openapi.yaml").bodyAsString());
    document = new JsonObject(yaml);
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close();
  }

  @Test
  void theDocumentIsValidOpenApiAndEveryReferenceResolves() throws Exception {
    JsonObject document = OpenApiContractTest.document.copy();
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    assertEquals(OpenAPIVersion.V3_0, version);
    SchemaRepository repo = version.getRepository(vertx, server.baseUrl + "/")
        .await(30, TimeUnit.SECONDS);
    OutputUnit result = version.validateContract(vertx, repo, document).await(30, TimeUnit.SECONDS);
    result.checkValidity();
    JsonObject resolved = version.resolve(vertx, repo, document).await(30, TimeUnit.SECONDS);
    assertTrue(resolved.getJsonObject("paths").size() > 20);
    assertTrue(document.getJsonArray("servers").getJsonObject(0).getString("url")
        .startsWith("http://localhost:"), "an absolute server address");
  }

  @Test
  void everyMountedApiRouteIsDescribedAndEveryDescribedOperationIsMounted() {
    String base = document.getJsonArray("servers").getJsonObject(0).getString("url")
        .replaceFirst("^[a-z]+://[^/]+", "");
    SortedSet<String> described = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!METHODS.contains(method)) continue;
        described.add(method.toUpperCase() + " " + base + path.replaceAll("\\{([^}]+)}", ":$1"));
      }
    }
    SortedSet<String> mounted = new TreeSet<>();
    for (String op : server.app.operations()) if (op.contains(" /api/v1/")) mounted.add(op);
    SortedSet<String> notDescribed = new TreeSet<>(mounted);
    notDescribed.removeAll(described);
    SortedSet<String> notMounted = new TreeSet<>(described);
    notMounted.removeAll(mounted);
    assertEquals(new TreeSet<>(), notDescribed, "mounted but missing from /openapi.yaml");
    assertEquals(new TreeSet<>(), notMounted, "in /openapi.yaml but not mounted");
  }
}
