package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Any stranger can sign up: a fresh account may create only so much a day (events, and seats,
 * each of which is a row), and no event may be larger than the ceiling. Older accounts are not
 * held to the daily quota.
 */
class QuotaTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDb.fresh(), Map.of("NEW_ACCOUNT_EVENTS_PER_DAY", "3",
        "NEW_ACCOUNT_SEATS_PER_DAY", "1000", "MAX_EVENT_CAPACITY", "500"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static int create(String token, String group, JsonObject extra) {
    JsonObject body = new JsonObject().put("title", "Quota").put("startsAt", "2030-01-15T18:30")
        .put("endsAt", "2030-01-15T21:00").put("timeZone", "Europe/Berlin").mergeIn(extra);
    return server.postJson("/api/v1/groups/" + group + "/events", body,
        "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void aNewAccountCreatesAFewEventsADayAndNoneLargerThanTheCeiling() {
    String token = server.organizerToken("fresh@example.org");
    server.createGroup(token, "fresh");
    var tooBig = server.postJson("/api/v1/groups/fresh/events", new JsonObject().put("title", "X")
        .put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T21:00")
        .put("timeZone", "Europe/Berlin").put("capacity", 501), "Authorization", "Bearer " + token);
    assertEquals(400, tooBig.statusCode());
    assertTrue(tooBig.bodyAsJsonObject().getJsonObject("details").getString("capacity")
        .contains("500"), tooBig.bodyAsString());
    assertEquals(201, create(token, "fresh", new JsonObject().put("capacity", 500)));
    assertEquals(201, create(token, "fresh", new JsonObject().put("capacity", 400)));
    var seats = server.postJson("/api/v1/groups/fresh/events", new JsonObject().put("title", "X")
        .put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T21:00")
        .put("timeZone", "Europe/Berlin").put("capacity", 200), "Authorization", "Bearer " + token);
    assertEquals(429, seats.statusCode(), "900 + 200 seats is over the 1,000 a day");
    assertEquals("seat_quota", seats.bodyAsJsonObject().getString("error"));
    assertEquals(201, create(token, "fresh", new JsonObject()), "an event without a limit costs no seats");
    var fourth = server.postJson("/api/v1/groups/fresh/events", new JsonObject().put("title", "X")
        .put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T21:00")
        .put("timeZone", "Europe/Berlin"), "Authorization", "Bearer " + token);
    assertEquals(429, fourth.statusCode());
    assertEquals("event_quota", fourth.bodyAsJsonObject().getString("error"));
    assertEquals("3", TestDb.queryOne(server.db, "SELECT count(*) FROM events e JOIN accounts a "
        + "ON a.id = e.created_by WHERE a.email = 'fresh@example.org'"), "nothing half-written");
  }

  @Test
  void theWebFormSaysSoAndKeepsWhatWasTyped() {
    String token = server.organizerToken("web-fresh@example.org");
    server.createGroup(token, "web-fresh");
    for (int i = 0; i < 3; i++) assertEquals(201, create(token, "web-fresh", new JsonObject()));
    WebSession web = new WebSession(server);
    web.logIn("web-fresh@example.org", "correct horse battery");
    var r = web.submit("/organize/g/web-fresh/events/new", "/organize/g/web-fresh/events",
        "title", "One too many", "startsAt", "2030-02-01T18:00", "endsAt", "2030-02-01T20:00",
        "timeZone", "Europe/Berlin", "guestsAllowed", "0", "status", "draft");
    assertEquals(429, r.statusCode());
    assertTrue(r.bodyAsString().contains("A new account can create 3 events a day"), r.bodyAsString());
    assertTrue(r.bodyAsString().contains("value=\"One too many\""), "what was typed is kept");
  }

  @Test
  void anOlderAccountIsNotHeldToTheDailyQuota() {
    String token = server.organizerToken("old@example.org");
    server.createGroup(token, "old");
    TestDb.execute(server.db, "UPDATE accounts SET created_at = now() - interval '60 days' "
        + "WHERE email = 'old@example.org'");
    for (int i = 0; i < 5; i++) assertEquals(201, create(token, "old", new JsonObject().put("capacity", 400)));
  }
}
