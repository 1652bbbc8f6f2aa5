package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.stream.Collectors;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class WebBasicsTest {
  static TestServer server;
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  static Level accessLevel;

  @BeforeAll
  static void start() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger access = (Logger) LoggerFactory.getLogger("convene.access");
    accessLevel = access.getLevel();
    access.setLevel(Level.INFO);
    logs.start();
    root.addAppender(logs);
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("convene.access")).setLevel(accessLevel);
  }

  private static String logText() {
    // ListAppender appends under the appender's own lock (AppenderBase.doAppend), not the list's
    synchronized (logs) {
      return logs.list.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
          .collect(Collectors.joining("\n"));
    }
  }

  private static List<String> accessLines() {
    synchronized (logs) {
      return logs.list.stream().filter(e -> e.getLoggerName().equals("convene.access"))
          .map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The access log line is written when the response ends, which may trail the client a little. */
  private static String awaitAccessLine(String prefix) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (String line : accessLines()) if (line.startsWith(prefix)) return line;
      Thread.sleep(20);
    }
    throw new AssertionError("no access log line starting with '" + prefix + "' in " + accessLines());
  }

  @Test
  void healthAndReadinessAnswer(Vertx vertx, VertxTestContext test) {
    WebClient client = WebClient.create(vertx);
    client.get(server.port, "localhost", "/health").send()
        .compose(health -> {
          test.verify(() -> assertEquals(200, health.statusCode()));
          return client.get(server.port, "localhost", "/ready").send();
        })
        .onComplete(test.succeeding(ready -> test.verify(() -> {
          assertEquals(200, ready.statusCode());
          assertEquals("ready", ready.bodyAsJsonObject().getString("status"));
          test.completeNow();
        })));
  }

  @Test
  void unknownRoutesAre404AsJsonUnderTheApiAndAsAPageElsewhere(Vertx vertx, VertxTestContext test) {
    WebClient client = WebClient.create(vertx);
    client.get(server.port, "localhost", "/api/v1/nothing-here").send()
        .compose(api -> {
          test.verify(() -> {
            assertEquals(404, api.statusCode());
            assertTrue(api.getHeader("Content-Type").startsWith("application/json"));
            assertEquals("not_found", api.bodyAsJsonObject().getString("error"));
            assertTrue(api.bodyAsJsonObject().containsKey("details"));
          });
          return client.get(server.port, "localhost", "/no/such/page").send();
        })
        .onComplete(test.succeeding(web -> test.verify(() -> {
          assertEquals(404, web.statusCode());
          assertTrue(web.getHeader("Content-Type").startsWith("text/html"));
          assertTrue(web.bodyAsString().contains("Page not found"));
          assertTrue(web.bodyAsString().contains("<title>Page not found · Convene</title>"));
          test.completeNow();
        })));
  }

  @Test
  void unknownGroupsAndEventsAre404() {
    assertEquals(404, server.get("/g/nope-nope").statusCode());
    assertEquals(404, server.get("/e/AAAAAAAAAAAAAAAAAAAAAA").statusCode());
    assertEquals(404, server.get("/e/..%2F..%2Fetc").statusCode());
    assertEquals(404, server.get("/api/v1/events/AAAAAAAAAAAAAAAAAAAAAA").statusCode());
    assertEquals(404, server.get("/api/v1/groups/nope-nope").statusCode());
  }

  @Test
  void pagesCarrySecurityHeaders() {
    var r = server.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", r.getHeader("X-Frame-Options"));
    assertTrue(r.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertTrue(r.getHeader("Content-Type").startsWith("text/html; charset=utf-8"));
    var css = server.get("/static/css/app.css");
    assertEquals(200, css.statusCode());
  }

  @Test
  void anonymousPublicPagesSetNoSessionCookie() {
    var r = server.get("/");
    assertFalse(r.headers().getAll("Set-Cookie").stream().anyMatch(c -> c.startsWith("cv_session")));
  }

  @Test
  void metricsCountRequestsByRouteAndShowThePool() {
    String token = server.organizerToken("metrics@example.org");
    server.createGroup(token, "metrics-group");
    server.get("/g/metrics-group");
    server.get("/does-not-exist");
    assertEquals(401, server.get("/metrics").statusCode(), "metrics only with METRICS_TOKEN");
    assertEquals(401, server.get("/metrics", "Authorization", "Bearer wrong").statusCode());
    var r = server.get("/metrics", "Authorization", "Bearer " + TestServer.METRICS_TOKEN);
    assertEquals(200, r.statusCode());
    String m = r.bodyAsString();
    assertTrue(m.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/g/:group\"}"),
        "requests by route template, not by path");
    assertFalse(m.contains("route=\"/g/metrics-group\""));
    assertTrue(m.contains("vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/api/v1/groups\"}"));
    assertTrue(m.contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\",route=\"/g/:group\",le=\"0.1\"}"),
        "latency histogram");
    assertTrue(m.contains("vertx_http_server_active_connections "), "open connections");
    assertTrue(m.contains("vertx_pool_in_use{pool_name=\"convene-db\",pool_type=\"sql\"}"), "pool use");
    assertTrue(m.contains("vertx_pool_queue_pending{pool_name=\"convene-db\",pool_type=\"sql\"}"));
    assertTrue(m.length() < 300_000, "a scrape stays small: " + m.length() + " bytes");
  }

  @Test
  void everyRequestIsLoggedOnceWithoutSecretsOrQueryStrings() throws Exception {
    server.get("/login?next=%2Forganize&email=leak%40example.org");
    String line = awaitAccessLine("GET /login");
    assertTrue(line.matches("GET /login 200 \\d+ms"), line);
    server.get("/r/SECRETrsvpTOKEN123456/people");
    String redacted = awaitAccessLine("GET /r/");
    assertTrue(redacted.matches("GET /r/…/people 404 \\d+ms"), redacted);
    server.get("/feeds/FEEDsecret9876543/calendar.ics");
    awaitAccessLine("GET /feeds/…/calendar.ics");

    server.postJson("/api/v1/accounts", new JsonObject().put("email", "secretive@example.org")
        .put("password", "my very secret passphrase").put("name", "Secretive"));
    var token = server.postJson("/api/v1/tokens", new JsonObject().put("email", "secretive@example.org")
        .put("password", "my very secret passphrase")).bodyAsJsonObject().getString("token");
    server.get("/api/v1/tokens", "Authorization", "Bearer " + token);
    awaitAccessLine("GET /api/v1/tokens 200");
    WebSession web = new WebSession(server);
    web.logIn("secretive@example.org", "wrong secret passphrase");
    awaitAccessLine("POST /login 401");
    assertEquals(1, accessLines().stream().filter(l -> l.startsWith("GET /api/v1/tokens")).count());
    String all = logText();
    assertFalse(all.contains("example.org"), all);
    assertFalse(all.contains("secret passphrase"), all);
    assertFalse(all.contains(token), all);
    assertFalse(all.contains("SECRETrsvpTOKEN"), all);
  }

  @Test
  void anUnexpectedFailureShowsNoStackTraceAndLogsNoEmail() throws Exception {
    // a database that refuses new accounts with a message quoting the email, as constraint
    // violations do
    var db = TestDb.fresh();
    TestDb.execute(db, """
        CREATE FUNCTION refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'refused account for %', NEW.email; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION refuse();""");
    try (TestServer broken = TestServer.start(db, java.util.Map.of())) {
      var api = broken.postJson("/api/v1/accounts", new JsonObject()
          .put("email", "victim@example.org").put("password", "a long passphrase").put("name", "V"));
      assertEquals(500, api.statusCode());
      assertEquals("internal_error", api.bodyAsJsonObject().getString("error"));
      assertFalse(api.bodyAsString().contains("refused"));
      assertFalse(api.bodyAsString().contains("at org."));

      WebSession web = new WebSession(broken);
      var page = web.signUp("victim@example.org", "V", "a long passphrase");
      assertEquals(500, page.statusCode());
      assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
      assertTrue(page.bodyAsString().contains("Something went wrong"));
      assertFalse(page.bodyAsString().contains("refused"));
      assertFalse(page.bodyAsString().contains("Exception"));
    }
    String all = logText();
    assertTrue(all.contains("Unexpected failure on POST /api/v1/accounts"), all);
    assertTrue(all.contains("refused account for <email>"), all);
    assertFalse(all.contains("victim@example.org"), all);
  }

  @Test
  void apiErrorsHaveOneShape() {
    var r = server.postJson("/api/v1/groups", new JsonObject(), "Authorization", "Bearer nonsense");
    assertEquals(401, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertTrue(body.containsKey("error") && body.containsKey("message") && body.containsKey("details"));
    var wrongType = server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/accounts", null,
        "Content-Type", "text/plain");
    assertEquals(415, wrongType.statusCode());
  }
}
