package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishEventTest {
  static TestServer server;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("olga@example.org");
    server.createGroup(token, "berlin-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPublishedEventIsVisibleToStrangersInItsLocalTime() {
    JsonObject e = server.createEvent(token, "berlin-alumni", new JsonObject());
    assertEquals("2030-01-15T17:30:00Z", e.getString("startsAtUtc"));
    String page = server.get("/e/" + e.getString("id")).bodyAsString();
    assertTrue(page.contains("Tue 15 Jan 2030, 18:30–21:00 (Berlin time)"), page);
    assertTrue(server.get("/").bodyAsString().contains("/e/" + e.getString("id")));
    assertTrue(server.get("/g/berlin-alumni").bodyAsString().contains("Winter mixer"));
  }

  @Test
  void aDraftIsNotFoundForStrangers() {
    JsonObject e = server.createEvent(token, "berlin-alumni", new JsonObject().put("status", "draft"));
    assertEquals(404, server.get("/e/" + e.getString("id")).statusCode());
    assertEquals(404, server.get("/api/v1/events/" + e.getString("id")).statusCode());
    assertEquals(200, server.get("/api/v1/events/" + e.getString("id"),
        "Authorization", "Bearer " + token).statusCode());
  }
}
