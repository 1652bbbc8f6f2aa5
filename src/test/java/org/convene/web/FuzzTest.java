package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A hostile neighbour, seeded and bounded: a few thousand requests over every route the server
 * mounts (the API with bodies shaped after /openapi.yaml, every page and every form, signed in
 * and not), with path ids, query parameters, JSON and form fields drawn from hostile text and
 * wrong types. No answer may be a 5xx, carry a stack trace or SQL, or echo hostile markup
 * unescaped; afterwards the server is still ready.
 */
class FuzzTest {
  static final long SEED = 20261201L;
  static final int ROUNDS = 24;
  static final String XSS = "<script>alert(7)</script>";
  static final String XSS_ATTR = "\"><img src=x onerror=alert(7)>";
  static final List<String> HOSTILE = List.of(
      "\u0000", "%00", "a\u0000b@example.org", XSS, XSS_ATTR, "'; DROP TABLE rsvps;--",
      "../../etc/passwd", "{{7*7}}", "${7*7}", "\r\nSet-Cookie: x=y", "BEGIN:VEVENT\r\nX-A:1",
      "A".repeat(20_000), "Zoë 🎉 عربى", "\uD800", "-1", "0", "99999999999999999999", "1e309",
      "null", "true", "[]", "{}", "2026-02-30T25:61", "Mars/Olympus", "", " ", "%", "%zz",
      "x@example.org", "going", "waitlisted", "find_mentor", "javascript:alert(7)",
      "data:text/html,<b>x</b>", "\u202Eevil", "\t\n", "\u0085", "\u001b[31m", "1;2", "::1");
  static final List<String> FORM_FIELDS = List.of("name", "email", "response", "guests", "listed",
      "shareEmail", "headline", "company", "profileUrl", "topics", "goals", "title", "description",
      "startsAt", "endsAt", "timeZone", "venue", "address", "onlineUrl", "capacity",
      "guestsAllowed", "rsvpDeadline", "status", "publish", "slug", "kind", "password", "next",
      "role", "retentionDays", "subject", "body", "audience", "statuses", "code", "token",
      "reminders", "website", "message", "rsvpId");

  static TestServer server;
  static String organizer;
  static Map<String, String> real = new LinkedHashMap<>();
  static JsonObject openapi;

  @BeforeAll
  static void scene() {
    server = TestServer.start(TestDb.fresh(), Map.of());
    organizer = server.organizerToken("fuzz-organizer@example.org");
    server.createGroup(organizer, "fuzz-group");
    JsonObject event = server.createEvent(organizer, "fuzz-group", new JsonObject()
        .put("capacity", 3).put("guestsAllowed", 1));
    String eventId = event.getString("id");
    for (int i = 0; i < 5; i++) {
      server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
          .put("name", "Guest " + i).put("email", "fuzz" + i + "@example.org")
          .put("response", "going").put("listed", true));
    }
    real.put("group", "fuzz-group");
    real.put("event", eventId);
    real.put("token", TestDb.queryOne(server.db, "SELECT token FROM rsvps LIMIT 1"));
    real.put("rsvpId", TestDb.queryOne(server.db, "SELECT id::text FROM rsvps LIMIT 1"));
    real.put("feedToken", TestDb.queryOne(server.db, "SELECT coalesce(max(feed_token), 'none') FROM people"));
    real.put("answer", "accept");
    Map<String, Object> yaml = new Yaml().load(server.get("/openapi.yaml").bodyAsString());
    openapi = new JsonObject(yaml);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void hostileRequestsNeverCostA5xxALeakOrAnUnescapedEcho() {
    Random random = new Random(SEED);
    WebSession signedIn = new WebSession(server);
    assertEquals(302, signedIn.logIn("fuzz-organizer@example.org", "correct horse battery").statusCode());
    WebSession anonymous = new WebSession(server);
    anonymous.get("/");

    List<String> routes = new ArrayList<>(server.app.operations());
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int sent = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (String route : routes) {
        String[] parts = route.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        for (int variant = 0; variant < (parts[1].startsWith("/api/") ? 2 : 1); variant++) {
          String path = fill(parts[1], random) + query(random);
          WebSession session = random.nextBoolean() ? signedIn : anonymous;
          HttpResponse<Buffer> r = send(method, path, parts[1], session, random);
          sent++;
          statuses.merge(r.statusCode(), 1, Integer::sum);
          String problem = check(r);
          if (problem != null && problems.size() < 20) problems.add(method + " " + path + ": " + problem);
        }
      }
    }
    System.out.printf("fuzz: %d requests over %d routes, statuses %s%n", sent, routes.size(), statuses);
    assertTrue(sent >= 2000, "a few thousand requests: " + sent);
    assertEquals(List.of(), problems);
    assertEquals(200, server.get("/ready").statusCode(), "still ready");
    assertEquals(200, server.get("/e/" + real.get("event")).statusCode(), "still serving");
  }

  private static String check(HttpResponse<Buffer> r) {
    if (r.statusCode() >= 500) return "status " + r.statusCode() + " " + abbreviate(r.bodyAsString());
    String body = r.bodyAsString() == null ? "" : r.bodyAsString();
    for (String leak : List.of("Exception", "\tat ", "org.convene.", "PSQL", "SQLSTATE",
        "syntax error at or near", "java.lang", "io.vertx.")) {
      if (body.contains(leak)) return "leaks '" + leak.trim() + "': " + abbreviate(body);
    }
    String type = r.getHeader("Content-Type");
    if (type != null && type.startsWith("text/html")
        && (body.contains(XSS) || body.contains("<img src=x onerror"))) {
      return "echoes markup unescaped";
    }
    return null;
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String template,
                                           WebSession session, Random random) {
    HttpRequest<Buffer> req = server.client().request(method, server.port, "localhost", path)
        .timeout(30_000);
    if (template.startsWith("/api/")) {
      if (random.nextInt(3) > 0) req.putHeader("Authorization", "Bearer " + organizer);
      try {
        if (method == HttpMethod.GET || method == HttpMethod.DELETE) {
          return req.send().await(30, TimeUnit.SECONDS);
        }
        return switch (random.nextInt(6)) {
          case 0 -> req.putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer(pick(HOSTILE, random))).await(30, TimeUnit.SECONDS);
          case 1 -> req.sendForm(form(random, null)).await(30, TimeUnit.SECONDS);
          default -> req.sendJsonObject(body(template, method, random)).await(30, TimeUnit.SECONDS);
        };
      } catch (Exception e) {
        throw new IllegalStateException(method + " " + path, e);
      }
    }
    if (session.cookie("cv_session") != null || random.nextBoolean()) {
      StringBuilder cookies = new StringBuilder();
      for (String name : List.of("cv_session", "cv_csrf")) {
        if (session.cookie(name) != null) {
          cookies.append(cookies.length() == 0 ? "" : "; ").append(name).append('=')
              .append(session.cookie(name));
        }
      }
      if (cookies.length() > 0) req.putHeader("Cookie", cookies.toString());
    }
    try {
      if (method == HttpMethod.POST) {
        return req.sendForm(form(random, random.nextInt(4) > 0 ? session.csrf() : null))
            .await(30, TimeUnit.SECONDS);
      }
      return req.send().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path, e);
    }
  }

  /** Path parameters: mostly the scene's real ids (to get past the lookups), else hostile text. */
  private static String fill(String template, Random random) {
    List<String> segments = new ArrayList<>();
    for (String seg : template.split("/", -1)) {
      if (!seg.startsWith(":")) {
        segments.add(seg);
        continue;
      }
      String name = seg.substring(1);
      String value = random.nextInt(3) > 0 && real.containsKey(name) ? real.get(name)
          : random.nextInt(4) == 0 ? real.getOrDefault("event", "x") : pick(HOSTILE, random);
      segments.add(URLEncoder.encode(value.length() > 200 ? value.substring(0, 200) : value,
          StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("/", segments);
  }

  private static String query(Random random) {
    if (random.nextInt(3) > 0) return "";
    String name = pick(List.of("next", "limit", "after", "token", "welcome", "saved", "notice",
        "scope", "dryRun", pick(HOSTILE, random)), random);
    String value = pick(HOSTILE, random);
    return "?" + URLEncoder.encode(name.length() > 50 ? name.substring(0, 50) : name,
        StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.length() > 500
        ? value.substring(0, 500) : value, StandardCharsets.UTF_8);
  }

  private static MultiMap form(Random random, String csrf) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    if (csrf != null) form.add("_csrf", csrf);
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) form.add(pick(FORM_FIELDS, random), pick(HOSTILE, random));
    return form;
  }

  /** A JSON body with the operation's own fields (from /openapi.yaml), given hostile values. */
  private static JsonObject body(String template, HttpMethod method, Random random) {
    List<String> fields = schemaFields(template, method);
    if (fields.isEmpty()) fields = FORM_FIELDS;
    JsonObject body = new JsonObject();
    int n = 1 + random.nextInt(Math.min(8, fields.size()));
    for (int i = 0; i < n; i++) body.put(pick(fields, random), value(random, 0));
    return body;
  }

  private static Object value(Random random, int depth) {
    return switch (random.nextInt(depth > 1 ? 5 : 8)) {
      case 0 -> random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(200) - 100;
      case 1 -> random.nextBoolean();
      case 2 -> null;
      case 3 -> random.nextDouble() * 1e12;
      case 5 -> new JsonArray().add(value(random, depth + 1)).add(pick(HOSTILE, random));
      case 6 -> new JsonObject().put(pick(FORM_FIELDS, random), value(random, depth + 1))
          .put("goals", new JsonArray().add(pick(HOSTILE, random)));
      default -> pick(HOSTILE, random);
    };
  }

  private static List<String> schemaFields(String template, HttpMethod method) {
    String path = template.replaceFirst("^/api/v1", "").replaceAll(":([A-Za-z]+)", "{$1}");
    JsonObject op = openapi.getJsonObject("paths").getJsonObject(path) == null ? null
        : openapi.getJsonObject("paths").getJsonObject(path)
            .getJsonObject(method.name().toLowerCase());
    if (op == null || op.getJsonObject("requestBody") == null) return List.of();
    JsonObject content = op.getJsonObject("requestBody").getJsonObject("content");
    JsonObject media = content == null ? null : content.getJsonObject("application/json");
    JsonObject schema = media == null ? null : media.getJsonObject("schema");
    if (schema != null && schema.getString("$ref") != null) {
      String name = schema.getString("$ref").replaceFirst("^#/components/schemas/", "");
      schema = openapi.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }
    if (schema == null || schema.getJsonObject("properties") == null) return List.of();
    return new ArrayList<>(schema.getJsonObject("properties").fieldNames());
  }

  private static <T> T pick(List<T> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
