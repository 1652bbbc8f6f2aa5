package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** path → its operations, read from the indentation of the `paths:` block. */
  static Map<String, List<String>> operations(String yaml) {
    Map<String, List<String>> ops = new LinkedHashMap<>();
    boolean inPaths = false;
    String current = null;
    for (String line : yaml.split("\n")) {
      if (line.equals("paths:")) {
        inPaths = true;
        continue;
      }
      if (inPaths && !line.isEmpty() && !line.startsWith(" ")) break;
      if (!inPaths) continue;
      if (line.matches("  /\\S*:\\s*")) {
        current = line.trim().replaceAll(":$", "");
        ops.put(current, new ArrayList<>());
      } else if (current != null && line.matches("    (get|post|put|patch|delete):\\s*")) {
        ops.get(current).add(line.trim().replaceAll(":$", ""));
      }
    }
    return ops;
  }

  @Test
  void theApiIsDescribedAtOpenapiYaml() {
    var r = server.get("/openapi.yaml");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/yaml"));
    String yaml = r.bodyAsString();
    assertTrue(yaml.startsWith("openapi: 3.0.3"));
    Map<String, List<String>> ops = operations(yaml);
    Map<String, List<String>> foundation = Map.of(
        "/accounts", List.of("post"),
        "/tokens", List.of("post", "get"),
        "/tokens/{tokenId}", List.of("delete"),
        "/groups", List.of("post"),
        "/groups/{group}", List.of("get", "patch"),
        "/groups/{group}/events", List.of("get", "post"),
        "/groups/{group}/organizers", List.of("get", "post"),
        "/events/{event}", List.of("get", "patch"),
        "/events/{event}/cancel", List.of("post"));
    foundation.forEach((path, methods) -> {
      assertTrue(ops.containsKey(path), path + " in " + ops.keySet());
      assertTrue(ops.get(path).containsAll(methods), path + ": " + ops.get(path));
    });
    for (String schema : List.of("Error:", "Account:", "Group:", "Event:", "EventCreate:")) {
      assertTrue(yaml.contains("    " + schema), schema);
    }
  }
}
