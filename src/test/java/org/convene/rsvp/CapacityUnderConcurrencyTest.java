package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overbooking guarantee, proved the hard way: hundreds of RSVPs at once, through two server
 * instances sharing one database, must fill exactly the capacity and queue everyone else in order.
 */
class CapacityUnderConcurrencyTest {
  static Database.Target db;
  static TestServer one;
  static TestServer two;
  static String token;

  @BeforeAll
  static void start() {
    db = TestDb.fresh();
    one = TestServer.start(db, Map.of());
    two = TestServer.start(db, Map.of());
    token = one.organizerToken("crowd@example.org");
    one.createGroup(token, "reunion");
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
  }

  @Test
  void fiveHundredConcurrentRsvpsNeverOverbookAFiftySeatEvent() throws Exception {
    JsonObject event = one.createEvent(token, "reunion",
        new JsonObject().put("capacity", 50).put("guestsAllowed", 2));
    String id = event.getString("id");
    int n = 520;
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestServer via = i % 2 == 0 ? one : two;
      JsonObject body = new JsonObject().put("name", "Guest " + i)
          .put("email", "person" + i + "@example.org").put("response", "going")
          .put("guests", i % 5 == 0 ? 2 : i % 3 == 0 ? 1 : 0);
      sent.add(via.client().post(via.port, "localhost", "/api/v1/events/" + id + "/rsvps")
          .sendJsonObject(body));
    }
    Future.all(sent).await(120, TimeUnit.SECONDS);

    Map<String, Integer> statuses = new HashMap<>();
    List<String> tokens = new ArrayList<>();
    for (var f : sent) {
      HttpResponse<Buffer> r = f.result();
      assertEquals(201, r.statusCode(), r.bodyAsString());
      JsonObject j = r.bodyAsJsonObject();
      statuses.merge(j.getString("status"), 1, Integer::sum);
    }
    for (int i = 0; i < n; i++) tokens.add(one.mailedToken(id, "person" + i + "@example.org"));
    assertEquals(n, statuses.values().stream().mapToInt(Integer::intValue).sum());

    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      ResultSet seats = c.createStatement().executeQuery(
          "SELECT count(*) FROM seats WHERE event_id = '" + id + "' AND rsvp_id IS NOT NULL");
      seats.next();
      assertEquals(50, seats.getInt(1), "every seat taken, none twice");
      ResultSet going = c.createStatement().executeQuery(
          "SELECT coalesce(sum(1 + guests), 0) FROM rsvps WHERE event_id = '" + id + "' AND status = 'going'");
      going.next();
      assertEquals(50, going.getInt(1), "going parties add up to the capacity exactly");
      ResultSet mismatched = c.createStatement().executeQuery("""
          SELECT count(*) FROM rsvps r WHERE r.event_id = '%s' AND
            (SELECT count(*) FROM seats s WHERE s.rsvp_id = r.id)
              <> CASE WHEN r.status = 'going' THEN 1 + r.guests ELSE 0 END""".formatted(id));
      mismatched.next();
      assertEquals(0, mismatched.getInt(1), "each going party holds exactly its seats");
    }

    // everyone not going waits in line, positions 1..n without gaps or duplicates
    List<Integer> positions = new ArrayList<>();
    int going = 0;
    for (String t : tokens) {
      JsonObject r = (tokens.indexOf(t) % 2 == 0 ? one : two).get("/api/v1/rsvps/" + t).bodyAsJsonObject();
      if ("going".equals(r.getString("status"))) going++;
      else {
        assertEquals("waitlisted", r.getString("status"));
        positions.add(r.getInteger("waitlistPosition"));
      }
    }
    positions.sort(Integer::compare);
    for (int i = 0; i < positions.size(); i++) assertEquals(i + 1, positions.get(i));
    assertEquals(n, going + positions.size());
    assertTrue(going >= 17, "at least 50/3 parties are seated: " + going);

    JsonObject after = one.get("/api/v1/events/" + id).bodyAsJsonObject();
    assertEquals(0, after.getInteger("seatsLeft"));
  }

  @Test
  void concurrentCancellationsPromoteTheWaitlistInArrivalOrder() throws Exception {
    JsonObject event = one.createEvent(token, "reunion", new JsonObject().put("capacity", 10));
    String id = event.getString("id");
    List<String> seated = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      JsonObject r = one.postJson("/api/v1/events/" + id + "/rsvps", new JsonObject()
          .put("name", "P" + i).put("email", "p" + i + "@example.org").put("response", "going"))
          .bodyAsJsonObject();
      (i < 10 ? seated : waiting).add(one.mailedToken(id, "p" + i + "@example.org"));
      if (i >= 10) assertEquals(i - 9, r.getInteger("waitlistPosition"));
    }
    List<Future<HttpResponse<Buffer>>> cancels = new ArrayList<>();
    for (int i = 0; i < seated.size(); i++) {
      TestServer via = i % 2 == 0 ? one : two;
      cancels.add(via.client().delete(via.port, "localhost", "/api/v1/rsvps/" + seated.get(i)).send());
    }
    Future.all(cancels).await(60, TimeUnit.SECONDS);
    for (var f : cancels) assertEquals(204, f.result().statusCode());

    for (int i = 0; i < waiting.size(); i++) {
      JsonObject r = one.get("/api/v1/rsvps/" + waiting.get(i)).bodyAsJsonObject();
      if (i < 10) {
        assertEquals("going", r.getString("status"), "first ten in line promoted, #" + i);
      } else {
        assertEquals("waitlisted", r.getString("status"));
        assertEquals(i - 9, r.getInteger("waitlistPosition"), "the rest move up in order");
      }
    }
  }
}
