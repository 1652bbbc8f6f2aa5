package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventsApiTest {
  static TestServer server;
  static String token;
  static String auth;
  static String strangerAuth;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("eva@example.org");
    auth = "Bearer " + token;
    strangerAuth = "Bearer " + server.organizerToken("mallory@example.org");
    server.createGroup(token, "paris-alumni");
    server.createGroup(strangerAuth.substring(7), "mallory-club");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject event() {
    return new JsonObject().put("title", "Rooftop drinks").put("description", "Bring a friend")
        .put("startsAt", "2030-06-12T19:00").put("endsAt", "2030-06-12T22:30")
        .put("timeZone", "Europe/Paris").put("venue", "Le Toit").put("address", "1 rue X")
        .put("onlineUrl", "https://meet.example.org/rooftop").put("capacity", 50)
        .put("guestsAllowed", 1).put("rsvpDeadline", "2030-06-11T12:00").put("status", "published");
  }

  private static JsonObject details(io.vertx.ext.web.client.HttpResponse<?> r) {
    return ((io.vertx.core.buffer.Buffer) r.body()).toJsonObject().getJsonObject("details");
  }

  @Test
  void anEventCarriesEveryContractField() {
    var r = server.postJson("/api/v1/groups/paris-alumni/events", event(), "Authorization", auth);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject e = r.bodyAsJsonObject();
    String id = e.getString("id");
    assertEquals("Rooftop drinks", e.getString("title"));
    assertEquals("Bring a friend", e.getString("description"));
    assertEquals("2030-06-12T19:00", e.getString("startsAt"));
    assertEquals("2030-06-12T22:30", e.getString("endsAt"));
    assertEquals("2030-06-12T17:00:00Z", e.getString("startsAtUtc"));
    assertEquals("2030-06-12T20:30:00Z", e.getString("endsAtUtc"));
    assertEquals("Europe/Paris", e.getString("timeZone"));
    assertEquals("Le Toit", e.getString("venue"));
    assertEquals("1 rue X", e.getString("address"));
    assertEquals("https://meet.example.org/rooftop", e.getString("onlineUrl"));
    assertEquals(50, e.getInteger("capacity"));
    assertEquals(50, e.getInteger("seatsLeft"));
    assertEquals(1, e.getInteger("guestsAllowed"));
    assertEquals("2030-06-11T12:00", e.getString("rsvpDeadline"));
    assertEquals("published", e.getString("status"));
    assertEquals(server.baseUrl + "/e/" + id, e.getString("url"));
    assertEquals(server.baseUrl + "/e/" + id + "/event.ics", e.getString("icsUrl"));

    JsonObject pub = server.get("/api/v1/events/" + id).bodyAsJsonObject();
    assertEquals("Rooftop drinks", pub.getString("title"));
    assertNull(pub.getString("onlineUrl"), "the public does not get the online link");
    assertTrue(pub.getBoolean("hasOnlineUrl"));
    JsonArray list = server.get("/api/v1/groups/paris-alumni/events").bodyAsJsonObject()
        .getJsonArray("events");
    assertTrue(list.stream().anyMatch(o -> id.equals(((JsonObject) o).getString("id"))));
  }

  @Test
  void eventIdsAreUnguessable() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String id = server.createEvent(token, "paris-alumni", new JsonObject()).getString("id");
      assertTrue(id.matches("[A-Za-z0-9_-]{22,}"), id);
      ids.add(id);
    }
    assertEquals(5, ids.size());
  }

  @Test
  void validationNamesEachBadField() {
    var r = server.postJson("/api/v1/groups/paris-alumni/events", event()
        .put("endsAt", "2030-06-12T18:00").put("timeZone", "Europe/Pariss").put("capacity", 0)
        .put("onlineUrl", "javascript:alert(1)").put("title", "x".repeat(201)),
        "Authorization", auth);
    assertEquals(400, r.statusCode());
    JsonObject d = details(r);
    assertTrue(d.containsKey("timeZone"), d.encode());
    assertTrue(d.containsKey("capacity"), d.encode());
    assertTrue(d.containsKey("onlineUrl"), d.encode());
    assertTrue(d.containsKey("title"), d.encode());
    var order = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("endsAt", "2030-06-12T18:00"), "Authorization", auth);
    assertEquals("The end must be after the start.", details(order).getString("endsAt"));
    var deadline = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("rsvpDeadline", "2030-06-13T09:00"), "Authorization", auth);
    assertTrue(details(deadline).containsKey("rsvpDeadline"));
  }

  @Test
  void unknownFieldsAndWrongTypesAre400NamingTheField() {
    var unknown = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("price", 10), "Authorization", auth);
    assertEquals(400, unknown.statusCode());
    assertEquals("unknown field", details(unknown).getString("price"));
    var type = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("capacity", "fifty"), "Authorization", auth);
    assertEquals(400, type.statusCode());
    assertEquals("must be a whole number", details(type).getString("capacity"));
    var title = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("title", new JsonObject()), "Authorization", auth);
    assertEquals("must be a string", details(title).getString("title"));
    var fraction = server.postJson("/api/v1/groups/paris-alumni/events",
        event().put("guestsAllowed", 1.5), "Authorization", auth);
    assertTrue(details(fraction).containsKey("guestsAllowed"));
    var notJson = server.send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/groups/paris-alumni/events", null, "Authorization", auth,
        "Content-Type", "application/json");
    assertEquals(400, notJson.statusCode());
  }

  @Test
  void aSpringForwardGapIsRefusedAndAFallBackTimeTakesTheEarlierOffset() {
    var gap = server.postJson("/api/v1/groups/paris-alumni/events", event()
        .put("startsAt", "2030-03-31T02:15").put("endsAt", "2030-03-31T04:00")
        .put("rsvpDeadline", null), "Authorization", auth);
    assertEquals(400, gap.statusCode());
    assertTrue(details(gap).getString("startsAt").contains("does not exist"));

    JsonObject fallBack = server.createEvent(token, "paris-alumni", new JsonObject()
        .put("startsAt", "2030-10-27T02:30").put("endsAt", "2030-10-27T03:30")
        .put("timeZone", "Europe/Paris"));
    assertEquals("2030-10-27T00:30:00Z", fallBack.getString("startsAtUtc"), "CEST, +02:00");
    assertEquals("2030-10-27T02:30", fallBack.getString("startsAt"));
    assertEquals("2030-10-27T02:30:00Z", fallBack.getString("endsAtUtc"), "03:30 CET");
    // stored as the instant plus the zone, not as a wall-clock time
    assertEquals("2030-10-27 00:30:00 Europe/Paris", org.convene.TestDb.queryOne(server.db,
        "SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' ' || time_zone"
            + " FROM events WHERE id = '" + fallBack.getString("id") + "'"));
  }

  @Test
  void draftsAreNotFoundByAnyoneButTheOrganizers() {
    String id = server.createEvent(token, "paris-alumni", new JsonObject().put("status", "draft")
        .put("title", "Secret plans")).getString("id");
    assertEquals(404, server.get("/api/v1/events/" + id).statusCode());
    assertEquals(404, server.get("/api/v1/events/" + id, "Authorization", strangerAuth).statusCode());
    assertEquals(404, server.get("/e/" + id).statusCode());
    assertEquals(404, server.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "x"),
        "Authorization", strangerAuth).statusCode());
    assertFalse(server.get("/api/v1/groups/paris-alumni/events").bodyAsString().contains(id));
    assertFalse(server.get("/g/paris-alumni").bodyAsString().contains("Secret plans"));
    assertFalse(server.get("/").bodyAsString().contains("Secret plans"));
    assertEquals(200, server.get("/api/v1/events/" + id, "Authorization", auth).statusCode());
    assertTrue(server.get("/api/v1/groups/paris-alumni/events", "Authorization", auth)
        .bodyAsString().contains(id));

    var published = server.patchJson("/api/v1/events/" + id,
        new JsonObject().put("status", "published"), "Authorization", auth);
    assertEquals(200, published.statusCode());
    assertEquals(200, server.get("/e/" + id).statusCode());
  }

  @Test
  void patchChangesOnlyTheFieldsSent() {
    JsonObject e = server.createEvent(token, "paris-alumni", event().put("title", "Before"));
    String id = e.getString("id");
    var r = server.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "After")
        .put("capacity", null).put("startsAt", "2030-06-12T19:30"), "Authorization", auth);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject after = r.bodyAsJsonObject();
    assertEquals("After", after.getString("title"));
    assertNull(after.getInteger("capacity"), "null clears the limit");
    assertEquals("2030-06-12T19:30", after.getString("startsAt"));
    assertEquals("Le Toit", after.getString("venue"));
    assertEquals("Europe/Paris", after.getString("timeZone"));
    assertNotEquals(e.getInteger("sequence"), after.getInteger("sequence"),
        "a new time is a change calendars must notice");
    var bad = server.patchJson("/api/v1/events/" + id, new JsonObject().put("endsAt",
        "2030-06-12T10:00"), "Authorization", auth);
    assertEquals(400, bad.statusCode());
    assertTrue(details(bad).containsKey("endsAt"));
    var unknown = server.patchJson("/api/v1/events/" + id, new JsonObject().put("id", "mine"),
        "Authorization", auth);
    assertEquals("unknown field", details(unknown).getString("id"));
  }

  @Test
  void onlyTheGroupsOrganizersChangeItsEvents() {
    String id = server.createEvent(token, "paris-alumni", new JsonObject()).getString("id");
    assertEquals(403, server.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "Mine"),
        "Authorization", strangerAuth).statusCode());
    assertEquals(403, server.send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/events/" + id + "/cancel", null, "Authorization", strangerAuth).statusCode());
    assertEquals(401, server.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "Mine"))
        .statusCode());
    assertEquals(403, server.postJson("/api/v1/groups/paris-alumni/events", event(),
        "Authorization", strangerAuth).statusCode());
    assertEquals(404, server.postJson("/api/v1/groups/no-such-group/events", event(),
        "Authorization", auth).statusCode());
    assertEquals("Winter mixer", server.get("/api/v1/events/" + id).bodyAsJsonObject()
        .getString("title"));
  }

  @Test
  void aCancelledEventStaysUpMarkedCancelled() {
    String id = server.createEvent(token, "paris-alumni", new JsonObject()
        .put("title", "Picnic")).getString("id");
    var r = server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/events/" + id + "/cancel",
        null, "Authorization", auth);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("cancelled", r.bodyAsJsonObject().getString("status"));
    assertEquals("cancelled", server.get("/api/v1/events/" + id).bodyAsJsonObject()
        .getString("status"));
    var page = server.get("/e/" + id);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("This event was cancelled."));
    assertTrue(server.get("/g/paris-alumni").bodyAsString().contains("badge-cancelled"));
    var again = server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/events/" + id + "/cancel",
        null, "Authorization", auth);
    assertEquals(200, again.statusCode(), "cancelling twice is harmless");
  }

  @Test
  void theEventPageShowsLocalTimeWithTheZoneNamed() {
    String id = server.createEvent(token, "paris-alumni", new JsonObject()
        .put("startsAt", "2030-07-04T18:00").put("endsAt", "2030-07-04T20:00")
        .put("timeZone", "America/New_York").put("description", "<script>alert(1)</script> **bold**"))
        .getString("id");
    String page = server.get("/e/" + id).bodyAsString();
    assertTrue(page.contains("Thu 4 Jul 2030, 18:00–20:00 (New York time)"), page);
    assertTrue(page.contains("datetime=\"2030-07-04T22:00:00Z\""));
    assertFalse(page.contains("<script>alert(1)</script>"), "descriptions are escaped");
    assertTrue(page.contains("<strong>bold</strong>"));
  }
}
