package org.convene.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organizer's attendee list in the API comes a page at a time, each person once. */
class AttendeesPagingTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pagesCoverEveryAttendeeOnce() {
    String token = server.organizerToken("pages@people.test");
    server.createGroup(token, "attendee-pages");
    String event = server.createEvent(token, "attendee-pages", new JsonObject()).getString("id");
    TestDb.execute(server.db, """
        INSERT INTO rsvps (event_id, token, email, name, response, status)
        SELECT '%s', 'tok' || lpad(g::text, 20, '0'), 'a' || g || '@people.test', 'A ' || g,
          'going', 'going' FROM generate_series(1, 250) g""".formatted(event));
    Set<String> seen = new HashSet<>();
    String after = "";
    int pages = 0;
    while (after != null) {
      var r = server.get("/api/v1/events/" + event + "/attendees?limit=100&after=" + after,
          "Authorization", "Bearer " + token);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject page = r.bodyAsJsonObject();
      for (Object o : page.getJsonArray("attendees")) {
        assertTrue(seen.add(((JsonObject) o).getString("id")), "each once");
      }
      after = page.getString("next");
      pages++;
    }
    assertEquals(250, seen.size());
    assertEquals(3, pages);
    assertEquals(400, server.get("/api/v1/events/" + event + "/attendees?limit=9999",
        "Authorization", "Bearer " + token).statusCode());
  }
}
