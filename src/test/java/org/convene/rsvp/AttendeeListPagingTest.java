package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organizer's list of everyone grows with the event: the API pages it ({@code ?limit=&after=},
 * answered with {@code next}) and the CSV export is written a page at a time, so a 20,000-person
 * event costs neither a huge answer nor a huge buffer.
 */
class AttendeeListPagingTest {
  static TestServer server;
  static String bearer;
  static String event;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String token = server.organizerToken("paging@example.org");
    bearer = "Bearer " + token;
    server.createGroup(token, "paging");
    event = server.createEvent(token, "paging", new JsonObject()).getString("id");
    // a big crowd written directly: what is tested is reading it back, not taking RSVPs
    TestDb.execute(server.db, """
        INSERT INTO rsvps (event_id, token, email, name, response, status)
        SELECT '%s', 'tok' || lpad(g::text, 20, '0'), 'p' || g || '@example.org', 'Person ' || g,
          'going', 'going'
        FROM generate_series(1, 20000) g""".formatted(event));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pagesCoverEveryoneOnceInArrivalOrderAndCarryNoManageLink() {
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      var r = server.get("/api/v1/events/" + event + "/rsvps?limit=500"
          + (after == null ? "" : "&after=" + after), "Authorization", bearer);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject page = r.bodyAsJsonObject();
      assertEquals(20000, page.getJsonObject("counts").getInteger("going"));
      for (Object o : page.getJsonArray("items")) {
        JsonObject item = (JsonObject) o;
        assertTrue(seen.add(item.getString("id")), "no one twice");
        assertNull(item.getString("manageUrl"));
        assertNull(item.getString("token"));
      }
      assertTrue(page.getJsonArray("items").size() <= 500);
      after = page.getString("next");
      pages++;
    } while (after != null);
    assertEquals(20000, seen.size());
    assertEquals(40, pages);
    var first = server.get("/api/v1/events/" + event + "/rsvps", "Authorization", bearer)
        .bodyAsJsonObject();
    assertEquals(100, first.getJsonArray("items").size(), "a page of 100 unless asked");
  }

  @Test
  void aBadCursorOrLimitIsA400NamingIt() {
    var r = server.get("/api/v1/events/" + event + "/rsvps?limit=0", "Authorization", bearer);
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsJsonObject().getJsonObject("details").containsKey("limit"));
    var c = server.get("/api/v1/events/" + event + "/rsvps?after=x'", "Authorization", bearer);
    assertEquals(400, c.statusCode());
    assertTrue(c.bodyAsJsonObject().getJsonObject("details").containsKey("after"));
  }

  @Test
  void theCsvOfTwentyThousandIsStreamedWhole() {
    var csv = server.get("/api/v1/events/" + event + "/rsvps.csv", "Authorization", bearer);
    assertEquals(200, csv.statusCode());
    assertEquals("chunked", csv.getHeader("Transfer-Encoding"), "written as it is read");
    String body = csv.bodyAsString();
    assertEquals(20001, body.lines().count(), "a header and everyone");
    assertTrue(body.contains("\"Person 20000\""));
  }
}
